"""Entering a Botox injection in the patient's own words (issue 12): the date read first, units
only from what is left, the note only from the rest; the guided dialog; the read-back before
anything is stored; unlikely values questioned; /botox_interval guided; Botox chosen as a
treatment asks for the last injection. Today is Mon 23 Nov 2026 (UTC)."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from service.bot.feature import TreatmentsChosen, publish
from service.bot.kit import Turn, find_patient, unit_of_work
from service.db.engine import Database
from service.db.models import BotoxCycle, Patient, Schedule
from tests.botox_steps import skip_details
from tests.conftest import Harness, onboard
from tests.emulator import BotMessage

KINDS = ("botox_onset", "botox_effect", "botox_booking", "botox_due")


async def cycles(db: Database) -> list[tuple[date, int | None, str | None]]:
    async with db.transaction() as session:
        rows = (await session.exec(select(BotoxCycle).order_by(BotoxCycle.injected_on))).all()
        return [(c.injected_on, c.units, c.note) for c in rows]


async def booked_for(db: Database) -> set[date]:
    """The injection dates whose reminders are active."""
    async with db.transaction() as session:
        rows = (
            await session.exec(
                select(BotoxCycle.injected_on)
                .join(Schedule, col(Schedule.ref_id) == col(BotoxCycle.id))
                .where(col(Schedule.kind).in_(KINDS), col(Schedule.state) == "active")
            )
        ).all()
        return set(rows)


def labels(message: BotMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


# ---- wrong data stored before (fix first) ----------------------------------------------------
async def test_two_weeks_ago_is_a_date_not_units_and_a_note(
    harness: Harness, db: Database
) -> None:
    user = harness.user(6101)
    await onboard(harness, 6101, zone="UTC", at=None)
    reply = await skip_details(user, await user.say("/botox 2 weeks ago"))
    assert "Botox on Mon 9 Nov 2026, units not given — right?" in reply.text
    assert "Note" not in reply.text
    assert labels(reply) == ["✅ Yes", "✏️ Change"]
    assert await cycles(db) == []  # nothing stored before Yes
    saved = await user.press("✅ Yes")
    assert "Saved: Botox injection on Mon 9 Nov 2026." in saved.text
    assert await cycles(db) == [(date(2026, 11, 9), None, None)]
    assert await booked_for(db) == {date(2026, 11, 9)}


async def test_one_week_after_another_is_questioned_and_only_yes_replans(
    harness: Harness, db: Database
) -> None:
    user = harness.user(6102)
    await onboard(harness, 6102, zone="UTC", at=None)
    await skip_details(user, await user.say("/botox 2 weeks ago"))
    await user.press("✅ Yes")
    reply = await skip_details(user, await user.say("/botox 1 week ago"))
    assert "Botox on Mon 16 Nov 2026, units not given — right?" in reply.text
    assert "1 week from your injection on Mon 9 Nov 2026" in reply.text
    assert "unusually soon after your previous injection. Is that right?" in reply.text
    # Not stored, and the real cycle keeps its reminders.
    assert await cycles(db) == [(date(2026, 11, 9), None, None)]
    assert await booked_for(db) == {date(2026, 11, 9)}
    # Change, then the units typed without using Telegram's reply.
    change = await user.press("✏️ Change")
    assert "What should I change?" in change.text
    again = await user.say("50 units")
    assert "Botox on Mon 16 Nov 2026, 50 units (product not recorded) — right?" in again.text
    assert "unusually soon" in again.text  # still questioned
    await user.press("✅ Yes")
    assert await cycles(db) == [(date(2026, 11, 9), None, None), (date(2026, 11, 16), 50, None)]
    assert await booked_for(db) == {date(2026, 11, 16)}


async def test_third_november_has_no_note(harness: Harness, db: Database) -> None:
    user = harness.user(6103)
    await onboard(harness, 6103, zone="UTC", at=None)
    reply = await skip_details(user, await user.say("/botox 3rd November"))
    assert "Botox on Tue 3 Nov 2026, units not given — right?" in reply.text
    assert "Note" not in reply.text
    await user.press("✅ Yes")
    assert await cycles(db) == [(date(2026, 11, 3), None, None)]


async def test_eleven_three_is_asked_with_two_buttons(harness: Harness, db: Database) -> None:
    user = harness.user(6104)
    await onboard(harness, 6104, zone="UTC", at=None)
    reply = await user.say("/botox 11/3/2026")
    assert "“11/3/2026” can be read two ways: 3 Nov 2026 or 11 Mar 2026" in reply.text
    assert labels(reply)[:2] == ["3 Nov 2026", "11 Mar 2026"]
    assert await cycles(db) == []
    back = await skip_details(user, await user.press("3 Nov 2026"))
    assert "Botox on Tue 3 Nov 2026, units not given — right?" in back.text
    await user.press("✅ Yes")
    assert await cycles(db) == [(date(2026, 11, 3), None, None)]


async def test_units_and_note_in_the_patients_words(harness: Harness, db: Database) -> None:
    user = harness.user(6105)
    await onboard(harness, 6105, zone="UTC", at=None)
    for text, read_back in (
        (
            "/botox 3 Nov 50 units left eye",
            "Botox on Tue 3 Nov 2026, 50 units (product not recorded) — right?",
        ),
        (
            "/botox 4 Oct 2026 45u",
            "Botox on Sun 4 Oct 2026, 45 units (product not recorded) — right?",
        ),
        (
            "/botox 1 Sep 2026 fifty units",
            "Botox on Tue 1 Sep 2026, 50 units (product not recorded) — right?",
        ),
        ("/botox 2 Aug 2026 1", "Botox on Sun 2 Aug 2026, 1 unit (product not recorded) — right?"),
    ):
        harness.clock.advance(seconds=11)  # five taps each: not a flood
        reply = await skip_details(user, await user.say(text))
        assert read_back in reply.text, (text, reply.text)
        await user.press("✅ Yes")
    assert await cycles(db) == [
        (date(2026, 8, 2), 1, None),
        (date(2026, 9, 1), 50, None),
        (date(2026, 10, 4), 45, None),
        (date(2026, 11, 3), 50, "left eye"),
    ]


# ---- the guided dialog -----------------------------------------------------------------------
async def test_botox_alone_guides_through_date_units_and_change(
    harness: Harness, db: Database
) -> None:
    user = harness.user(6106)
    await onboard(harness, 6106, zone="UTC", at=None)
    picker = await user.say("/botox")
    assert "When was your Botox injection?" in picker.text
    assert labels(picker) == [
        "Today",
        "Yesterday",
        "Sat 21 Nov",
        "Fri 20 Nov",
        "Thu 19 Nov",
        "Wed 18 Nov",
        "Tue 17 Nov",
        "📅 Another date",
    ]
    product = await user.press("Yesterday")
    assert "Which product was it?" in product.text
    units = await user.press("Don't know")
    assert "How many units did you get on Sun 22 Nov 2026?" in units.text
    assert "Don't know" in labels(units) and "40" in labels(units)
    back = await skip_details(user, await user.press("40"))
    assert "Botox on Sun 22 Nov 2026, 40 units (product not recorded) — right?" in back.text
    await user.press("✏️ Change")
    again = await user.press("💉 Units")
    assert "How many units" in again.text
    back = await user.say("quite a lot")  # not a number: said, still asked
    assert "couldn't read “quite a lot” as units" in back.text and "How many units" in back.text
    back = await user.say("45 units")
    assert "Botox on Sun 22 Nov 2026, 45 units (product not recorded) — right?" in back.text
    await user.press("✏️ Change")
    picker = await user.press("📅 Date")
    prompt = await user.press("📅 Another date")
    assert "Please type the date" in prompt.text
    back = await user.say("last Tuesday")
    assert "Botox on Tue 17 Nov 2026, 45 units (product not recorded) — right?" in back.text
    assert await cycles(db) == []
    saved = await user.press("✅ Yes")
    assert (
        "Saved: Botox injection on Tue 17 Nov 2026 · 45 units (product not recorded)."
        in saved.text
    )
    assert await cycles(db) == [(date(2026, 11, 17), 45, None)]


async def test_dont_know_units_and_an_unreadable_date_keep_the_words(
    harness: Harness, db: Database
) -> None:
    user = harness.user(6107)
    await onboard(harness, 6107, zone="UTC", at=None)
    picker = await user.say("/botox felt fine")
    assert "I found no date in “felt fine”" in picker.text and "Today" in labels(picker)
    wrong = await user.say("sometime")
    assert "couldn't read “sometime” as a date" in wrong.text and "Today" in labels(wrong)
    await user.press("Today")
    units = await user.press("Don't know")  # the product
    back = await skip_details(user, await user.press("Don't know"))
    assert "Botox on Mon 23 Nov 2026, units not given — right?" in back.text
    assert "Note: felt fine" in back.text
    await user.press("✅ Yes")
    assert await cycles(db) == [(date(2026, 11, 23), None, "felt fine")]
    assert "How many units" in units.text


async def test_future_date_points_to_appointment_and_stores_nothing(
    harness: Harness, db: Database
) -> None:
    user = harness.user(6108)
    await onboard(harness, 6108, zone="UTC", at=None)
    reply = await user.say("/botox 3 Dec 2026 50")
    assert "Thu 3 Dec 2026 is in the future" in reply.text and "/appointment" in reply.text
    assert "Yesterday" in labels(reply)
    back = await skip_details(user, await user.say("yesterday"))  # had it already after all
    assert "Botox on Sun 22 Nov 2026, 50 units (product not recorded) — right?" in back.text
    await user.press("✅ Yes")
    assert await cycles(db) == [(date(2026, 11, 22), 50, None)]


async def test_odd_units_are_questioned(harness: Harness, db: Database) -> None:
    user = harness.user(6109)
    await onboard(harness, 6109, zone="UTC", at=None)
    reply = await skip_details(user, await user.say("/botox yesterday 0"))
    assert "0 units is an unusual amount. Is that right?" in reply.text
    reply = await skip_details(user, await user.say("/botox yesterday 500 units"))
    assert "500 units is an unusual amount" in reply.text
    reply = await skip_details(user, await user.say("/botox yesterday 50"))
    assert "unusual" not in reply.text
    reply = await user.say("/botox yesterday 5000")
    assert (
        "“5000” units" in reply.text and "How many units did you get on Sun 22 Nov" in reply.text
    )
    assert await cycles(db) == []


async def test_an_older_read_back_does_nothing(harness: Harness, db: Database) -> None:
    user = harness.user(6110)
    await onboard(harness, 6110, zone="UTC", at=None)
    old = await skip_details(user, await user.say("/botox 3 Nov"))
    await skip_details(user, await user.say("/botox 4 Nov"))
    user.drain_events()  # the detail steps' answers
    await user.tap("✅ Yes", message_id=old.message_id)
    answer = await user.next_callback_answer()
    assert answer.text is not None and "expired" in answer.text
    assert await cycles(db) == []
    await user.press("✅ Yes")
    assert await cycles(db) == [(date(2026, 11, 4), None, None)]


# ---- /botox_interval -------------------------------------------------------------------------
async def test_interval_guided_with_buttons_and_typed_months(
    harness: Harness, db: Database
) -> None:
    user = harness.user(6111)
    await onboard(harness, 6111, zone="UTC", at=None)
    ask = await user.say("/botox_interval")
    assert "every 12 weeks" in ask.text
    assert labels(ask) == [
        "10 weeks",
        "12 weeks",
        "14 weeks",
        "16 weeks",
        "I don't know (keep 12)",
    ]
    kept = await user.press("I don't know (keep 12)")
    assert "I'll keep every 12 weeks" in kept.text
    ask = await user.say("/botox_interval every now and then")
    assert "“every now and then” isn't an interval I can use" in ask.text
    done = await user.say("3 months")
    assert "Done: every 13 weeks." in done.text
    await user.say("/botox_interval")
    done = await user.press("14 weeks")
    assert "Done: every 14 weeks." in done.text
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == 6111))).one()
        assert patient.botox_interval_weeks == 14


# ---- Botox chosen as a treatment -------------------------------------------------------------
async def choose_botox(harness: Harness, chat_id: int) -> None:
    """What the set-up or /settings does when the patient chooses Botox: publish the event and
    send the listeners' reply (the rest happens through the emulator)."""
    assert harness.app is not None
    state = harness.app.bot_data
    async with unit_of_work(state) as session:
        patient = await find_patient(session, chat_id, lock=True)
        turn = Turn(session, state, None, chat_id, patient, harness.clock.now())  # type: ignore[arg-type]
        reply = await publish(turn, TreatmentsChosen(frozenset({"botox", "medication"})))
    assert reply is not None
    await harness.app.bot.send_message(chat_id, reply.text, reply_markup=reply.markup)


