"""Outcome questionnaires end to end: the monthly SMC grade, PGIC after /botox and after
/surgery, one follow-up then "unanswered", and HFS-7 only when the operator enables it with
their own wording file."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlmodel import col, select

from service.config import ConfigError, load_settings
from service.db.engine import Database
from service.db.models import BotoxCycle, QuestionnaireResponse, ResponseState, Schedule
from service.reports.questionnaires import latest_responses
from tests.botox_steps import log_botox
from tests.conftest import Harness, onboard
from tests.emulator import BotMessage, FakeUser


@pytest.fixture(autouse=True)
async def _enabled(harness: Harness) -> None:
    """The shipped default (the harness turns questionnaires off for other tests)."""
    harness.overrides["questionnaires_enabled"] = "smc,pgic"
    await harness.restart()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def qn_schedules(db: Database, q: str | None = None) -> list[Schedule]:
    async with db.transaction() as session:
        stmt = select(Schedule).where(Schedule.kind == "qn").order_by(col(Schedule.next_due_at))
        rows = list((await session.exec(stmt)).all())
    return [s for s in rows if q is None or (s.payload or {}).get("q") == q]


async def responses(db: Database) -> list[QuestionnaireResponse]:
    async with db.transaction() as session:
        stmt = select(QuestionnaireResponse).order_by(col(QuestionnaireResponse.id))
        return list((await session.exec(stmt)).all())


def find(messages: list[BotMessage], text: str) -> BotMessage:
    (found,) = [m for m in messages if text in m.text]
    return found


def labels(message: BotMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


async def test_monthly_smc_for_an_existing_patient_at_local_time_answered_by_a_tap(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7001)
    await onboard(harness, 7001, zone="Europe/Berlin", at=None)
    assert await qn_schedules(db) == []  # consented before questionnaires existed
    await harness.restart()  # start-up plans the monthly questionnaire for existing patients
    (smc,) = await qn_schedules(db, "smc")
    # Planned Mon 23 Nov: a week on is the 30th, moved on to the 1st (every month has a 1st);
    # 10:00 in Berlin is 09:00 UTC.
    assert smc.next_due_at == utc(2026, 12, 1, 9, 0) and smc.rule == "FREQ=MONTHLY"
    await harness.restart()
    assert len(await qn_schedules(db, "smc")) == 1, "planned once, not at every start"

    user.drain()
    assert (await harness.advance(days=8, hours=2, minutes=59)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    prompt = await user.next_message()
    assert "Your monthly question (Spasm grade)." in prompt.text
    assert "Which is closest to your spasm over the past week?" in prompt.text
    assert labels(prompt)[:3] == [
        "0 No spasm now",
        "I Around the eye only",
        "II Also mouth, cheek, forehead or neck",
    ]
    assert "⏰ In 30 min" in labels(prompt)
    done = await user.press("II Also mouth")
    assert done.message_id == prompt.message_id  # the same message, edited in place
    assert done.text == "Thank you, saved: II Also mouth, cheek, forehead or neck"
    (row,) = await responses(db)
    assert row.questionnaire == "smc" and row.occasion == "monthly"
    assert row.state == "answered" and row.answers == {"grade": "2"} and row.score == 2
    assert row.due_on == date(2026, 12, 1) and row.answered_at == utc(2026, 12, 1, 9, 0)
    # No follow-up once answered; next month at the same local time.
    assert (await harness.advance(hours=4)).sent == 0
    (smc,) = await qn_schedules(db, "smc")
    assert smc.next_due_at == utc(2027, 1, 1, 9, 0)
    async with db.transaction() as session:
        (result,) = await latest_responses(session, row.patient_id, date(2026, 11, 1))
    assert result.answered and result.score == 2 and result.definition is not None
    assert result.state is ResponseState.ANSWERED


async def test_consent_plans_the_monthly_questionnaire(harness: Harness, db: Database) -> None:
    user = harness.user(7002)
    await user.say("/start")
    await user.press("✅ I agree, let's start")
    (smc,) = await qn_schedules(db, "smc")
    assert smc.next_due_at == utc(2026, 12, 1, 10, 0)  # operator's zone (UTC) until one is set


async def test_pgic_six_weeks_after_botox(harness: Harness, db: Database) -> None:
    user = harness.user(7003)
    await onboard(harness, 7003, zone="UTC", at=None)
    await log_botox(user)
    (pgic,) = await qn_schedules(db, "pgic")
    assert pgic.next_due_at == utc(2027, 1, 4, 10, 0)  # Mon 23 Nov + 6 weeks, 10:00
    assert await qn_schedules(db, "hfs7") == []  # not enabled: never offered
    user.drain()
    await harness.advance(days=42, hours=4)
    prompt = find(user.drain(), "Overall change")
    assert "It is 6 weeks since your injection on Mon 23 Nov (Overall change)." in prompt.text
    assert labels(prompt)[:7] == [
        "Very much better",
        "Much better",
        "A little better",
        "No change",
        "A little worse",
        "Much worse",
        "Very much worse",
    ]
    done = await user.press("Much better", message_id=prompt.message_id)
    assert done.text == "Thank you, saved: Much better"
    (row,) = await responses(db)
    async with db.transaction() as session:
        (cycle,) = (await session.exec(select(BotoxCycle))).all()
    assert (row.questionnaire, row.occasion, row.ref_id) == ("pgic", "6w", cycle.id)
    assert row.anchor_on == date(2026, 11, 23) and row.score == 2 and row.state == "answered"


async def test_undone_injection_asks_nothing(harness: Harness, db: Database) -> None:
    user = harness.user(7004)
    await onboard(harness, 7004, zone="UTC", at=None)
    await log_botox(user)
    await user.press("↩️ Undo")
    user.drain()
    await harness.advance(days=42, hours=4)
    assert [m for m in user.drain() if "Overall change" in m.text] == []
    assert await responses(db) == []


async def test_pgic_after_mvd_at_1_3_6_12_months(harness: Harness, db: Database) -> None:
    user = harness.user(7005)
    await onboard(harness, 7005, zone="Europe/Berlin", at=time(8, 30))
    await user.say("/surgery 20 Nov")
    planned = await qn_schedules(db, "pgic")
    # 08:30 in Berlin: 07:30 UTC in winter, 06:30 UTC in summer.
    assert [s.next_due_at for s in planned] == [
        utc(2026, 12, 20, 7, 30),
        utc(2027, 2, 20, 7, 30),
        utc(2027, 5, 20, 6, 30),
        utc(2027, 11, 20, 7, 30),
    ]
    assert [(s.payload or {})["occasion"] for s in planned] == ["1m", "3m", "6m", "12m"]
    # A new surgery date replaces the plan.
    await user.say("/surgery 21 Nov")
    planned = await qn_schedules(db, "pgic")
    active = [s for s in planned if s.state == "active"]
    assert len(planned) == 8 and len(active) == 4
    assert active[0].next_due_at == utc(2026, 12, 21, 7, 30)
    user.drain()
    await harness.advance(days=28, hours=1, minutes=30)  # Mon 21 Dec 07:30 UTC
    prompt = find(user.drain(), "since your surgery")
    assert "It is 1 month since your surgery on Sat 21 Nov (Overall change)." in prompt.text


async def unanswered_prompt(harness: Harness, user: FakeUser) -> BotMessage:
    await onboard(harness, user.chat_id, zone="UTC", at=None)
    await harness.restart()
    user.drain()
    await harness.advance(days=8, hours=4)  # Tue 1 Dec 10:00 UTC
    return find(user.drain(), "Spasm grade")


async def test_unanswered_gets_one_followup_and_is_stored_unanswered(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7006)
    prompt = await unanswered_prompt(harness, user)
    assert (await harness.advance(hours=2, minutes=59)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    nudge = await user.next_message()
    assert "A gentle reminder: this question is still open." in nudge.text
    assert "Which is closest" in nudge.text and nudge.message_id != prompt.message_id
    for _ in range(4):
        assert (await harness.advance(hours=3)).sent == 0, "one follow-up only"
    (row,) = await responses(db)
    assert row.state == "unanswered" and row.score is None and row.answers == {}
    await user.tap("I Around the eye only", message_id=nudge.message_id)
    answer = await user.next_callback_answer()
    assert answer.text == "This question has closed; nothing was saved for it."
    (row,) = await responses(db)
    assert row.state == "unanswered" and row.score is None
    async with db.transaction() as session:
        (result,) = await latest_responses(session, row.patient_id, date(2026, 11, 1))
    assert not result.answered and result.score is None


async def test_snooze_asks_again(harness: Harness, db: Database) -> None:
    user = harness.user(7007)
    await unanswered_prompt(harness, user)
    snoozed = await user.press("⏰ In 2 hours")
    assert snoozed.text == "Okay, I'll ask again at 12:00."
    assert (await harness.advance(hours=1, minutes=59)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    again = await user.next_message()
    assert "Which is closest" in again.text
    await user.press("0 No spasm now", message_id=again.message_id)
    (row,) = await responses(db)
    assert row.state == "answered" and row.score == 0


def hfs7_wording(folder: Path) -> Path:
    items = "\n".join(f'"{i}" = "Operator item {i}"' for i in range(1, 8))
    answers = "\n".join(f'"{i}" = "{i} operator label"' for i in range(5))
    path = folder / "hfs7.toml"
    path.write_text(f'title = "HFS-7"\n[items]\n{items}\n[answers]\n{answers}\n', "utf-8")
    return folder


def test_hfs7_cannot_be_enabled_without_the_operators_wording(tmp_path: Path) -> None:
    base = {"telegram_bot_token": "123456:ABCDEFGHIJKLMNOP", "questionnaires_enabled": "smc,hfs7"}
    with pytest.raises(ConfigError, match="QUESTIONNAIRE_WORDING_DIR"):
        load_settings(**base)
    (tmp_path / "hfs7.toml").write_text('title = "HFS-7"\n[items]\n"1" = "x"\n[answers]\n')
    with pytest.raises(ConfigError, match="missing"):
        load_settings(**base, questionnaire_wording_dir=tmp_path)
    with pytest.raises(ConfigError, match="known: hfs7, pgic, smc"):
        load_settings(**{**base, "questionnaires_enabled": "smc,hfs30"})


async def test_hfs7_enabled_with_an_operator_wording_file(
    harness: Harness, db: Database, tmp_path: Path
) -> None:
    harness.overrides.update(
        questionnaires_enabled="smc,pgic,hfs7", questionnaire_wording_dir=hfs7_wording(tmp_path)
    )
    await harness.restart()
    user = harness.user(7008)
    await onboard(harness, 7008, zone="UTC", at=None)
    await log_botox(user)
    (hfs7,) = await qn_schedules(db, "hfs7")
    assert hfs7.next_due_at == utc(2027, 1, 4, 10, 0)
    user.drain()
    await harness.advance(days=42, hours=4)
    prompt = find(user.drain(), "(HFS-7)")
    assert "Question 1 of 7" in prompt.text and "Operator item 1" in prompt.text
    assert labels(prompt)[:5] == [f"{i} operator label" for i in range(5)]
    taps = ["1", "2", "3", "0", "4", "1"]
    for number, value in enumerate(taps, start=1):
        shown = await user.press(f"{value} operator label", message_id=prompt.message_id)
        assert shown.message_id == prompt.message_id
        assert f"Question {number + 1} of 7" in shown.text
        assert f"Operator item {number + 1}" in shown.text
    (row,) = [r for r in await responses(db) if r.questionnaire == "hfs7"]
    assert row.state == "open" and row.score is None  # six of seven: no score yet
    done = await user.press("2 operator label", message_id=prompt.message_id)
    assert done.text == "Thank you, saved. Score 13 (from 0 to 28; lower is better)."
    (row,) = [r for r in await responses(db) if r.questionnaire == "hfs7"]
    assert row.state == "answered" and row.score == 13
    assert row.answers == {"1": "1", "2": "2", "3": "3", "4": "0", "5": "4", "6": "1", "7": "2"}


async def test_consent_and_zone_choice_move_the_monthly_questionnaire(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7009)
    await user.say("/start")
    await user.press("✅ I agree, let's start")
    await user.next_message()  # the time-zone question (else "Berlin" may race it)
    set_zone = await user.say("Berlin")
    assert "Berlin" in (set_zone.text or "")
    (smc,) = await qn_schedules(db, "smc")
    assert smc.timezone == "Europe/Berlin" and smc.next_due_at == utc(2026, 12, 1, 9, 0)
