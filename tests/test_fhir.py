"""/export's FHIR R4 Bundle (fhir.json): built from the exported rows, checked by fhir.resources.

fhir.resources has no pydantic-2 release with the R4 (4.0.1) models; its R4B models are R4 for
every resource made here (see service/reports/fhir.py), so they validate the Bundle and every
entry.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from service.bot import data
from service.reports import fhir
from service.reports.fhir import RATING_SYSTEM
from tests.botox_steps import log_botox
from tests.conftest import Harness, onboard
from tests.test_data_rights import open_export

SEED = uuid.UUID("6f1b8a52-3c1e-4f57-9a55-0c7e2d9f4b11")
EXPORTED = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def validate(bundle: dict[str, Any]) -> Bundle:
    """The Bundle parsed by fhir.resources, and each entry on its own by its resource type."""
    json.dumps(bundle)  # plain JSON values only
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    for entry in bundle["entry"]:
        resource = entry["resource"]
        model = get_fhir_model_class(resource["resourceType"])
        model.model_validate(resource)
    urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    for url in urls:
        assert url.startswith("urn:uuid:") and uuid.UUID(url.removeprefix("urn:uuid:"))
    patient_url = urls[0]
    assert bundle["entry"][0]["resource"]["resourceType"] == "Patient"
    for entry in bundle["entry"][1:]:
        assert entry["resource"]["subject"] == {"reference": patient_url}
    return parsed


def counts(bundle: dict[str, Any]) -> Counter[str]:
    return Counter(entry["resource"]["resourceType"] for entry in bundle["entry"])


def of_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def checkin(
    id_: int, day: str, f: int | None, s: int | None, lf: int | None, i: int | None
) -> Any:
    return {
        "id": id_,
        "patient_id": 1,
        "local_date": day,
        "status": "complete" if None not in (f, s, lf, i) else "open",
        "frequency": f,
        "severity": s,
        "lower_face": lf,
        "impact": i,
        "note": "tired",
        "created_at": f"{day}T07:00:00Z",
        "updated_at": f"{day}T07:01:30Z",
        "completed_at": f"{day}T07:01:30Z" if None not in (f, s, lf, i) else None,
    }


SAMPLE: dict[str, list[dict[str, Any]]] = {
    "patient": [{"id": 1, "chat_id": 99, "language": "en", "timezone": "Europe/Berlin"}],
    "checkin": [
        checkin(1, "2026-11-22", 2, 1, 1, 0),
        checkin(2, "2026-11-23", 3, 2, None, None),  # left half-way: two ratings only
        {**checkin(3, "2026-11-21", None, None, None, None), "status": "skipped"},
    ],
    "medication": [
        {
            "id": 1,
            "name": "carbamazepine",
            "dose": "200 mg",
            "times": ["20:00", "08:00"],
            "active": False,
            "created_at": "2026-10-01T06:00:00Z",
            "stopped_at": "2026-11-20T18:30:00Z",
        },
        {
            "id": 2,
            "name": "baclofen",
            "dose": None,
            "times": ["13:00"],
            "active": True,
            "created_at": "2026-11-01T06:00:00Z",
            "stopped_at": None,
        },
    ],
    "botoxcycle": [
        {"id": 4, "injected_on": "2026-08-21", "units": 1, "note": None},
        {"id": 3, "injected_on": "2026-11-03", "units": 50, "note": "after the dentist"},
        {"id": 5, "injected_on": "2026-05-02", "units": None, "note": None},
    ],
    "surgery": [
        {"id": 1, "surgery_on": "2026-11-10", "active": False, "created_at": "2026-10-01T06:00Z"},
        {"id": 2, "surgery_on": "2026-12-15", "active": True, "created_at": "2026-10-02T06:00Z"},
    ],
}


def test_sample_patient_bundle_is_valid_r4_with_every_record() -> None:
    bundle = fhir.bundle(SAMPLE, exported_at=EXPORTED, today=date(2026, 11, 24), seed=SEED)
    validate(bundle)
    assert bundle["type"] == "collection" and bundle["timestamp"] == "2026-11-24T08:00:00Z"
    assert bundle["identifier"]["value"] == f"urn:uuid:{SEED}"
    # 4 + 2 ratings (none for the skipped day), 2 medications, 3 injections, the latest surgery.
    assert counts(bundle) == {
        "Patient": 1,
        "Observation": 6,
        "MedicationStatement": 2,
        "Procedure": 4,
    }
    (patient,) = of_type(bundle, "Patient")
    assert "name" not in patient and "identifier" not in patient  # none was given

    observations = of_type(bundle, "Observation")
    assert [(o["code"]["coding"][0]["code"], o["valueInteger"]) for o in observations] == [
        ("eye-frequency", 2),
        ("eye-severity", 1),
        ("lower-face-severity", 1),
        ("daily-impact", 0),  # a real 0 is kept
        ("eye-frequency", 3),
        ("eye-severity", 2),
    ]
    first = observations[0]
    assert first["status"] == "final"
    assert first["category"][0]["coding"][0]["code"] == "survey"
    assert first["code"]["coding"][0]["system"] == RATING_SYSTEM
    assert "Jankovic" in first["code"]["text"]
    assert first["effectiveDateTime"] == "2026-11-22T07:01:30Z"
    assert observations[4]["effectiveDateTime"] == "2026-11-23T07:01:30Z"  # last answer
    assert "2026-11-22" in first["note"][0]["text"]
    assert all("interpretation" not in o for o in observations)

    stopped, active = of_type(bundle, "MedicationStatement")
    assert stopped["status"] == "stopped" and active["status"] == "active"
    assert stopped["medicationCodeableConcept"] == {"text": "carbamazepine"}
    assert stopped["effectivePeriod"] == {
        "start": "2026-10-01T06:00:00Z",
        "end": "2026-11-20T18:30:00Z",
    }
    assert stopped["dateAsserted"] == "2026-10-01T06:00:00Z"
    (dosage,) = stopped["dosage"]
    assert dosage["text"] == "200 mg, daily at 08:00, 20:00"
    assert dosage["timing"]["repeat"] == {
        "frequency": 2,
        "period": 1,
        "periodUnit": "d",
        "timeOfDay": ["08:00:00", "20:00:00"],
    }
    assert active["effectivePeriod"] == {"start": "2026-11-01T06:00:00Z"}
    assert active["dosage"][0]["text"] == "daily at 13:00"

    *injections, surgery = of_type(bundle, "Procedure")
    assert [(p["status"], p["performedDateTime"], p["note"][0]["text"]) for p in injections] == [
        ("completed", "2026-05-02", "Units not recorded."),
        ("completed", "2026-08-21", "1 unit (product not recorded)."),
        ("completed", "2026-11-03", "50 units (product not recorded)."),
    ]
    assert {p["code"]["text"] for p in injections} == {
        "Botulinum toxin injection (product not recorded)"
    }
    assert all("usedCode" not in p and "bodySite" not in p for p in injections)
    # The latest surgery row is the patient's surgery; its date is ahead.
    assert surgery["status"] == "preparation" and "performedDateTime" not in surgery
    assert "MVD" in surgery["code"]["text"]
    assert surgery["note"] == [{"text": "Planned for 2026-12-15."}]

    # Same inputs, same Bundle; another export, other ids.
    again = fhir.bundle(SAMPLE, exported_at=EXPORTED, today=date(2026, 11, 24), seed=SEED)
    assert again == bundle
    other = fhir.bundle(SAMPLE, exported_at=EXPORTED, today=date(2026, 11, 24), seed=uuid.uuid4())
    assert {e["fullUrl"] for e in other["entry"]}.isdisjoint(e["fullUrl"] for e in bundle["entry"])


def test_surgery_is_completed_once_its_day_has_come() -> None:
    bundle = fhir.bundle(SAMPLE, exported_at=EXPORTED, today=date(2026, 12, 15), seed=SEED)
    validate(bundle)
    surgery = of_type(bundle, "Procedure")[-1]
    assert surgery["status"] == "completed" and surgery["performedDateTime"] == "2026-12-15"
    assert "note" not in surgery


def test_a_name_or_identifier_the_patient_gave_is_included() -> None:
    given = {
        **SAMPLE,
        "patient": [{"id": 1, "report_name": "Ana", "report_identifier": "MRN 1234"}],
    }
    bundle = fhir.bundle(given, exported_at=EXPORTED, today=date(2026, 11, 24), seed=SEED)
    validate(bundle)
    (patient,) = of_type(bundle, "Patient")
    assert patient["name"] == [{"text": "Ana"}]
    assert patient["identifier"] == [{"value": "MRN 1234"}]


def test_each_dose_period_is_a_statement_and_each_questionnaire_an_observation() -> None:
    """Medication changes split a medication into dose periods; an answered questionnaire has
    its score, an unanswered one a data-absent reason (never a made-up score), an open one
    nothing yet."""
    changes = [
        {"id": 1, "medication_id": 1, "kind": "started", "changed_at": "2026-10-01T06:00:00Z",
         "dose": "100 mg", "times": ["08:00"]},
        {"id": 2, "medication_id": 1, "kind": "dose", "changed_at": "2026-10-15T07:00:00Z",
         "dose": "200 mg", "times": ["08:00"]},
        {"id": 3, "medication_id": 1, "kind": "times", "changed_at": "2026-11-01T07:00:00Z",
         "dose": "200 mg", "times": ["08:00", "20:00"]},
        {"id": 4, "medication_id": 1, "kind": "stopped", "changed_at": "2026-11-20T18:30:00Z",
         "dose": "200 mg", "times": ["08:00", "20:00"]},
        {"id": 5, "medication_id": 2, "kind": "started", "changed_at": "2026-11-01T06:00:00Z",
         "dose": None, "times": ["13:00"]},
    ]  # fmt: skip
    responses = [
        {"id": 1, "questionnaire": "smc", "occasion": "monthly", "due_on": "2026-11-01",
         "due_at": "2026-11-01T09:00:00Z", "state": "answered", "score": 2,
         "answered_at": "2026-11-01T09:05:00Z"},
        {"id": 2, "questionnaire": "pgic", "occasion": "6w", "due_on": "2026-11-10",
         "due_at": "2026-11-10T09:00:00Z", "state": "unanswered", "score": None,
         "answered_at": None},
        {"id": 3, "questionnaire": "smc", "occasion": "monthly", "due_on": "2026-11-24",
         "due_at": "2026-11-24T09:00:00Z", "state": "open", "score": None, "answered_at": None},
    ]  # fmt: skip
    tables = {**SAMPLE, "medication_change": changes, "questionnaire_response": responses}
    bundle = fhir.bundle(tables, exported_at=EXPORTED, today=date(2026, 11, 24), seed=SEED)
    validate(bundle)
    statements = of_type(bundle, "MedicationStatement")
    assert [
        (s["medicationCodeableConcept"]["text"], s["status"], s["dosage"][0]["text"],
         s["effectivePeriod"].get("start"), s["effectivePeriod"].get("end"))
        for s in statements
    ] == [
        ("carbamazepine", "completed", "100 mg, daily at 08:00",
         "2026-10-01T06:00:00Z", "2026-10-15T07:00:00Z"),
        ("carbamazepine", "completed", "200 mg, daily at 08:00",
         "2026-10-15T07:00:00Z", "2026-11-01T07:00:00Z"),
        ("carbamazepine", "stopped", "200 mg, daily at 08:00, 20:00",
         "2026-11-01T07:00:00Z", "2026-11-20T18:30:00Z"),
        ("baclofen", "active", "daily at 13:00", "2026-11-01T06:00:00Z", None),
    ]  # fmt: skip
    scores = [
        o for o in of_type(bundle, "Observation")
        if o["code"]["coding"][0]["system"] == fhir.QUESTIONNAIRE_SYSTEM
    ]  # fmt: skip
    assert [(o["code"]["coding"][0]["code"], o.get("valueInteger")) for o in scores] == [
        ("smc", 2),
        ("pgic", None),
    ]
    assert "SMC grade" in scores[0]["code"]["text"]
    assert scores[1]["dataAbsentReason"]["coding"][0]["code"] == "asked-unknown"
    assert scores[1]["note"][0]["text"] == (
        "Asked for 2026-11-10 (the patient's local day). 6 weeks after an injection."
    )


def test_a_patient_with_nothing_gives_a_bundle_with_just_the_patient() -> None:
    bundle = fhir.bundle(
        {"patient": [{"id": 7, "language": "en"}], "checkin": [], "medication": []},
        exported_at=EXPORTED,
        today=date(2026, 11, 24),
        seed=SEED,
    )
    validate(bundle)
    assert counts(bundle) == {"Patient": 1}


def test_the_validation_can_fail() -> None:
    bundle = fhir.bundle(SAMPLE, exported_at=EXPORTED, today=date(2026, 11, 24), seed=SEED)
    broken = json.loads(json.dumps(bundle))
    del broken["entry"][1]["resource"]["status"]  # Observation.status is required
    with pytest.raises(ValidationError):
        validate(broken)
    with pytest.raises(ValueError, match="time zone"):
        fhir.instant("2026-11-24T08:00:00")


# ---- end to end ---------------------------------------------------------------------------------
async def test_export_holds_a_valid_fhir_bundle_of_what_the_patient_told_the_bot(
    harness: Harness,
) -> None:
    user = harness.user(7_412_001)
    await onboard(harness, 7_412_001, zone="Europe/Berlin", at=None)
    await user.say("/checkin")
    await user.press("2")
    await user.press("1")
    await user.press("1")
    await user.press("0")
    assert "Check-in saved" in (await user.say("felt tired")).text
    await user.say("/medication carbamazepine 08:00,20:00 200 mg")
    await user.say("/medication baclofen 13:00")
    await user.say("/medications")
    await user.press("⏹ Stop carbamazepine")
    assert "Stopped: carbamazepine 200 mg" in (await user.press("⏹ Yes, stop")).text
    harness.clock.advance(seconds=11)  # not a flood
    assert "50 units" in (await log_botox(user, "/botox 3 Nov 50 after the dentist")).text
    harness.clock.advance(seconds=11)
    await log_botox(user, "/botox 2026-08-21 45")
    assert "Surgery (MVD) on" in (await user.say("/surgery 15 Dec")).text
    user.drain()

    sent = await user.say("/export")
    assert sent.kind == "document"
    files_count = len(data.patient_tables()) + 3  # README, data.json, fhir.json, one CSV each
    assert f"in {files_count} files" in (sent.text or "")
    _, files = open_export(sent)
    assert "fhir.json" in files["README.txt"].decode("utf-8")
    bundle = json.loads(files[data.FHIR_NAME])
    validate(bundle)
    assert bundle["timestamp"] == "2026-11-23T06:00:22Z"  # after the two 11-second pauses
    assert counts(bundle) == {
        "Patient": 1,
        "Observation": 4,
        "MedicationStatement": 2,
        "Procedure": 3,
    }
    assert [o["valueInteger"] for o in of_type(bundle, "Observation")] == [2, 1, 1, 0]
    assert {o["effectiveDateTime"] for o in of_type(bundle, "Observation")} == {
        "2026-11-23T06:00:00Z"
    }
    meds = {
        m["medicationCodeableConcept"]["text"]: m for m in of_type(bundle, "MedicationStatement")
    }
    assert meds["carbamazepine"]["status"] == "stopped"
    assert meds["carbamazepine"]["dosage"][0]["text"] == "200 mg, daily at 08:00, 20:00"
    assert meds["baclofen"]["status"] == "active"
    assert meds["baclofen"]["dosage"][0]["timing"]["repeat"]["timeOfDay"] == ["13:00:00"]
    procedures = of_type(bundle, "Procedure")
    assert [(p["code"]["text"], p.get("performedDateTime")) for p in procedures] == [
        ("Botulinum toxin injection (product not recorded)", "2026-08-21"),
        ("Botulinum toxin injection (product not recorded)", "2026-11-03"),
        ("Microvascular decompression (MVD) for hemifacial spasm", None),
    ]
    assert [p["note"][0]["text"] for p in procedures] == [
        "45 units (product not recorded).",
        "50 units (product not recorded).",
        "Planned for 2026-12-15.",
    ]
    assert procedures[-1]["status"] == "preparation"
    (patient,) = of_type(bundle, "Patient")
    assert set(patient) == {"resourceType", "communication"}  # no name, no identifier
    assert str(7_412_001) not in files[data.FHIR_NAME].decode("utf-8")  # no chat id either


async def test_export_of_a_patient_with_nothing_has_a_bundle_with_just_the_patient(
    harness: Harness,
) -> None:
    user = harness.user(7_412_002)
    await onboard(harness, 7_412_002, zone="Europe/Berlin", at=None)
    _, files = open_export(await user.say("/export"))
    bundle = json.loads(files[data.FHIR_NAME])
    validate(bundle)
    assert counts(bundle) == {"Patient": 1}


def test_injection_procedure_carries_product_sites_and_injector() -> None:
    detailed = {
        **SAMPLE,
        "patient": [{"id": 1, "language": "en", "side": "left"}],
        "botoxcycle": [
            {
                "id": 8,
                "injected_on": "2026-11-03",
                "units": 40,
                "note": None,
                "product": "onabotulinumtoxinA",
                "product_name": None,
                "site_units": {"eye": 20, "cheek": 20, "neck": None},
                "injector": "Dr Li",
            },
            {
                "id": 9,
                "injected_on": "2026-08-03",
                "units": None,
                "note": None,
                "product": "other",
                "product_name": "Botulax",
                "site_units": None,
                "injector": None,
            },
        ],
    }
    bundle = fhir.bundle(detailed, exported_at=EXPORTED, today=date(2026, 11, 24), seed=SEED)
    validate(bundle)
    other, ona, _surgery = of_type(bundle, "Procedure")
    assert ona["code"]["text"] == "Botulinum toxin injection: onabotulinumtoxinA (Botox)"
    assert ona["usedCode"] == [{"text": "onabotulinumtoxinA (Botox)"}]
    assert ona["note"] == [{"text": "40 units of onabotulinumtoxinA (Botox)."}]
    assert ona["bodySite"] == [
        {"text": "around the eye, left side: 20 units"},
        {"text": "cheek, left side: 20 units"},
        {"text": "neck, left side"},
    ]
    assert ona["performer"] == [{"actor": {"display": "Dr Li"}}]
    assert other["code"]["text"] == "Botulinum toxin injection: Botulax"
    assert other["note"] == [{"text": "Units not recorded (Botulax)."}]
    assert "bodySite" not in other and "performer" not in other
