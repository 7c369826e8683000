"""Issue 12 (conversation gaps): nothing a patient entered is lost, forgiving answers, the set-up
and /settings, late check-ins, time zones in words, plurals; end to end, in the patient's words."""

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
    table = flat.split("Side effects (days)", 1)[1]
    june = table.split("2026-06-06", 1)[1].split("2026-09-04", 1)[0]
    assert "40 U, product not recorded" in june
    assert "unanswered" in june and "none" not in june, june
    september = table.split("2026-09-04", 1)[1].split("Days (d) count", 1)[0]
    assert "50 U, product not recorded" in september
    assert "none" in september and "unanswered" not in september, september


def labels(message: object) -> list[str]:
    return [text for row in message.buttons for text, _ in row]  # type: ignore[attr-defined]


# ---- 2. the set-up: skip the first check-in, several treatments ---------------------------------
async def test_first_checkin_can_be_skipped_and_treatments_are_several(
    harness: Harness, db: Database
) -> None:
    from service.bot import feature
    from service.db.models import Patient

    heard: list[frozenset[str]] = []

    async def listener(_turn: object, event: feature.TreatmentsChosen) -> None:
        heard.append(event.treatments)

    assert harness.app is not None
    harness.app.bot_data.listeners.setdefault(feature.TreatmentsChosen, []).append(listener)  # type: ignore[arg-type]
    user = harness.user(12010)
    await user.say("/start")
    await user.press("✅ I agree")
    await user.next_message()
    await user.say("Berlin")
    await user.next_message()  # the check-in time question
    await user.press("09:00")
    first = await user.next_message()
    assert "How often" in first.text and "Skip" in labels(first)
    skipped = await user.press("Skip")
    assert "no check-in now" in skipped.text
    ask_side = await user.next_message()
    assert "Which side" in ask_side.text
    await user.press("Right")
    ask_treatment = await user.next_message()
    assert "Tick all that apply" in ask_treatment.text
    await user.press("Botox")
    await user.press("Medication")
    ticked = await user.press("Surgery (MVD) planned")
    assert {"✓ Botox injections", "✓ Medication", "✓ Surgery (MVD) planned"} <= set(labels(ticked))
    said = await user.press("✅ Done")
    assert "Treatment: medication, Botox injections, surgery (MVD) planned." in said.text
    # The set-up ends ("All set"), then whoever listens asks: Botox, when the last injection was.
    closing = await user.next_message()
    assert "All set" in closing.text
    botox = await user.next_message()
    assert "Not yet / don't know" in labels(botox)
    assert heard == [frozenset({"botox", "medication", "mvd_planned"})]
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == 12010))).one()
    assert (patient.side, patient.treatment) == ("right", "medication,botox,mvd_planned")
    assert patient.dialog is not None and patient.dialog["waiting"] == "botox_date"
    await user.press("Not yet / don't know")
    (checkin,) = await checkins(db)
    assert checkin.frequency is None  # the skipped first check-in stored no rating
    settings = await user.say("/settings")
    assert "Treatment: medication, Botox injections, surgery (MVD) planned" in settings.text


# ---- 3. /settings in its own words --------------------------------------------------------------
async def test_settings_uses_its_own_texts(harness: Harness, db: Database) -> None:
    user = harness.user(12011)
    await onboard(harness, 12011, zone="Europe/Berlin")
    asked: list[str] = []
    for button in ("🌍 Time zone", "⏰ Check-in time", "Side", "Treatment"):
        await user.say("/settings")
        asked.append((await user.press(button)).text)
    for text in asked:
        assert "/3 ·" not in text and "And your current treatment" not in text
        assert "Two last questions" not in text
    await user.say("/settings")
    ask = await user.press("Treatment")
    assert "Skip" not in labels(ask)
    await user.press("Botox")
    ticked = await user.press("Medication")
    assert "Your current treatments" in ticked.text
    said = await user.press("✅ Done")
    assert said.text == "Treatment: medication, Botox injections."
    asked_botox = await user.next_message()  # choosing Botox asks when the last injection was
    assert "Not yet / don't know" in labels(asked_botox)
    await user.press("Not yet / don't know")
    await user.say("/settings")
    await user.press("Side")
    said = await user.press("Left")
    assert said.text == "Affected side: left."


