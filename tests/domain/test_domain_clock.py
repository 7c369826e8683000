from datetime import UTC, datetime, timedelta, timezone

import pytest

from service.domain.clock import Clock, FakeClock, SystemClock


def test_system_clock_is_aware_utc() -> None:
    before = datetime.now(UTC)
    now = SystemClock().now()
    assert now.tzinfo is UTC
    assert before <= now <= datetime.now(UTC)


def test_fake_clock_satisfies_protocol_and_stores_utc() -> None:
    start = datetime(2026, 3, 29, 3, 0, tzinfo=timezone(timedelta(hours=2)))
    clock: Clock = FakeClock(start)
    assert clock.now() == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert clock.now().tzinfo is UTC


def test_fake_clock_rejects_naive() -> None:
    with pytest.raises(ValueError):
        FakeClock(datetime(2026, 1, 1))
    clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError):
        clock.set(datetime(2026, 1, 1))


def test_fake_clock_advance() -> None:
    clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
    assert clock.advance(hours=3) == datetime(2026, 1, 1, 3, tzinfo=UTC)
    clock.advance(timedelta(minutes=30))
    clock.advance(timedelta(days=1), minutes=1.5)
    assert clock.now() == datetime(2026, 1, 2, 3, 31, 30, tzinfo=UTC)
    clock.advance()
    assert clock.now() == datetime(2026, 1, 2, 3, 31, 30, tzinfo=UTC)


def test_fake_clock_never_goes_backwards_except_set() -> None:
    clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError):
        clock.advance(hours=-1)
    with pytest.raises(ValueError):
        clock.advance(timedelta(hours=1), hours=-2)
    assert clock.now() == datetime(2026, 1, 1, tzinfo=UTC)
    clock.set(datetime(2025, 6, 1, 12, tzinfo=UTC))
    assert clock.now() == datetime(2025, 6, 1, 12, tzinfo=UTC)
