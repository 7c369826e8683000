"""The side-effect diary end to end (issue 13): each side effect with the day it started and the
day it ended, asked at day 7 and week 4 and closable any time with /side_effects; unanswered
stays unanswered; the export, the report's data and the FHIR Bundle carry the rows."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from service.bot.botox.payloads import SideEffectDayTap
from service.db.engine import Database
from service.db.models import BotoxCycle, Patient, SideEffect
from service.domain.summary import cycle_rows
from service.reports import fhir
from service.reports.data import load_record
from tests.botox_steps import log_botox
from tests.conftest import Harness, onboard
from tests.emulator import BotMessage, FakeUser
from tests.test_botox import labels
from tests.test_data_rights import open_export, read_csv
from tests.test_fhir import EXPORTED, SEED, of_type, validate


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def diary(db: Database) -> list[tuple[str, date | None, date | None]]:
    """Every side-effect row: (code, started, ended), in the order recorded."""
    async with db.transaction() as session:
        rows = (await session.exec(select(SideEffect).order_by(col(SideEffect.id)))).all()
    return [(r.effect, r.started_on, r.ended_on) for r in rows]


async def the_cycle(db: Database) -> BotoxCycle:
    async with db.transaction() as session:
        return (await session.exec(select(BotoxCycle).order_by(col(BotoxCycle.id)))).all()[-1]


async def day_seven(harness: Harness, chat_id: int) -> tuple[FakeUser, BotMessage]:
    """A patient (UTC) who logged /botox on Mon 23 Nov; the day-7 question on Mon 30 Nov."""
    user = harness.user(chat_id)
    await onboard(harness, chat_id, zone="UTC", at=None)
    await log_botox(user, "/botox")
    harness.clock.set(utc(2026, 11, 30, 10, 0))
    assert (await harness.run_due()).sent == 1
    question = await user.next_message()
    assert "Has the effect started?" in question.text
    return user, question


async def test_day_seven_tick_asks_when_it_started_and_stores_the_day(
    harness: Harness, db: Database
) -> None:
    user, question = await day_seven(harness, 13001)
    asked = await user.press("☐ Drooping eyelid")
    assert asked.is_edit and asked.message_id == question.message_id
    assert "When did “Drooping eyelid” start?" in asked.text
    # Today, yesterday, the two days before, and "type a date"; the question stays usable.
    for label in ("Today", "Yesterday", "Sat 28 Nov", "Fri 27 Nov", "📝 Another day"):
        assert label in labels(asked), label
    assert "☑ Drooping eyelid" in labels(asked) and "Yes" in labels(asked)
    assert await diary(db) == [("ptosis", None, None)]  # stored at once
    saved = await user.press("Yesterday")
    assert "When did" not in saved.text and "Today" not in labels(saved)
    assert "Side effects: Drooping eyelid (since Sun 29 Nov)" in saved.text
    assert await diary(db) == [("ptosis", date(2026, 11, 29), None)]
    await user.press("Yes")
    done = await user.press("✅ Done")
    assert "Side effects: Drooping eyelid (since Sun 29 Nov)" in done.text
    assert "/side_effects" in done.text
    cycle = await the_cycle(db)
    assert cycle.onset == "yes" and cycle.side_effects_day7_at is not None
    # Unticking a side effect ticked by mistake removes it.
    await user.press("✏️ Change")
    await user.press("☑ Drooping eyelid")
    assert await diary(db) == []


async def test_week_four_asks_still_there_and_records_the_day_one_ended(
    harness: Harness, db: Database
) -> None:
    user, _ = await day_seven(harness, 13002)
    await user.press("☐ Drooping eyelid")
    await user.press("Today")
    await user.press("☐ Dry, watering or irritated eye")
    await user.press("Yesterday")
    await user.press("✅ Done")
    harness.clock.set(utc(2026, 12, 21, 10, 0))
    assert (await harness.run_due()).sent == 1
    week4 = await user.next_message()
    assert "4 weeks since" in week4.text and "still there?" in week4.text
    assert "• Drooping eyelid (since Mon 30 Nov)" in week4.text
    shown = labels(week4)
    for effect in ("Drooping eyelid", "Dry, watering or irritated eye"):
        at = shown.index(f"☑ {effect}")
        assert shown[at + 1] == f"🏁 It has ended: {effect}"
    # The eye: still there.
    kept = await user.press("☑ Dry, watering or irritated eye")
    assert (await user.next_callback_answer()).text == "Saved: still there."
    assert (
        kept.is_edit and "✓ Dry, watering or irritated eye: still there on Mon 21 Dec" in kept.text
    )
    assert (await the_cycle(db)).side_effects_week4_at is not None
    # The eyelid: ended two days ago.
    asked = await user.press("🏁 It has ended: Drooping eyelid")
    assert "When did “Drooping eyelid” end?" in asked.text
    ended = await user.press("Sat 19 Dec")
    assert "Drooping eyelid (Mon 30 Nov – Sat 19 Dec)" in ended.text
    assert "🏁 It has ended: Drooping eyelid" not in labels(ended)
    assert "☐ Drooping eyelid" in labels(ended)  # ended: it could start again
    await user.press("3 · Good")
    done = await user.press("✅ Done")
    assert "Effect: 3 · Good" in done.text
    assert (
        "Side effects: Drooping eyelid (Mon 30 Nov – Sat 19 Dec), dry, watering or irritated "
        "eye (since Sun 29 Nov)" in done.text
    )
    assert await diary(db) == [
        ("ptosis", date(2026, 11, 30), date(2026, 12, 19)),
        ("eye", date(2026, 11, 29), None),
    ]


async def test_side_effects_command_closes_one_with_a_typed_date_and_refuses_bad_days(
    harness: Harness, db: Database
) -> None:
    user, _ = await day_seven(harness, 13003)
    await user.press("☐ Double vision")
    shown = await user.press("Sat 28 Nov")
    assert "contact your care team now" in shown.text  # still there: urgent
    await user.press("✅ Done")
    harness.clock.set(utc(2026, 12, 4, 12, 0))  # Fri 4 Dec
    listed = await user.say("/side_effects")
    assert "Side effects after your injection on Mon 23 Nov:" in listed.text
    assert "• Double vision (since Sat 28 Nov)" in listed.text
    assert labels(listed) == ["🏁 It has ended: Double vision", "➕ Add a side effect"]
    asked = await user.press("🏁 It has ended: Double vision")
    assert "When did “Double vision” end?" in asked.text
    # Not before it started: the picker offers nothing before Sat 28 Nov.
    assert "Thu 26 Nov" not in labels(asked)
    prompt = await user.press("📝 Another day")
    assert "When did “Double vision” end? Type the day" in prompt.text
    # A day still to come, one before it started, one before the injection: each refused.
    future = await user.say("tomorrow")
    assert "still to come" in future.text and "Type another day" in future.text
    before_start = await user.say("27 Nov")
    assert "before it started (Sat 28 Nov)" in before_start.text
    unreadable = await user.say("soonish")
    assert "couldn't read “soonish” as a day" in unreadable.text
    assert await diary(db) == [("diplopia", date(2026, 11, 28), None)]
    # 1/12 could be 1 December or 12 January: read back, stored only once chosen.
    both = await user.say("1/12")
    assert "“1/12” could be either of these days" in both.text
    assert labels(both) == ["Mon 12 Jan", "Tue 1 Dec"]
    assert await diary(db) == [("diplopia", date(2026, 11, 28), None)]
    closed = await user.press("Tue 1 Dec")
    assert "• Double vision (Sat 28 Nov – Tue 1 Dec)" in closed.text
    assert "contact your care team now" not in closed.text  # it has ended
    assert labels(closed) == ["➕ Add a side effect"]
    assert await diary(db) == [("diplopia", date(2026, 11, 28), date(2026, 12, 1))]
    # Adding one: which, then when it started; a day before the injection is refused.
    which = await user.press("➕ Add a side effect")
    assert "Which side effect" in which.text
    added = await user.press("Blurred vision")
    assert "When did “Blurred vision” start?" in added.text
    await user.press("📝 Another day")
    refused = await user.say("20 Nov")
    assert "before your injection on Mon 23 Nov" in refused.text
    stored = await user.say("Wednesday")
    assert "• Blurred vision (since Wed 2 Dec)" in stored.text
    assert await diary(db) == [
        ("diplopia", date(2026, 11, 28), date(2026, 12, 1)),
        ("blurred", date(2026, 12, 2), None),
    ]


async def test_a_tapped_day_before_the_injection_or_in_the_future_gets_a_clear_reply(
    harness: Harness, db: Database
) -> None:
    """An older picker (or one reading of a date that could be two) may offer a day that does
    not fit: the day is refused with why, and the picker stays."""
    user, _ = await day_seven(harness, 13006)
    await user.press("☐ Drooping mouth or drooling")
    await user.press("Today")  # Mon 30 Nov
    harness.clock.set(utc(2026, 12, 2, 12, 0))
    await user.say("/side_effects")
    asked = await user.press("🏁 It has ended: Drooping mouth or drooling")
    assert labels(asked)[:3] == ["Today", "Yesterday", "Mon 30 Nov"]
    async with db.transaction() as session:
        (row,) = (await session.exec(select(SideEffect))).all()
    assert row.id is not None
    for day, said in (
        (20261120, "before your injection on Mon 23 Nov"),
        (20261129, "before it started (Mon 30 Nov)"),
        (20261210, "still to come"),
    ):
        await user.tap_data(asked.message_id, SideEffectDayTap(row.id, "e", "d", day).encode())
        refused = await user.next_message()
        assert said in refused.text, day
        assert "When did “Drooping mouth or drooling” end?" in refused.text
        assert "Today" in labels(refused)
    assert await diary(db) == [("mouth", date(2026, 11, 30), None)]


async def test_an_unanswered_day_seven_leaves_no_rows_and_reads_not_answered(
    harness: Harness, db: Database
) -> None:
    user, _ = await day_seven(harness, 13004)
    answered = await user.press("Partly")  # the onset only
    assert "Side effects: not answered" in answered.text
    await harness.advance(days=2)  # the question closes at the end of the day
    assert await diary(db) == []
    cycle = await the_cycle(db)
    assert cycle.onset == "partly" and cycle.side_effects_day7_at is None
    history = await user.say("/botox_history")
    assert "Side effects: not answered" in history.text
    assert "/side_effects" in history.text
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == 13004))).one()
        record = await load_record(session, patient, ZoneInfo("UTC"))
    (row,) = cycle_rows(record.cycles, record.entries, date(2026, 12, 2))
    assert row.cycle.side_effects is None and row.side_effect_spans == ()
    # "None of these" is one tap, and reads "none" (not "not answered").
    listed = await user.say("/side_effects")
    assert "None recorded." in listed.text


async def test_none_of_these_is_one_tap_and_the_report_gets_spans_and_codes(
    harness: Harness, db: Database
) -> None:
    user, _ = await day_seven(harness, 13007)
    none = await user.press("No side effects")
    assert "Side effects: none" in none.text and "✓ No side effects" in labels(none)
    assert await diary(db) == []
    await user.press("☐ Eye won't close fully")
    await user.press("Yesterday")
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == 13007))).one()
        record = await load_record(session, patient, ZoneInfo("UTC"))
    (row,) = cycle_rows(record.cycles, record.entries, date(2026, 11, 30))
    assert row.cycle.side_effects == ("closure",)
    assert [(s.effect, s.started_on, s.ended_on) for s in row.side_effect_spans] == [
        ("closure", date(2026, 11, 29), None)
    ]


async def test_export_and_fhir_hold_the_diary_rows(harness: Harness, db: Database) -> None:
    user, _ = await day_seven(harness, 13005)
    await user.press("☐ Drooping eyelid")
    await user.press("Sat 28 Nov")
    await user.press("✅ Done")
    reply = await user.say("/export")
    _, files = open_export(reply)
    header, rows = read_csv(files["side_effect.csv"])
    assert {"effect", "started_on", "ended_on", "cycle_id"} <= set(header)
    assert [(r["effect"], r["started_on"], r["ended_on"]) for r in rows] == [
        ("ptosis", "2026-11-28", "")
    ]
    bundle = json.loads(files["fhir.json"])
    validate(bundle)
    (observation,) = [
        o for o in of_type(bundle, "Observation") if o["code"]["coding"][0]["code"] == "ptosis"
    ]
    assert observation["effectivePeriod"] == {"start": "2026-11-28"}
    (procedure_entry,) = [
        e for e in bundle["entry"] if e["resource"]["resourceType"] == "Procedure"
    ]
    assert observation["partOf"] == [{"reference": procedure_entry["fullUrl"]}]


def test_fhir_side_effects_carry_their_period_or_say_the_days_are_unknown() -> None:
    tables = {
        "patient": [{"id": 1, "language": "en"}],
        "botoxcycle": [{"id": 3, "injected_on": "2026-11-03", "units": 50}],
        "side_effect": [
            {
                "id": 1,
                "cycle_id": 3,
                "effect": "diplopia",
                "started_on": "2026-11-05",
                "ended_on": "2026-11-12",
            },
            {"id": 2, "cycle_id": 3, "effect": "ptosis", "started_on": None, "ended_on": None},
        ],
    }
    bundle = fhir.bundle(tables, exported_at=EXPORTED, today=date(2026, 11, 24), seed=SEED)
    validate(bundle)
    dated, legacy = of_type(bundle, "Observation")
    assert dated["effectivePeriod"] == {"start": "2026-11-05", "end": "2026-11-12"}
    assert dated["code"]["text"] == "Double vision" and dated["valueBoolean"] is True
    assert "effectivePeriod" not in legacy
    assert "not recorded" in legacy["note"][0]["text"]


def test_the_buttons_side_effects_are_the_record_s() -> None:
    """The codes the buttons carry are the domain's list (the report and FHIR read those)."""
    from service.bot.botox.payloads import SIDE_EFFECTS, URGENT_SIDE_EFFECTS
    from service.domain.side_effects import CODES, URGENT

    assert SIDE_EFFECTS == CODES and URGENT_SIDE_EFFECTS == URGENT <= set(CODES)
