"""The name or identifier on the doctor's report: nothing by default, set in /settings, read back
before it is stored, removable, and carried into the FHIR export's Patient (issue 13)."""

from __future__ import annotations

import json

from sqlmodel import select

from service.bot import data
from service.db.engine import Database
from service.db.models import Patient
from tests.conftest import Harness, onboard
from tests.test_data_rights import open_export


async def stored(db: Database, chat_id: int) -> tuple[str | None, str | None]:
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == chat_id))).one()
        return patient.report_name, patient.report_identifier


async def fhir_patient(user: object) -> dict[str, object]:
    _, files = open_export(await user.say("/export"))  # type: ignore[attr-defined]
    bundle = json.loads(files[data.FHIR_NAME])
    (patient,) = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    return dict(patient)


async def test_a_name_and_an_identifier_set_read_back_and_removed(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7_420_001)
    await onboard(harness, 7_420_001, zone="Europe/Berlin", at=None)
    shown = await user.say("/settings")
    assert "On your doctor's report: no name or identifier" in shown.text
    assert "name" not in await fhir_patient(user)

    asked = await user.press("🪪 Name on report", message_id=shown.message_id)
    assert "show no name unless you choose one" in asked.text
    assert [label for row in asked.buttons for label, _ in row] == [
        "Name",
        "Identifier (e.g. clinic number)",
    ]
    await user.press("Name", message_id=asked.message_id)
    too_long = await user.say("A" * 81)
    assert "one line of up to 80 characters" in too_long.text
    readback = await user.say("  Anna   K. ")
    assert readback.text == "Your report will show the name “Anna K.”. Right?"
    assert await stored(db, 7_420_001) == (None, None)  # nothing before Yes
    saved = await user.press("✅ Yes", message_id=readback.message_id)
    assert "now show: name “Anna K.”" in saved.text
    assert await stored(db, 7_420_001) == ("Anna K.", None)

    asked = await user.press("🪪 Name on report", message_id=shown.message_id)
    await user.press("Identifier (e.g. clinic number)", message_id=asked.message_id)
    readback = await user.say("MRN 55-1234")
    again = await user.press("✏️ Change", message_id=readback.message_id)
    assert "up to 40 characters" in again.text
    readback = await user.say("MRN 55-1235")
    await user.press("✅ Yes", message_id=readback.message_id)
    assert await stored(db, 7_420_001) == ("Anna K.", "MRN 55-1235")
    settings = await user.say("/settings")
    assert "name “Anna K.” · identifier “MRN 55-1235”" in settings.text
    patient = await fhir_patient(user)
    assert patient["name"] == [{"text": "Anna K."}]
    assert patient["identifier"] == [{"value": "MRN 55-1235"}]

    asked = await user.press("🪪 Name on report", message_id=settings.message_id)
    removed = await user.press("🗑 Remove", message_id=asked.message_id)
    assert "show no name or identifier" in removed.text
    assert await stored(db, 7_420_001) == (None, None)
    assert set(await fhir_patient(user)) == {"resourceType", "communication"}
