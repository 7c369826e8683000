"""Injection details (issue 13): the product, units per site and who injected, asked after the
date with one-tap skips; units always shown with their product; "Add details" on an earlier
injection; "It started working" with the day asked; reported and estimated onset in
/botox_history; the FHIR Procedure. Today is Mon 23 Nov 2026 (UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from service.db.engine import Database
from service.db.models import BotoxCycle, Checkin, Patient
from tests.botox_steps import log_botox, skip_details
from tests.conftest import Harness, onboard
from tests.emulator import BotMessage


def labels(message: BotMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


async def the_cycles(db: Database) -> list[BotoxCycle]:
    async with db.transaction() as session:
        return list(
            (await session.exec(select(BotoxCycle).order_by(BotoxCycle.injected_on))).all()
        )


async def set_side(db: Database, chat_id: int, side: str) -> Patient:
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == chat_id))).one()
        patient.side = side
        session.add(patient)
        return patient


async def test_product_two_sites_and_injector_are_read_back_stored_and_in_the_history(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7301)
    await onboard(harness, 7301, zone="UTC", at=None)
    await set_side(db, 7301, "right")
    product = await user.say("/botox yesterday 40")
    assert "Which product was it?" in product.text
    assert labels(product) == [
        "onabotulinumtoxinA (Botox)",
        "incobotulinumtoxinA (Xeomin)",
        "abobotulinumtoxinA (Dysport)",
        "Other…",
        "Don't know",
    ]
    sites = await user.press("onabotulinumtoxinA (Botox)")
    assert "Units per site?" in sites.text and "right side" in sites.text
    assert labels(sites)[:5] == ["Around the eye", "Cheek", "Around the mouth", "Chin", "Neck"]
    await user.press("Around the eye")
    await user.press("Neck")
    sites = await user.press("Cheek")
    assert "✓ Around the eye" in labels(sites) and "✓ Cheek" in labels(sites)
    sites = await user.press("✓ Neck")  # untick
    assert "Neck" in labels(sites) and "✓ Neck" not in labels(sites)
    eye = await user.press("✅ Done")
    assert "How many units around the eye?" in eye.text and labels(eye) == ["Skip"]
    again = await user.say("a few")  # not a number: said, the same step stays
    assert "couldn't read “a few” as units" in again.text
    assert "How many units around the eye?" in again.text
    cheek = await user.say("twenty")
    assert "How many units cheek?" in cheek.text
    who = await user.say("20 units")
    assert "Who gave you the injection?" in who.text
    back = await user.say("Dr Li")
    assert (
        "Botox on Sun 22 Nov 2026, 40 units onabotulinumtoxinA (Botox) · around the eye 20, "
        "cheek 20 · Dr Li — right?"
    ) in back.text
    assert await the_cycles(db) == []  # nothing stored before Yes
    saved = await user.press("✅ Yes")
    assert "Saved: Botox injection on Sun 22 Nov 2026 · 40 units onabotulinumtoxinA" in saved.text
    (cycle,) = await the_cycles(db)
    assert (cycle.units, cycle.product, cycle.product_name, cycle.injector) == (
        40,
        "onabotulinumtoxinA",
        None,
        "Dr Li",
    )
    assert cycle.site_units == {"eye": 20, "cheek": 20}
    history = await user.say("/botox_history")
    assert (
        "💉 Sun 22 Nov 2026 · 40 units onabotulinumtoxinA (Botox) · around the eye 20, cheek 20 "
        "· Dr Li"
    ) in history.text


async def test_dont_know_everywhere_is_one_tap_per_step(harness: Harness, db: Database) -> None:
    user = harness.user(7302)
    await onboard(harness, 7302, zone="UTC", at=None)
    await user.say("/botox")
    product = await user.press("Today")
    assert "Which product was it?" in product.text
    units = await user.press("Don't know")
    assert "How many units" in units.text
    sites = await user.press("Don't know")
    assert "Units per site?" in sites.text and "affected side" in sites.text  # side not set
    who = await user.press("Skip")
    assert "Who gave you the injection?" in who.text
    back = await user.press("Skip")
    assert "Botox on Mon 23 Nov 2026, units not given — right?" in back.text
    await user.press("✅ Yes")
    (cycle,) = await the_cycles(db)
    assert (cycle.units, cycle.product, cycle.site_units, cycle.injector) == (
        None,
        "unknown",
        None,
        None,
    )


async def test_units_without_the_product_say_so_and_sites_make_the_total(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7303)
    await onboard(harness, 7303, zone="UTC", at=None)
    back = await skip_details(user, await user.say("/botox 3 Nov 50"))
    assert "Botox on Tue 3 Nov 2026, 50 units (product not recorded) — right?" in back.text
    await user.press("✅ Yes")
    # No total typed: the units per site make it.
    await user.say("/botox yesterday")
    await user.press("incobotulinumtoxinA (Xeomin)")
    await user.press("Around the mouth")
    await user.press("✅ Done")
    await user.say("15")
    back = await user.press("Skip")
    assert (
        "Botox on Sun 22 Nov 2026, 15 units incobotulinumtoxinA (Xeomin) · around the mouth 15 "
        "— right?"
    ) in back.text
    await user.press("✅ Yes")
    cycle = (await the_cycles(db))[-1]
    assert (cycle.units, cycle.product, cycle.site_units) == (
        15,
        "incobotulinumtoxinA",
        {"mouth": 15},
    )


async def test_other_product_asks_its_name(harness: Harness, db: Database) -> None:
    user = harness.user(7304)
    await onboard(harness, 7304, zone="UTC", at=None)
    await user.say("/botox 3 Nov 30")
    ask = await user.press("Other…")
    assert "Please type the product's name" in ask.text and labels(ask) == ["Don't know"]
    too_long = await user.say("x" * 61)
    assert "61 characters" in too_long.text and "Please type the product's name" in too_long.text
    back = await skip_details(user, await user.say("Botulax"))
    assert "Botox on Tue 3 Nov 2026, 30 units Botulax — right?" in back.text
    await user.press("✅ Yes")
    (cycle,) = await the_cycles(db)
    assert (cycle.units, cycle.product, cycle.product_name) == (30, "other", "Botulax")


async def test_add_details_to_an_earlier_injection(harness: Harness, db: Database) -> None:
    user = harness.user(7305)
    await onboard(harness, 7305, zone="UTC", at=None)
    await log_botox(user, "/botox 3 Nov 50")  # product unknown, as migrated ones are
    harness.clock.advance(seconds=11)
    menu = await user.say("/botox")
    assert "✏️ Add details to an injection" in labels(menu)
    pick = await user.press("✏️ Add details to an injection")
    assert "Tue 3 Nov 2026: 50 units (product not recorded)" in pick.text
    product = await user.press("Tue 3 Nov 2026")
    assert "Which product was it?" in product.text
    await user.press("abobotulinumtoxinA (Dysport)")
    await user.press("Skip")  # the sites
    back = await user.say("Dr Ng")
    assert (
        "Botox on Tue 3 Nov 2026, 50 units abobotulinumtoxinA (Dysport) · Dr Ng — right?"
        in back.text
    )
    assert "unusually soon" not in back.text  # not compared with itself
    done = await user.press("✅ Yes")
    assert "Updated your injection on Tue 3 Nov 2026" in done.text
    (cycle,) = await the_cycles(db)  # no new injection
    assert (cycle.units, cycle.product, cycle.injector) == (50, "abobotulinumtoxinA", "Dr Ng")


async def test_it_started_working_with_a_typed_day(harness: Harness, db: Database) -> None:
    user = harness.user(7306)
    await onboard(harness, 7306, zone="UTC", at=None)
    await log_botox(user, "/botox 20 Nov")
    harness.clock.advance(seconds=11)
    menu = await user.say("/botox")
    ask = await user.press("✨ It started working")
    assert "On which day did your injection on Fri 20 Nov 2026 start working?" in ask.text
    assert labels(ask) == ["Today", "Yesterday", "📅 Another date"]
    before = await user.say("18 Nov")
    assert "Wed 18 Nov 2026 is before your injection on Fri 20 Nov 2026" in before.text
    unread = await user.say("when the wind blows")
    assert "couldn't read “when the wind blows” as a day" in unread.text
    back = await user.say("22 Nov")
    assert "It started working on Sun 22 Nov 2026 (day 2) — right?" in back.text
    assert (await the_cycles(db))[0].onset_reported_on is None  # read back first
    noted = await user.press("✅ Yes")
    assert "started working on day 2" in noted.text
    assert (await the_cycles(db))[0].onset_reported_on == date(2026, 11, 22)
    again = await user.say("/botox")
    assert "✨ It started working" not in labels(again)
    history = await user.say("/botox_history")
    assert "Started working: day 2 (you said)" in history.text
    assert "✨ It started working" in labels(menu)


async def test_history_shows_the_onset_estimated_from_the_diary_beside_the_reported_one(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7307)
    await onboard(harness, 7307, zone="UTC", at=None)
    await log_botox(user, "/botox 9 Nov")
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == 7307))).one()
        (cycle,) = (await session.exec(select(BotoxCycle))).all()
        cycle.onset_reported_on = date(2026, 11, 14)  # day 5, as if tapped
        session.add(cycle)
        assert patient.id is not None
        now = datetime(2026, 11, 23, tzinfo=UTC)
        start = date(2026, 11, 9)
        for offset in range(-14, 14):  # eye total 6 before, 3 from day 6 on
            total = 6 if offset < 6 else 3
            session.add(
                Checkin(
                    patient_id=patient.id,
                    local_date=start + timedelta(days=offset),
                    status="complete",
                    frequency=total // 2,
                    severity=total - total // 2,
                    created_at=now,
                    updated_at=now,
                    completed_at=now,
                )
            )
    history = await user.say("/botox_history")
    assert "Started working: day 5 (you said) · day 6 (estimated from your diary)" in history.text


async def test_change_on_the_read_back_asks_the_details_again(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7308)
    await onboard(harness, 7308, zone="UTC", at=None)
    back = await skip_details(user, await user.say("/botox 3 Nov 45"))
    assert "45 units (product not recorded) — right?" in back.text
    change = await user.press("✏️ Change")
    assert "💊 Product, sites, who injected" in labels(change)
    product = await user.press("💊 Product, sites, who injected")
    assert "Which product was it?" in product.text
    await user.press("Other…")
    sites = await user.press("Don't know")  # the name after all not known
    assert "Units per site?" in sites.text
    await user.press("Skip")
    back = await user.say("x" * 81)  # too long: said, asked again
    assert "81 characters" in back.text and "Who gave you the injection?" in back.text
    back = await user.say("  Nurse   Ana ")
    assert "Botox on Tue 3 Nov 2026, 45 units (product not recorded) · Nurse Ana — right?" in (
        back.text
    )
    await user.press("✅ Yes")
    (cycle,) = await the_cycles(db)
    assert (cycle.units, cycle.product, cycle.product_name, cycle.injector) == (
        45,
        "unknown",
        None,
        "Nurse Ana",
    )
