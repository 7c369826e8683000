"""Issue 12 (conversation gaps): nothing a patient entered is lost, forgiving answers, the set-up
and /settings, late check-ins, time zones in words, plurals. End to end with the patient's words."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from service.db.engine import Database
from service.db.models import Checkin
from tests.conftest import Harness, onboard
from tests.test_report import pdf_text
from tests.test_summary import add_cycles


async def checkins(db: Database) -> list[Checkin]:
    async with db.transaction() as session:
        return list((await session.exec(select(Checkin).order_by(Checkin.id))).all())


async def rate_all(user: object, *labels: str) -> None:
    for label in labels:
        await user.press(label)  # type: ignore[attr-defined]


# ---- 1. wrong data ------------------------------------------------------------------------------
async def test_changing_todays_checkin_keeps_the_earlier_note(
    harness: Harness, db: Database
) -> None:
    user = harness.user(12001)
    await onboard(harness, 12001, zone="Europe/Berlin")
    await user.say("/checkin")
    await rate_all(user, "2", "2", "1", "1")
    done = await user.say("Stress at work")
    assert "Note: Stress at work" in done.text
    await user.press("✏️ Change today's answers")
    await rate_all(user, "3", "3", "✓ 1", "2")
    harness.clock.advance(minutes=5)  # 06:05 UTC = 07:05 in Berlin
    done = await user.say("Slept badly too")
    assert "Your earlier note is kept" in done.text
    assert "Note: Stress at work\n[07:05] Slept badly too" in done.text
    (checkin,) = await checkins(db)
    assert checkin.note == "Stress at work\n[07:05] Slept badly too"
    assert (checkin.frequency, checkin.severity, checkin.impact) == (3, 3, 2)


async def test_pdf_says_not_answered_for_side_effects_never_answered(
    harness: Harness, db: Database
) -> None:
    user = harness.user(12002)
    await onboard(harness, 12002, zone="Europe/Berlin")
    await add_cycles(db, 12002, date(2026, 6, 6), units=40)  # side effects never answered
    await add_cycles(db, 12002, date(2026, 9, 4), units=50, side_effects=[])  # "none"
    reply = await user.say("/report all")
    assert reply.document is not None
    _, text, _ = pdf_text(reply.document)
    flat = " ".join(text.split())
    june = flat.split("2026-06-06 40", 1)[1].split("2026-09-04 50", 1)[0]
    assert "not answered" in june and "none" not in june
    september = flat.split("2026-09-04 50", 1)[1][:120]
    assert "none" in september and "not answered" not in september
