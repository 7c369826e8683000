"""Care-team phone numbers end to end: the surgical team's (asked after /surgery) and the Botox
clinic's (/clinic): skippable, read back before storing, changeable, removable, shown in every
red-flag alert, in progress advice and in /help."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from service.bot.contacts import care_team_line
from service.db.engine import Database
from service.db.models import Patient
from tests.conftest import Harness, onboard
from tests.test_surgery import advance_to, at_ten


async def phones(db: Database, chat_id: int) -> tuple[str | None, str | None]:
    async with db.transaction() as session:
        row = (await session.exec(select(Patient).where(Patient.chat_id == chat_id))).one()
    return row.surgery_phone, row.clinic_phone


async def test_the_surgical_team_phone_is_read_back_stored_and_shown_in_every_alert(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8501)
    await onboard(harness, 8501, zone="Europe/Berlin", at=None)
    saved = await user.say("/surgery today")
    assert saved.text.endswith(
        "📞 What is your surgical team's phone number? I'll show it in every warning message "
        "and in /help. Type it, e.g. +44 20 7946 0000, or tap Skip."
    )
    assert saved.button_texts == ["Skip"]
    # Anything but digits, spaces, + - and brackets gets a clear reply; nothing is stored.
    bad = await user.say("call Dr Ruiz")
    assert "“call Dr Ruiz” doesn't look like a phone number" in bad.text
    assert "Use only digits, spaces, +, - and brackets" in bad.text
    assert "e.g. +44 20 7946 0000" in bad.text and bad.button_texts == ["Skip"]
    short = await user.say("112")
    assert "fewer than 5 digits" in short.text
    assert await phones(db, 8501) == (None, None)
    # A number is read back first and stored only on "Yes".
    check = await user.say("  +49 (30)  1234-5678 ")
    assert check.text == (
        "Please check the number:\n📞 Your surgical team: +49 (30) 1234-5678\nIs that right?"
    )
    assert check.button_texts == ["✅ Yes, save it", "✏️ Type it again"]
    assert await phones(db, 8501) == (None, None)
    done = await user.press("✅ Yes, save it")
    assert done.is_edit and "Saved.\n📞 Your surgical team: +49 (30) 1234-5678" in done.text
    assert await phones(db, 8501) == ("+49 (30) 1234-5678", None)
    # Pressing the same Save again: the question is closed, the button has expired.
    user.drain_events()
    save = check.callback_data("✅ Yes, save it")
    assert save is not None
    await user.tap_data(check.message_id, save)
    assert "expired" in ((await user.next_callback_answer()).text or "")
    # Free text is no longer read as a phone number.
    assert "/checkin" in (await user.say("+49 30 0000 0000")).text
    # Every alert, the screen, the answer of "Done" and of "Worse" carry it; so does /help.
    line = "📞 Your surgical team: +49 (30) 1234-5678"
    await advance_to(harness, at_ten(date(2026, 11, 24)))
    screen = await user.next_message()
    assert line in screen.text
    await user.press("🚑 Seizure")
    alert = await user.next_message()
    assert alert.text.startswith("🚑 Call your local emergency number now") and line in alert.text
    assert "/surgery phone" not in alert.text  # no tip to save it: it is saved
    done = await user.press("Done")
    assert line in done.text
    help_text = (await user.say("/help")).text
    assert "Your care team's numbers:\n" + line in help_text
    assert "📞 Your clinic" not in help_text
    # A new /surgery does not ask again; it says how to change the number.
    again = await user.say("/surgery today")
    assert line in again.text and "/surgery phone" in again.text
    assert again.button_texts == []


async def test_the_surgery_phone_can_be_skipped_changed_and_removed(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8502)
    await onboard(harness, 8502, zone="UTC", at=None)
    await user.say("/surgery yesterday")
    skipped = await user.press("Skip")
    assert (
        skipped.is_edit and "no number saved" in skipped.text and "/surgery phone" in skipped.text
    )
    assert await phones(db, 8502) == (None, None)
    assert "call Dr" not in (await user.say("call Dr Ruiz")).text  # the question is closed
    # /surgery phone <number>: read back at once.
    check = await user.say("/surgery phone 0049 30 1234 5678")
    assert "📞 Your surgical team: 0049 30 1234 5678" in check.text
    retype = await user.press("✏️ Type it again")
    assert retype.is_edit and "please type your surgical team's number again" in retype.text
    check = await user.say("030 9876 5432")
    assert "📞 Your surgical team: 030 9876 5432" in check.text
    await user.press("✅ Yes, save it")
    assert await phones(db, 8502) == ("030 9876 5432", None)
    # /surgery phone with a number stored: keep or remove.
    shown = await user.say("/surgery phone")
    assert "📞 Your surgical team: 030 9876 5432" in shown.text
    assert shown.button_texts == ["Keep it", "🗑 Remove it"]
    kept = await user.press("Keep it")
    assert "Kept as it is" in kept.text
    assert await phones(db, 8502) == ("030 9876 5432", None)
    # The question is closed: its Remove button, replayed, removes nothing.
    user.drain_events()
    await user.tap_data(shown.message_id, "ph:s:x")
    assert "expired" in ((await user.next_callback_answer()).text or "")
    assert await phones(db, 8502) == ("030 9876 5432", None)
    await user.say("/surgery phone")
    removed = await user.press("🗑 Remove it")
    assert "no longer stored" in removed.text
    assert await phones(db, 8502) == (None, None)
    assert "No number is stored" in (await user.say("/surgery phone remove")).text


async def test_clinic_phone_is_skippable_changeable_removable_and_in_help(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8503)
    await onboard(harness, 8503, zone="UTC", at=None)
    ask = await user.say("/clinic")
    assert "phone number of the clinic that gives your Botox injections" in ask.text
    assert ask.button_texts == ["Skip"]
    typed_skip = await user.say("skip")
    assert "no number saved" in typed_skip.text and "/clinic" in typed_skip.text
    check = await user.say("/clinic +44 20 7946 0000")
    assert "📞 Your clinic: +44 20 7946 0000" in check.text
    await user.press("✅ Yes, save it")
    assert await phones(db, 8503) == (None, "+44 20 7946 0000")
    assert "📞 Your clinic: +44 20 7946 0000" in (await user.say("/help")).text
    # Change it: type a new number under the question.
    await user.say("/clinic")
    bad = await user.say("+44 20 7946 0000 ext. 12")
    assert "characters I can't use (. e t x)" in bad.text
    assert "a + can only come first" in (await user.say("0044 + 20")).text
    assert "more than 15 digits" in (await user.say("1234567890 1234567890")).text
    await user.say("+44 20 7946 0999")
    await user.press("✅ Yes, save it")
    assert await phones(db, 8503) == (None, "+44 20 7946 0999")
    removed = await user.say("/clinic remove")
    assert "Removed" in removed.text and "/clinic" in removed.text
    assert await phones(db, 8503) == (None, None)
    assert "Your care team's numbers" not in (await user.say("/help")).text


async def test_phone_buttons_are_checked(harness: Harness, db: Database) -> None:
    user = harness.user(8504)
    await onboard(harness, 8504, zone="UTC", at=None)
    other = harness.user(8505)
    await onboard(harness, 8505, zone="UTC", at=None)
    message = await user.say("/clinic")
    # Forged saves: a number that does not read as one, a question not open, bad forms.
    for data in ("ph:c:y:12", "ph:c:y:1234;567", "ph:s:y:+44_20_7946_0000", "ph:q:k", "ph:c"):
        user.drain_events()
        await user.tap_data(message.message_id, data)
        assert "expired" in ((await user.next_callback_answer()).text or ""), data
    # Another patient replaying the button: their question is not open either.
    theirs = await other.say("/privacy")
    other.drain_events()
    await other.tap_data(theirs.message_id, "ph:c:y:+44_20_7946_0000")
    assert "expired" in ((await other.next_callback_answer()).text or "")
    assert await phones(db, 8504) == (None, None)
    assert await phones(db, 8505) == (None, None)


def test_care_team_line_is_the_one_helper_for_both_teams() -> None:
    patient = Patient(chat_id=1, created_at=None)  # type: ignore[arg-type]
    assert care_team_line(patient, "clinic") == ""
    assert care_team_line(patient, "surgery") == ""
    patient.clinic_phone, patient.surgery_phone = "+44 20 7946 0000", "030 1234 5678"
    assert care_team_line(patient, "clinic") == "📞 Your clinic: +44 20 7946 0000"
    assert care_team_line(patient, "surgery") == "📞 Your surgical team: 030 1234 5678"


async def test_logs_hold_no_phone_number_even_at_debug(harness: Harness, db: Database) -> None:
    from tests.test_security import log_text, private_logging

    with private_logging("DEBUG", [harness.emulator.token]) as records:
        user = harness.user(8506)
        await onboard(harness, 8506, zone="UTC", at=None)
        await user.say("/clinic +44 20 7946 0123")
        await user.press("✅ Yes, save it")
        assert "7946 0123" in (await user.say("/help")).text
    assert await phones(db, 8506) == (None, "+44 20 7946 0123")
    text = log_text(records)
    assert "sendMessage" in text and "Processing update" in text
    assert "0123" not in text
