"""Sharing with a caregiver, end to end through the emulator with three people (issue 15): Anna
(the patient), Bob (who helps her) and Eve (a stranger with a stolen, reused, expired or revoked
link). Every grant, alert and revocation; tokens random, hashed, single use and expiring."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import select

from service.db.engine import Database
from service.db.models import Caregiver, CareLink, Occurrence, Patient, Share, ShareInvite
from tests.conftest import Harness, onboard
from tests.emulator import BotMessage, FakeUser
from tests.test_surgery import advance_to, at_ten

BERLIN = "Europe/Berlin"
ANNA, BOB, EVE = 7_500_001, 7_500_002, 7_500_003
LINK = re.compile(r"https://t\.me/hfs_test_bot\?start=(c_[A-Za-z0-9_-]+)")


def labels(message: BotMessage) -> list[str]:
    return [label for row in message.buttons for label, _ in row]


async def invite(anna: FakeUser, *switches: str) -> str:
    """Anna makes an invitation (flipping ``switches`` first); the /start payload it carries."""
    shown = await anna.say("/share")
    screen = await anna.press("➕ Invite someone", message_id=shown.message_id)
    for label in switches:
        screen = await anna.press(label, message_id=screen.message_id)
    made = await anna.press("🔗 Create the invitation", message_id=screen.message_id)
    assert "It works once" in made.text
    forward = await anna.next_message()
    found = LINK.search(forward.text or "")
    assert found is not None, forward.text
    return found.group(1)


async def join(harness: Harness, user: FakeUser, payload: str) -> BotMessage:
    offer = await user.say(f"/start {payload}")
    assert "invites you to follow" in offer.text, offer.text
    return await user.press("✅ I agree", message_id=offer.message_id)


async def hour_by_hour(harness: Harness, until: datetime) -> None:
    """Move the clock an hour at a time (as time passes), letting the engine send what is due."""
    while harness.clock.now() + timedelta(hours=1) <= until:
        await harness.advance(hours=1)
    await advance_to(harness, until)


async def rows(db: Database, model: type) -> list:  # type: ignore[type-arg]
    async with db.transaction() as session:
        return list((await session.exec(select(model))).all())


async def test_a_caregiver_is_invited_sees_what_they_get_and_the_patient_is_told(
    harness: Harness, db: Database
) -> None:
    anna = harness.user(ANNA, first_name="Anna")
    bob = harness.user(BOB, first_name="Bob", username="bob_helps")
    eve = harness.user(EVE, first_name="Eve")
    await onboard(harness, ANNA, zone=BERLIN)
    shown = await anna.say("/share")
    assert "You don't share your diary with anyone." in shown.text
    assert labels(shown) == ["➕ Invite someone", "🩺 A link for my doctor"]
    screen = await anna.press("➕ Invite someone", message_id=shown.message_id)
    assert labels(screen) == [
        "✅ Weekly summary",
        "⬜ My notes in the summary",
        "✅ Alert after 3 days without a check-in",
        "✅ Warning signs after surgery",
        "✅ Appointment reminders",
        "🔗 Create the invitation",
        "⬅️ Back",
    ]
    screen = await anna.press("⬜ My notes in the summary", message_id=screen.message_id)
    screen = await anna.press("✅ Alert after 3 days", message_id=screen.message_id)
    assert "✅ My notes in the summary" in labels(screen)
    assert "✅ Alert after 5 days without a check-in" in labels(screen)
    assert await rows(db, ShareInvite) == []  # nothing stored while switching
    made = await anna.press("🔗 Create the invitation", message_id=screen.message_id)
    assert "until Wed 25 Nov 07:00 (48 hours)" in made.text
    forward = await anna.next_message()
    assert forward.text.startswith("Anna would like you to follow their hemifacial spasm diary")
    found = LINK.search(forward.text)
    assert found is not None
    payload = found.group(1)
    token = payload.removeprefix("c_")
    assert len(token) >= 22  # 128 random bits, URL-safe
    (stored,) = await rows(db, ShareInvite)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(stored.model_dump())  # only the hash is kept

    # Bob opens it: exactly what he would get, and nothing is stored until he agrees.
    offer = await bob.say(f"/start {payload}")
    assert offer.text.startswith("Anna invites you to follow their hemifacial spasm diary")
    assert "• a weekly summary of Anna's check-ins, with their notes" in offer.text
    assert "• an alert when Anna has not checked in for 5 days" in offer.text
    assert "• an alert when Anna ticks a warning sign after surgery" in offer.text
    assert "• Anna's appointment reminders" in offer.text
    assert "could not change anything" in offer.text
    assert labels(offer) == ["✅ I agree", "No, thanks"]
    assert await rows(db, Caregiver) == []
    async with db.transaction() as session:
        assert (await session.exec(select(Patient).where(Patient.chat_id == BOB))).first() is None

    # Eve with a made-up token: the same reply as for any link that does not work.
    forged = await eve.say("/start c_" + "A" * 22)
    assert forged.text.startswith("This link doesn't work.")
    assert "Anna" not in forged.text

    joined = await bob.press("✅ I agree", message_id=offer.message_id)
    assert joined.is_edit and joined.text.startswith("Done: you now follow Anna's diary.")
    told = await anna.next_message()
    assert told.text.startswith("Bob (@bob_helps) now follows your diary and gets: ")
    assert "the weekly summary with your notes" in told.text
    (share,) = await rows(db, Share)
    assert (share.weekly, share.notes, share.quiet_days) == (True, True, 5)

    # Used once: Eve, with the real token now, learns nothing; her forged Agree does nothing.
    reused = await eve.say(f"/start {payload}")
    assert reused.text == forged.text
    await eve.tap_data(reused.message_id, f"sj:y:{token}")
    await eve.next_callback_answer()
    assert eve.messages[reused.message_id].text == forged.text  # (edited to the same text)
    assert len(await rows(db, Share)) == 1 and len(await rows(db, Caregiver)) == 1

    # Both see the share in /share.
    mine = await anna.say("/share")
    assert "Following your diary:\n• Bob (@bob_helps), since Mon 23 Nov:" in mine.text
    assert "✖️ End sharing with Bob" in labels(mine)
    his = await bob.say("/share")
    assert his.text.startswith("You follow, read-only:\nAnna, since Mon 23 Nov:")
    assert labels(his) == ["✖️ Stop following Anna"]
    assert not harness.emulator.internal_errors


async def test_expired_and_cancelled_invitations_and_ones_own_link_do_not_work(
    harness: Harness, db: Database
) -> None:
    anna = harness.user(ANNA, first_name="Anna")
    bob = harness.user(BOB, first_name="Bob")
    await onboard(harness, ANNA, zone=BERLIN)
    payload = await invite(anna)
    own = await anna.say(f"/start {payload}")
    assert own.text.startswith("This is your own invitation")
    harness.clock.advance(hours=48, seconds=1)
    expired = await bob.say(f"/start {payload}")
    assert expired.text.startswith("This link doesn't work.")

    payload = await invite(anna)
    shown = await anna.say("/share")
    (cancel,) = [label for label in labels(shown) if label.startswith("✖️ Cancel the invitation")]
    await anna.press(cancel, message_id=shown.message_id)
    revoked = await bob.say(f"/start {payload}")
    assert revoked.text == expired.text
    assert await rows(db, Share) == []


async def test_every_alert_reaches_the_caregiver_once_and_stops_when_sharing_ends(
    harness: Harness, db: Database
) -> None:
    anna = harness.user(ANNA, first_name="Anna")
    bob = harness.user(BOB, first_name="Bob")
    await onboard(harness, ANNA, zone=BERLIN, at=time(9, 0))
    await join(harness, bob, await invite(anna, "⬜ My notes in the summary"))
    await anna.next_message()  # "Bob now follows your diary"

    # A check-in with a note (Monday 09:00): the weekly summary carries it.
    await advance_to(harness, datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    prompt = await anna.next_message()
    assert "How often" in prompt.text
    for label in ("1", "1", "1", "1"):
        await anna.press(label)
    await anna.say("tired after a long drive")

    # A warning sign after surgery: Bob is told at once, with the tier Anna was told.
    await anna.say("/surgery today")
    anna.drain()
    await advance_to(harness, at_ten(date(2026, 11, 24)))
    screen = [m for m in anna.drain() if m.text.startswith("🏥")][-1]
    await anna.press("🚑 Seizure", message_id=screen.message_id)
    await harness.run_due()
    alert = await bob.next_message()
    assert alert.text.startswith("🚑 Anna has just reported a warning sign after their brain")
    assert "• seizure" in alert.text and "call their local emergency number now" in alert.text
    # Un-ticking and ticking again the same sign on the same day tells nobody twice.
    await anna.press("⚠️ ✓ 🚑 Seizure", message_id=screen.message_id)
    await anna.press("🚑 Seizure", message_id=screen.message_id)
    assert (await anna.next_message()).text.startswith("🚑 Call your local emergency number")
    await harness.run_due()
    assert bob.drain() == []

    # An appointment reminder: Bob gets his copy the day before.
    read_back = await anna.say("/appointment 26 Nov 14:30 Dr Zebra")
    assert read_back.buttons, read_back.text
    await anna.press("✅ Yes", message_id=read_back.message_id)
    await hour_by_hour(harness, datetime(2026, 11, 25, 17, 0, tzinfo=UTC))
    copies = [m.text for m in bob.drain() if m.text.startswith("📅")]
    assert copies == [
        "📅 Reminder: Anna has an appointment tomorrow, Thu 26 Nov 14:30 with Dr Zebra."
    ]

    # Sunday 18:00 Berlin: the weekly summary, with the note (Anna shares her notes).
    await hour_by_hour(harness, datetime(2026, 11, 29, 17, 0, tzinfo=UTC))
    received = [m.text for m in bob.drain()]
    weekly = [text for text in received if text.startswith("📋")]
    assert len(weekly) == 1
    assert weekly[0].startswith("📋 Anna's weekly summary, as Anna gets it, shared with you:")
    assert "tired after a long drive" in weekly[0]
    assert weekly[0].endswith("You get this because Anna shares it with you. /share to stop.")

    # No check-in since Monday: on the evening of the third day without one, Bob is told, once.
    quiet = [text for text in received if text.startswith("ℹ️")]
    assert quiet == [
        "ℹ️ Anna has not checked in for 3 days (last check-in: Mon 23 Nov).\n"
        "This may mean nothing (a busy day, a break from the diary). You could ask how they are."
    ]
    await hour_by_hour(harness, datetime(2026, 11, 30, 20, 0, tzinfo=UTC))
    assert [m for m in bob.drain() if m.text.startswith("ℹ️")] == []

    # Anna ends it: Bob is told, and nothing more reaches him.
    shown = await anna.say("/share")
    ask = await anna.press("✖️ End sharing with Bob", message_id=shown.message_id)
    assert ask.text.startswith("End sharing with Bob?")
    ended = await anna.press("Yes, end it", message_id=ask.message_id)
    assert ended.text == "Sharing with Bob has ended."
    told = await bob.next_message()
    assert told.text.startswith("Anna has stopped sharing their diary with you.")
    await hour_by_hour(harness, datetime(2026, 12, 6, 18, 0, tzinfo=UTC))
    assert [m.text for m in bob.drain()] == []
    assert not harness.emulator.internal_errors


async def test_what_a_caregiver_gets_can_be_changed_and_they_are_told(
    harness: Harness, db: Database
) -> None:
    anna = harness.user(ANNA, first_name="Anna")
    bob = harness.user(BOB, first_name="Bob")
    await onboard(harness, ANNA, zone=BERLIN)
    await join(harness, bob, await invite(anna))
    await anna.next_message()
    shown = await anna.say("/share")
    screen = await anna.press("✏️ What Bob gets", message_id=shown.message_id)
    assert screen.text.startswith("What should Bob get?")
    screen = await anna.press("✅ Weekly summary", message_id=screen.message_id)
    screen = await anna.press("✅ Appointment reminders", message_id=screen.message_id)
    saved = await anna.press("💾 Save", message_id=screen.message_id)
    assert saved.text == (
        "Saved. Bob now gets: an alert after 3 days without a check-in; "
        "an alert when you tick a warning sign after surgery."
    )
    told = await bob.next_message()
    assert told.text.startswith("Anna changed what you get:\n• an alert when Anna has not")
    assert "weekly summary" not in told.text
    (share,) = await rows(db, Share)
    assert (share.weekly, share.appointments, share.quiet_days) == (False, False, 3)
    # Nothing switched on: refused with a toast, nothing stored.
    shown = await anna.say("/share")
    screen = await anna.press("✏️ What Bob gets", message_id=shown.message_id)
    for label in ("✅ Alert after 3 days", "✅ Alert after 5", "✅ Alert after 7", "✅ Warning"):
        screen = await anna.press(label, message_id=screen.message_id)
    assert "⬜ Alert if I don't check in: off" in labels(screen)
    anna.drain_events()
    await anna.tap("💾 Save", message_id=screen.message_id)
    answer = await anna.next_callback_answer()
    assert answer.text == "Switch on at least one thing to share."
    (share,) = await rows(db, Share)
    assert (share.quiet_days, share.red_flags) == (3, True)
    # The caregiver cannot change anything: a replayed Save from Anna's chat, tapped by Bob.
    (_, data) = next((lbl, d) for row in screen.buttons for lbl, d in row if lbl == "💾 Save")
    assert data is not None
    mark = await bob.say("/share")
    bob.drain_events()
    await bob.tap_data(mark.message_id, data.replace(":0:0:0:", ":1:1:1:"))
    await bob.next_callback_answer()
    (after,) = await rows(db, Share)
    assert (after.weekly, after.quiet_days, after.red_flags) == (False, 3, True)


async def test_a_caregiver_stops_following_and_the_patient_is_told(
    harness: Harness, db: Database
) -> None:
    anna = harness.user(ANNA, first_name="Anna")
    bob = harness.user(BOB, first_name="Bob")
    await onboard(harness, ANNA, zone=BERLIN)
    await join(harness, bob, await invite(anna))
    await anna.next_message()
    shown = await bob.say("/share")
    ask = await bob.press("✖️ Stop following Anna", message_id=shown.message_id)
    assert ask.text == "Stop following Anna's diary? You will get nothing more about it."
    kept = await bob.press("No, keep it", message_id=ask.message_id)
    assert kept.text == "Nothing changed." and len(await rows(db, Share)) == 1
    shown = await bob.say("/share")
    ask = await bob.press("✖️ Stop following Anna", message_id=shown.message_id)
    yes = next(d for row in ask.buttons for label, d in row if label == "Yes, stop")
    assert yes is not None
    stopped = await bob.press("Yes, stop", message_id=ask.message_id)
    assert stopped.text == "You no longer follow Anna's diary."
    assert (await anna.next_message()).text == "Bob no longer follows your diary."
    assert await rows(db, Share) == [] and await rows(db, Caregiver) == []  # Bob is forgotten
    async with db.transaction() as session:
        care = (
            await session.exec(select(Occurrence).where(Occurrence.kind == "care_weekly"))
        ).all()
        assert all(o.status != "pending" for o in care)
    # The same Stop again (a stale button) changes nothing and says so.
    bob.drain_events()
    await bob.tap_data(ask.message_id, yes)
    assert ((await bob.next_callback_answer()).text or "").startswith("This button has expired")


async def test_a_caregivers_export_and_delete_hold_only_their_own_data(
    harness: Harness, db: Database
) -> None:
    from tests.test_data_rights import open_export

    anna = harness.user(ANNA, first_name="Anna")
    bob = harness.user(BOB, first_name="Bob")
    carl = harness.user(7_500_004, first_name="Carl")
    await onboard(harness, ANNA, zone=BERLIN)
    await join(harness, bob, await invite(anna))
    await anna.next_message()
    await join(harness, carl, await invite(anna))
    await anna.next_message()
    await anna.say("/checkin")
    for label in ("2", "1", "1", "1"):
        await anna.press(label)
    await anna.say("secret zebra note")

    sent = await bob.say("/export")
    assert sent.kind == "document"
    assert "Nothing from their diaries is in it." in (sent.text or "")
    _, files = open_export(sent)
    assert set(files) == {"README.txt", "data.json", "caregiver.csv", "caring_for.csv"}
    everything = b"".join(files.values())
    assert str(BOB).encode() in files["caregiver.csv"]
    assert b"Anna" in files["caring_for.csv"]
    for secret in (str(ANNA).encode(), b"zebra"):
        assert secret not in everything

    ask = await bob.say("/delete")
    assert "stops your following 1 diary" in ask.text
    done = await bob.press("Yes, delete everything", message_id=ask.message_id)
    assert done.text.startswith("Everything is deleted.")
    assert (await anna.next_message()).text == "Bob no longer follows your diary."
    assert [c.chat_id for c in await rows(db, Caregiver)] == [7_500_004]
    assert (await bob.say("/export")).text.startswith("Until you agree at /start")

    # Carl also follows Zoe. Anna deletes everything: Carl is told, and still follows Zoe.
    zoe = harness.user(7_500_005, first_name="Zoe")
    await onboard(harness, 7_500_005, zone=BERLIN)
    await join(harness, carl, await invite(zoe))
    await zoe.next_message()
    ask = await anna.say("/delete")
    await anna.press("Yes, delete everything", message_id=ask.message_id)
    told = await carl.next_message()
    assert told.text.startswith("Anna has stopped sharing their diary with you.")
    assert [s.patient_label for s in await rows(db, Share)] == ["Zoe"]
    assert [c.chat_id for c in await rows(db, Caregiver)] == [7_500_004]
    assert (await carl.say("/share")).text.startswith("You follow, read-only:\nZoe, since")
    # Zoe ends it too: Carl follows no one, and nothing is kept about him any more.
    shown = await zoe.say("/share")
    ask = await zoe.press("✖️ End sharing with Carl", message_id=shown.message_id)
    await zoe.press("Yes, end it", message_id=ask.message_id)
    await carl.next_message()
    assert await rows(db, Caregiver) == [] and await rows(db, Share) == []


async def test_a_restart_in_the_middle_of_an_alert_burst_sends_each_alert_once(
    harness: Harness, db: Database
) -> None:
    """Thirty people follow Anna's diary; she ticks a warning sign; the bot restarts while the
    thirty alerts are going out (the overall limit of 30 messages a second spreads them out)."""
    from service.bot.sharing_store import create_invite
    from service.bot.sharing_store import join as store_join
    from service.domain.sharing import Grants

    anna = harness.user(ANNA, first_name="Anna")
    await onboard(harness, ANNA, zone=BERLIN)
    carers = [7_600_000 + n for n in range(30)]
    now = harness.clock.now()
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == ANNA))).one()
        for chat_id in carers:
            harness.user(chat_id, first_name=f"C{chat_id}").open_chat()
            made, _ = await create_invite(session, patient, "Anna", Grants(), now)
            await store_join(
                session,
                made,
                chat_id=chat_id,
                name=f"C{chat_id}",
                username=None,
                language="en",
                patient=patient,
                now=now,
            )
    await anna.say("/surgery today")
    anna.drain()
    await advance_to(harness, at_ten(date(2026, 11, 24)))
    screen = [m for m in anna.drain() if m.text.startswith("🏥")][-1]
    await anna.press("☎️ Fever", message_id=screen.message_id)
    assert (await anna.next_message()).text.startswith("☎️ Call your surgical team today")
    assert (await anna.next_message()).text.startswith("I have also let C7600000, C7600001")

    def alerted() -> list[int]:
        return [
            chat_id
            for chat_id in carers
            for m in harness.user(chat_id).messages.values()
            if m.text and m.text.startswith("☎️ Anna has just reported")
        ]

    burst = asyncio.create_task(harness.run_due())
    for _ in range(500):
        if alerted():
            break
        await asyncio.sleep(0.01)
    await harness.stop()  # mid-burst: what was not sent yet stays pending
    await burst
    before = len(alerted())
    assert 0 < before < len(carers), before
    await harness.start()
    await harness.run_due()
    await harness.emulator.wait_idle()
    assert sorted(alerted()) == carers  # every caregiver once: none lost, none twice
    async with db.transaction() as session:
        sent = (await session.exec(select(Occurrence).where(Occurrence.kind == "care_flag"))).all()
    assert len(sent) == len(carers) and {o.status for o in sent} == {"sent"}


DOCTOR_LINK = re.compile(r"https://t\.me/hfs_test_bot\?start=(d_[A-Za-z0-9_-]+)")


async def doctor_link(anna: FakeUser, days: str = "14 days") -> str:
    asked = await anna.say("/share doctor")
    assert asked.text.startswith("🩺 A link for your care team.")
    assert labels(asked) == ["7 days", "14 days", "30 days", "⬅️ Back"]
    made = await anna.press(days, message_id=asked.message_id)
    assert made.text.startswith("Your care team's link is below, valid until ")
    forward = await anna.next_message()
    found = DOCTOR_LINK.search(forward.text or "")
    assert found is not None, forward.text
    return found.group(1)


async def test_a_care_team_link_sends_the_report_to_the_first_account_that_opens_it(
    harness: Harness, db: Database
) -> None:
    anna = harness.user(ANNA, first_name="Anna")
    doctor = harness.user(7_500_010, first_name="Lena", last_name="Weiss", username="drweiss")
    eve = harness.user(EVE, first_name="Eve")
    await onboard(harness, ANNA, zone=BERLIN)
    await anna.say("/checkin")
    for label in ("2", "1", "1", "1"):
        await anna.press(label)
    payload = await doctor_link(anna)

    report = await doctor.say(f"/start {payload}", timeout=30)
    assert report.kind == "document" and (report.filename or "").endswith(".pdf")
    assert report.document is not None and report.document.startswith(b"%PDF")
    assert (report.text or "").startswith("A hemifacial spasm diary from HFS Companion")
    record = await doctor.next_message(timeout=30)
    assert record.filename == "hfs-record-fhir.json" and record.document is not None
    bundle = json.loads(record.document)
    assert bundle["resourceType"] == "Bundle"
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "Observation"} <= kinds
    told = await anna.next_message()
    assert told.text == "Your care team's link was just opened by Lena Weiss (@drweiss)."
    async with db.transaction() as session:
        assert (
            await session.exec(select(Patient).where(Patient.chat_id == 7_500_010))
        ).first() is None

    # Someone else with the same link gets nothing, and learns nothing.
    refused = await eve.say(f"/start {payload}")
    assert refused.text.startswith("This link doesn't work.") and refused.kind == "text"
    assert "Anna" not in refused.text
    # The doctor again: the files again; Anna is not told twice.
    again = await doctor.say(f"/start {payload}", timeout=30)
    assert again.kind == "document"
    await doctor.next_message(timeout=30)
    shown = await anna.say("/share")
    assert "opened by Lena Weiss (@drweiss), last on Mon 23 Nov" in shown.text
    assert anna.drain() == []

    # Revoked: it stops working at once.
    (revoke,) = [label for label in labels(shown) if label.startswith("✖️ Revoke the link")]
    revoked = await anna.press(revoke, message_id=shown.message_id)
    assert revoked.text == "The link is revoked: it no longer works."
    gone = await doctor.say(f"/start {payload}")
    assert gone.text.startswith("This link doesn't work.") and gone.kind == "text"

    # Expired: a 7-day link works on day 7 and not a second after.
    payload = await doctor_link(anna, "7 days")
    harness.clock.advance(days=7, seconds=-1)
    assert (await doctor.say(f"/start {payload}", timeout=30)).kind == "document"
    await doctor.next_message(timeout=30)
    harness.clock.advance(seconds=2)
    assert (await doctor.say(f"/start {payload}")).text.startswith("This link doesn't work.")
    # Anna's own link, opened by Anna, is not bound to her.
    payload = await doctor_link(anna)
    assert (await anna.say(f"/start {payload}")).text.startswith("This is your care team's link")


async def test_in_webhook_mode_the_care_team_link_is_served_by_the_bots_web_server(
    harness: Harness, db: Database
) -> None:
    import httpx

    from tests.test_security import webhook_bot

    harness.overrides["webhook_url"] = "https://bot.example.org/telegram"
    await harness.restart()
    anna = harness.user(ANNA, first_name="Anna")
    await onboard(harness, ANNA, zone=BERLIN)
    asked = await anna.say("/share doctor")
    made = await anna.press("14 days", message_id=asked.message_id)
    found = re.search(r"https://bot\.example\.org/care/([A-Za-z0-9_-]+)\n", made.text)
    assert found is not None, made.text
    token = found.group(1)
    assert f"https://bot.example.org/care/{token}/fhir" in made.text
    assert "send it only to your care team" in made.text

    async with webhook_bot(harness) as (_app, port), httpx.AsyncClient() as http:
        base = f"http://127.0.0.1:{port}/care"
        pdf = await http.get(f"{base}/{token}", timeout=60)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.headers["cache-control"] == "no-store"
        fhir = await http.get(f"{base}/{token}/fhir", timeout=60)
        assert fhir.status_code == 200 and fhir.json()["resourceType"] == "Bundle"
        for wrong in ("A" * 22, token[:-1], token + "x", "../" + token):
            missing = await http.get(f"{base}/{wrong}")
            assert missing.status_code == 404 and b"Anna" not in missing.content
        async with db.transaction() as session:
            link = (await session.exec(select(CareLink))).one()
            link.revoked_at = harness.clock.now()
            session.add(link)
        assert (await http.get(f"{base}/{token}")).status_code == 404


async def test_a_caregiver_can_follow_several_patients_and_a_patient_can_be_a_caregiver(
    harness: Harness, db: Database
) -> None:
    anna = harness.user(ANNA, first_name="Anna")
    bob = harness.user(BOB, first_name="Bob")
    zoe = harness.user(7_500_005, first_name="Zoe")
    await onboard(harness, ANNA, zone=BERLIN)
    await onboard(harness, 7_500_005, zone=BERLIN)
    await join(harness, bob, await invite(anna))
    await anna.next_message()
    await join(harness, bob, await invite(zoe))
    await zoe.next_message()
    await join(harness, anna, await invite(zoe))  # Anna, a patient, also follows Zoe
    await zoe.next_message()
    his = await bob.say("/share")
    assert "Anna, since Mon 23 Nov:" in his.text and "Zoe, since Mon 23 Nov:" in his.text
    assert labels(his) == ["✖️ Stop following Anna", "✖️ Stop following Zoe"]
    hers = await anna.say("/share")  # her own sharing, then whom she follows
    assert "• Bob, since Mon 23 Nov:" in hers.text
    follows = await anna.next_message()
    assert follows.text.startswith("You follow, read-only:\nZoe, since")
    assert len(await rows(db, Share)) == 3 and len(await rows(db, Caregiver)) == 2


async def test_while_the_patient_pauses_only_the_warning_sign_alert_reaches_the_caregiver(
    harness: Harness, db: Database
) -> None:
    anna = harness.user(ANNA, first_name="Anna")
    bob = harness.user(BOB, first_name="Bob")
    await onboard(harness, ANNA, zone=BERLIN, at=None)
    await join(harness, bob, await invite(anna))
    await anna.next_message()
    await anna.say("/surgery today")
    anna.drain()
    await advance_to(harness, at_ten(date(2026, 11, 24)))
    screen = [m for m in anna.drain() if m.text.startswith("🏥")][-1]
    paused = await anna.say("/pause 10")
    assert "paused" in paused.text.lower(), paused.text
    # A sign ticked on the screen already open: Bob is told even though Anna paused.
    await anna.press("🚑 Seizure", message_id=screen.message_id)
    await harness.run_due()
    alert = await bob.next_message()
    assert alert.text.startswith("🚑 Anna has just reported a warning sign")
    # A week with no check-ins in the pause: no quiet alert, no weekly summary.
    await hour_by_hour(harness, datetime(2026, 11, 30, 20, 0, tzinfo=UTC))
    assert bob.drain() == []
    async with db.transaction() as session:
        stmt = select(Occurrence).where(Occurrence.kind.in_(["care_quiet", "care_weekly"]))
        paused_ones = (await session.exec(stmt)).all()
    after_pause = [o for o in paused_ones if o.due_at > at_ten(date(2026, 11, 24))]
    assert len(after_pause) >= 7  # six evenings and a Sunday
    assert {(o.status, o.last_error) for o in after_pause} == {("skipped", "paused")}