# ---- 5. free text while a rating question is open -----------------------------------------------
async def test_free_text_during_a_rating_is_the_note_or_pointed_to_the_buttons(
    harness: Harness, db: Database
) -> None:
    user = harness.user(12012)
    await onboard(harness, 12012, zone="Europe/Berlin")
    await user.say("/checkin")
    for typed in ("2", "two"):
        reply = await user.say(typed)
        assert "please tap a button on the check-in above" in reply.text
        assert "I didn't catch" not in reply.text
    reply = await user.say("Bad morning, bright sun")
    assert "Saved as today's note: “Bad morning, bright sun”" in reply.text
    (checkin,) = await checkins(db)
    assert checkin.note == "Bad morning, bright sun" and checkin.frequency is None
    await rate_all(user, "2", "2", "1", "1")
    done = await user.press("Skip")
    assert "Note: Bad morning, bright sun" in done.text
    # Once done, free text is no longer taken.
    reply = await user.say("hello")
    assert "I didn't catch" in reply.text


# ---- 7. /report shows "sending a document" ------------------------------------------------------
async def test_report_shows_sending_a_document_while_it_works(harness: Harness) -> None:
    user = harness.user(12013)
    await onboard(harness, 12013, zone="Europe/Berlin")
    user.drain_events()
    await user.send("/report")
    first = await user.next_event()
    assert first.kind == "chat_action" and first.action == "upload_document"
    document = await user.next_message()
    assert document.kind == "document"


# ---- 8. plurals and direction-correct trend emoji -------------------------------------------
def test_every_plural_string_in_the_catalogue_reads_right_for_0_1_2() -> None:
    import re

    from service.texts import ENTRIES, t

    walked = 0
    for key, entry in ENTRIES.items():
        if entry.plural is None or entry.count is None:
            continue
        walked += 1
        names = set(re.findall(r"\{(\w+)\}", entry.text + entry.plural))
        for n in (0, 1, 2):
            text = t(key, "en", **dict.fromkeys(names, "x") | {entry.count: n})  # type: ignore[arg-type]
            form = entry.text if n == 1 else entry.plural
            want = form.format(**dict.fromkeys(names, "x") | {entry.count: n})
            assert text == want, (key, n, text)
    assert walked >= 15
    assert t("botox_units_no_product", units=1) == "1 unit (product not recorded)"
    assert t("botox_days_only", days=1) == "1 day" and t("botox_weeks_only", weeks=1) == "1 week"
    assert "last 1 dose of Baclofen" in t("med_skipped_in_a_row", count=1, name="Baclofen")


def test_falling_chart_emoji_never_marks_rising_ratings() -> None:
    from service.texts import MESSAGES

    for key, text in MESSAGES.items():
        if "📉" in text:
            lowered = text.lower()
            assert "wearing off" not in lowered and "higher" not in lowered, key
            assert "worse" not in lowered, key
    # The wear-off estimate is about ratings rising back: it carries the rising chart.
    assert MESSAGES["botox_wear_off_estimated"].startswith("📈")


# ---- 6. the fallback zone in words --------------------------------------------------------------
async def test_skipped_time_zone_names_the_operators_default_in_words(harness: Harness) -> None:
    user = harness.user(12014)
    await user.say("/start")
    await user.press("✅ I agree")
    await user.next_message()
    skipped = await user.say("Skip")
    assert "the operator's default: Coordinated Universal Time (UTC" in skipped.text
    assert "use UTC for now" not in skipped.text
