"""One patient's record as a FHIR R4 (4.0.1) Bundle, for clinical systems (/export's fhir.json).

``bundle()`` is a pure function: it takes the rows /export already collected (table name ->
rows of plain values, as in ``data.json``; dates and UTC instants may be ISO strings or
``date``/``datetime``) and returns the Bundle as a ``dict`` ready for ``json.dumps``. It does not
import a FHIR library: the bot's runtime dependencies stay small, and the tests validate what it
builds with ``fhir.resources`` instead.

Why ``fhir.resources`` 8.x (the ``test`` extra): no release that works with pydantic 2 ships the
R4 (4.0.1) models any more. 6.4 was the last with R4 as its default and needs pydantic 1 (the bot
uses pydantic 2); 6.5 replaced it with R4B (4.3.0); 7.x and 8.x have R5 as their default and R4B
in ``fhir.resources.R4B``. 8.x builds on pydantic 2 itself, where 7.x went through its ``v1``
compatibility layer. R4B is R4 with a few trial-use resources changed: Patient, Observation and
Bundle are normative in R4 and identical in R4B, and R4B changed only resources that were new in
R4 (http://hl7.org/fhir/R4B/r3maps.html), so MedicationStatement and Procedure are as they were:
what validates with the R4B models is valid R4 for the resources made here.

What is in the Bundle (``type`` "collection"; every entry's ``fullUrl`` is a ``urn:uuid``, and
every resource points at the Patient by that URL):

* **Patient**: no name and no identifier unless the patient gave one (the bot stores neither
  today), and the language they use with the bot.
* **Observation** per rating of each daily check-in: eye frequency and eye severity (adapted from
  the Jankovic Rating Scale), mouth and cheek, impact on daily life. Each is coded in our own
  code system (``RATING_SYSTEM``), category "survey", ``valueInteger`` 0-4, no interpretation,
  ``effectiveDateTime`` the UTC instant of the check-in's last answer, and a note with the
  patient's local day it rates.
* **MedicationStatement** per medication: status "active" or "stopped", the name as text, the
  dose and times as dosage text and a daily timing (``timeOfDay`` is the patient's local time),
  ``dateAsserted`` when it was added and ``effectivePeriod.end`` when it was stopped.
* **Procedure** per Botox injection (code text "Botulinum toxin injection", ``performedDateTime``
  its day, a note with the units) and for the surgery (MVD): "completed" with its day once that
  day has come, else "preparation" with a note saying when it is planned. Only the latest surgery
  row counts, as in the report: entering a new date replaces a mistaken one.
* **Observation** per side effect in the diary (``SIDE_EFFECT_SYSTEM``, category "survey",
  ``valueBoolean`` true, ``partOf`` the injection's Procedure), with ``effectivePeriod`` from the
  day it started to the day it ended (no end while it lasts); one recorded before the diary
  existed has no period and a note saying its days were not recorded.

UUIDs are derived from ``seed`` (one random UUID per export) and the row, so one export is
reproducible from its inputs while two exports never share ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid5

from service.texts import MESSAGES, t

FHIR_VERSION = "4.0.1"
#: Our code system for the daily self-ratings. ``.invalid`` (RFC 2606) can never belong to
#: anyone else; a FHIR canonical URL need not resolve.
RATING_SYSTEM = "https://hfs-companion.invalid/fhir/CodeSystem/daily-rating"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
LANGUAGE_SYSTEM = "urn:ietf:bcp:47"
#: Check-in column -> code in ``RATING_SYSTEM``, in the order the check-in asks them.
RATING_CODES = {
    "frequency": "eye-frequency",
    "severity": "eye-severity",
    "lower_face": "lower-face-severity",
    "impact": "daily-impact",
}
#: Our code system for the side effects after an injection (the bot's codes, clinical.md).
SIDE_EFFECT_SYSTEM = "https://hfs-companion.invalid/fhir/CodeSystem/botox-side-effect"
#: Patient columns for a name or identifier the patient chose (none exist yet: then nothing).
NAME_FIELD = "name"
IDENTIFIER_FIELD = "identifier"

Row = Mapping[str, Any]
Tables = Mapping[str, Sequence[Row]]
Resource = dict[str, Any]


def instant(value: str | datetime) -> str:
    """A UTC instant as FHIR writes it: ``2026-11-24T08:00:00Z``."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        raise ValueError(f"an instant without a time zone: {value!r}")
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def day(value: str | date) -> date:
    """A stored date (ISO text in the export)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def units_text(units: int, lang: str) -> str:
    """'1 unit', '25 units'."""
    return t("fhir_units_one" if units == 1 else "fhir_units_other", lang, units=units)


class _Builder:
    def __init__(self, seed: UUID, lang: str) -> None:
        self.seed = seed
        self.lang = lang
        self.entries: list[dict[str, Any]] = []
        self.patient_url = self.url("patient")

    def url(self, key: str) -> str:
        return f"urn:uuid:{uuid5(self.seed, key)}"

    def add(self, key: str, resource: Resource) -> None:
        self.entries.append({"fullUrl": self.url(key), "resource": resource})

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    @property
    def subject(self) -> dict[str, str]:
        return {"reference": self.patient_url}


def patient_resource(patient: Row, lang: str) -> Resource:
    """The Patient: only what the patient chose to give."""
    resource: Resource = {"resourceType": "Patient"}
    identifier = patient.get(IDENTIFIER_FIELD)
    if identifier:
        resource["identifier"] = [{"value": str(identifier)}]
    name = patient.get(NAME_FIELD)
    if name:
        resource["name"] = [{"text": str(name)}]
    language = patient.get("language") or lang
    resource["communication"] = [
        {"language": {"coding": [{"system": LANGUAGE_SYSTEM, "code": language}]}}
    ]
    return resource


def _observations(b: _Builder, checkins: Sequence[Row]) -> None:
    for row in sorted(checkins, key=lambda r: (str(r["local_date"]), r["id"])):
        when = row.get("completed_at") or row.get("updated_at") or row["created_at"]
        for column, code in RATING_CODES.items():
            value = row.get(column)
            if value is None:  # not answered: no observation, never a made-up 0
                continue
            display = b.t(f"fhir_code_{column}")
            b.add(
                f"checkin/{row['id']}/{column}",
                {
                    "resourceType": "Observation",
                    "status": "final",
                    "category": [
                        {
                            "coding": [
                                {"system": CATEGORY_SYSTEM, "code": "survey", "display": "Survey"}
                            ]
                        }
                    ],
                    "code": {
                        "coding": [{"system": RATING_SYSTEM, "code": code, "display": display}],
                        "text": display,
                    },
                    "subject": b.subject,
                    "effectiveDateTime": instant(when),
                    "valueInteger": int(value),
                    "note": [
                        {"text": b.t("fhir_checkin_note", date=day(row["local_date"]).isoformat())}
                    ],
                },
            )


def _medications(b: _Builder, medications: Sequence[Row]) -> None:
    for row in sorted(medications, key=lambda r: r["id"]):
        active = bool(row.get("active", True))
        resource: Resource = {
            "resourceType": "MedicationStatement",
            "status": "active" if active else "stopped",
            "medicationCodeableConcept": {"text": row["name"]},
            "subject": b.subject,
            "dateAsserted": instant(row["created_at"]),
        }
        if not active and row.get("stopped_at"):
            resource["effectivePeriod"] = {"end": instant(row["stopped_at"])}
        times = sorted(row.get("times") or [])
        parts = [row["dose"]] if row.get("dose") else []
        if times:
            parts.append(b.t("fhir_dosage_times", times=", ".join(times)))
        if parts:
            dosage: Resource = {"text": ", ".join(parts)}
            if times:
                dosage["timing"] = {
                    "repeat": {
                        "frequency": len(times),
                        "period": 1,
                        "periodUnit": "d",
                        "timeOfDay": [f"{time}:00" for time in times],
                    }
                }
            resource["dosage"] = [dosage]
        b.add(f"medication/{row['id']}", resource)


def _procedure(b: _Builder, key: str, code: str, on: date, today: date, notes: list[str]) -> None:
    resource: Resource = {
        "resourceType": "Procedure",
        "status": "completed" if on <= today else "preparation",
        "code": {"text": code},
        "subject": b.subject,
    }
    if on <= today:
        resource["performedDateTime"] = on.isoformat()
    else:
        notes = [b.t("fhir_planned", date=on.isoformat()), *notes]
    if notes:
        resource["note"] = [{"text": text} for text in notes]
    b.add(key, resource)


def _injections(b: _Builder, cycles: Sequence[Row], today: date) -> None:
    for row in sorted(cycles, key=lambda r: (str(r["injected_on"]), r["id"])):
        units = row.get("units")
        product = row.get("product")
        if units is None:
            note = b.t("fhir_units_unknown")
        elif product and product != "unknown":
            note = b.t("fhir_units_product", units=units_text(units, b.lang), product=product)
        else:
            note = b.t("fhir_units_only", units=units_text(units, b.lang))
        _procedure(
            b, f"botoxcycle/{row['id']}", b.t("fhir_botox"), day(row["injected_on"]), today, [note]
        )


def _side_effects(b: _Builder, rows: Sequence[Row], cycles: Sequence[Row]) -> None:
    injections = {row["id"] for row in cycles}
    for row in sorted(rows, key=lambda r: r["id"]):
        display = (
            b.t(f"botox_se_{row['effect']}")
            if f"botox_se_{row['effect']}" in MESSAGES
            else row["effect"]
        )
        resource: Resource = {
            "resourceType": "Observation",
            "status": "final",
            "category": [
                {"coding": [{"system": CATEGORY_SYSTEM, "code": "survey", "display": "Survey"}]}
            ],
            "code": {
                "coding": [
                    {"system": SIDE_EFFECT_SYSTEM, "code": row["effect"], "display": display}
                ],
                "text": display,
            },
            "subject": b.subject,
            "valueBoolean": True,
        }
        if row.get("cycle_id") in injections:
            resource["partOf"] = [{"reference": b.url(f"botoxcycle/{row['cycle_id']}")}]
        started, ended = row.get("started_on"), row.get("ended_on")
        period = {}
        if started:
            period["start"] = day(started).isoformat()
        if ended:
            period["end"] = day(ended).isoformat()
        if period:
            resource["effectivePeriod"] = period
        if not started:
            resource["note"] = [{"text": b.t("fhir_side_effect_undated")}]
        b.add(f"side_effect/{row['id']}", resource)


def _surgery(b: _Builder, surgeries: Sequence[Row], today: date) -> None:
    if not surgeries:
        return
    latest = max(surgeries, key=lambda r: (instant(r["created_at"]), r["id"]))
    on = day(latest["surgery_on"])
    _procedure(b, f"surgery/{latest['id']}", b.t("fhir_mvd"), on, today, [])


def bundle(
    tables: Tables, *, exported_at: datetime, today: date, seed: UUID, lang: str = "en"
) -> dict[str, Any]:
    """The FHIR R4 Bundle (type "collection") of the patient in ``tables``.

    ``tables`` holds one patient's rows by table name (``patient`` has exactly one row);
    ``today`` is the patient's local date, which decides whether a dated procedure has happened.
    """
    (patient,) = tables["patient"]
    b = _Builder(seed, lang)
    b.add("patient", patient_resource(patient, lang))
    _observations(b, tables.get("checkin", ()))
    _medications(b, tables.get("medication", ()))
    _injections(b, tables.get("botoxcycle", ()), today)
    _side_effects(b, tables.get("side_effect", ()), tables.get("botoxcycle", ()))
    _surgery(b, tables.get("surgery", ()), today)
    return {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{seed}"},
        "type": "collection",
        "timestamp": instant(exported_at),
        "entry": b.entries,
    }