async def test_choosing_botox_asks_for_the_last_injection(harness: Harness, db: Database) -> None:
    user = harness.user(6112)
    await onboard(harness, 6112, zone="UTC", at=None)
    await choose_botox(harness, 6112)
    ask = await user.next_message()
    assert "When was your last Botox injection?" in ask.text
    assert "Not yet / don't know" in labels(ask)
    await user.press("📅 Another date")
    await user.say("2 weeks ago")
    units = await user.press("Don't know")  # the product
    assert "How many units did you get on Mon 9 Nov 2026?" in units.text
    back = await skip_details(user, await user.press("50"))
    assert "Botox on Mon 9 Nov 2026, 50 units (product not recorded) — right?" in back.text
    await user.press("✅ Yes")
    assert await cycles(db) == [(date(2026, 11, 9), 50, None)]


async def test_choosing_botox_can_be_skipped_and_is_not_asked_again(
    harness: Harness, db: Database
) -> None:
    user = harness.user(6113)
    await onboard(harness, 6113, zone="UTC", at=None)
    await choose_botox(harness, 6113)
    await user.next_message()
    skipped = await user.press("Not yet / don't know")
    assert "nothing saved" in skipped.text
    assert await cycles(db) == []
    # With an injection logged, choosing Botox again asks nothing.
    await skip_details(user, await user.say("/botox yesterday"))
    await user.press("✅ Yes")
    assert harness.app is not None
    async with unit_of_work(harness.app.bot_data) as session:
        patient = await find_patient(session, 6113, lock=True)
        turn = Turn(session, harness.app.bot_data, None, 6113, patient, harness.clock.now())  # type: ignore[arg-type]
        assert await publish(turn, TreatmentsChosen(frozenset({"botox"}))) is None
