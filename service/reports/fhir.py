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

* **Patient**: no name and no identifier unless the patient set one for the report in
  /settings (``report_name``, ``report_identifier``), and the language they use with the bot.
* **Observation** per rating of each daily check-in: eye frequency and eye severity (adapted from
  the Jankovic Rating Scale), mouth and cheek, impact on daily life. Each is coded in our own
  code system (``RATING_SYSTEM``), category "survey", ``valueInteger`` 0-4, no interpretation,
  ``effectiveDateTime`` the UTC instant of the check-in's last answer, and a note with the
  patient's local day it rates.
* **MedicationStatement** per medication and dose period: every start, dose or times change and
  stop is a row of ``medication_change``, so each stretch with one dose and one set of times is
  one statement with its ``effectivePeriod`` (start: the change; end: the next change or the
  stop). The current stretch is "active", earlier ones "completed", a stopped medication's last
  one "stopped". The name as text, the dose and times as dosage text and a daily timing
  (``timeOfDay`` is the patient's local time), ``dateAsserted`` when the stretch began. A
  medication without change rows gives one statement from its own columns.
* **Observation** per questionnaire asked (SMC grade, PGIC, HFS-7; ``QUESTIONNAIRE_SYSTEM``,
  category "survey"): ``valueInteger`` the score when every item was answered, else no value and
  ``dataAbsentReason`` "asked-unknown" (asked, not answered: never a made-up score); the note
  says which occasion it was (e.g. 6 weeks after an injection).
* **Procedure** per Botox injection (code text "Botulinum toxin injection: <product>", or
  "... (product not recorded)"; the product again as ``usedCode``; ``performedDateTime`` its
  day; a note with the units, always with the product, since units of different products are
  not interchangeable (clinical.md); a ``bodySite`` per injection site with its units; the
  injector, when given, as the performer's ``actor.display``) and for the surgery (MVD):
  "completed" with its day once that day has come, else "preparation" with a note saying when
  it is planned. Only the latest surgery row counts, as in the report: entering a new date
  replaces a mistaken one.
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

from service.domain.record import SITES
from service.texts import known_key, t
from service.texts.families import BOTOX_PRODUCT, BOTOX_SITE, SIDE, SIDE_EFFECT
from service.texts.keys import MessageKey

FHIR_VERSION = "4.0.1"
#: Our code system for the daily self-ratings. ``.invalid`` (RFC 2606) can never belong to
#: anyone else; a FHIR canonical URL need not resolve.
RATING_SYSTEM = "https://hfs-companion.invalid/fhir/CodeSystem/daily-rating"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
LANGUAGE_SYSTEM = "urn:ietf:bcp:47"
#: Check-in column -> code in ``RATING_SYSTEM``, in the order the check-in asks them.
RATING_DISPLAY: dict[str, MessageKey] = {
    "frequency": "fhir_code_frequency",
    "severity": "fhir_code_severity",
    "lower_face": "fhir_code_lower_face",
    "impact": "fhir_code_impact",
}
RATING_CODES = {
    "frequency": "eye-frequency",
    "severity": "eye-severity",
    "lower_face": "lower-face-severity",
    "impact": "daily-impact",
}
#: Our code system for the side effects after an injection (the bot's codes, clinical.md).
SIDE_EFFECT_SYSTEM = "https://hfs-companion.invalid/fhir/CodeSystem/botox-side-effect"
#: Patient columns for a name or identifier the patient chose in /settings (unset: nothing).
NAME_FIELD = "report_name"
IDENTIFIER_FIELD = "report_identifier"
#: Our code system for the questionnaire scores (the questionnaire's id is the code).
QUESTIONNAIRE_SYSTEM = "https://hfs-companion.invalid/fhir/CodeSystem/questionnaire-score"
DATA_ABSENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/data-absent-reason"

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
    return t("fhir_units", lang, units=units)


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

    def t(self, key: MessageKey, **values: object) -> str:
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


def _survey(b: _Builder, system: str, code: str, display: str) -> Resource:
    """A final Observation of category "survey" about the patient, coded in ``system``."""
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {"coding": [{"system": CATEGORY_SYSTEM, "code": "survey", "display": "Survey"}]}
        ],
        "code": {
            "coding": [{"system": system, "code": code, "display": display}],
            "text": display,
        },
        "subject": b.subject,
    }


def _observations(b: _Builder, checkins: Sequence[Row]) -> None:
    for row in sorted(checkins, key=lambda r: (str(r["local_date"]), r["id"])):
        when = row.get("completed_at") or row.get("updated_at") or row["created_at"]
        for column, code in RATING_CODES.items():
            value = row.get(column)
            if value is None:  # not answered: no observation, never a made-up 0
                continue
            display = b.t(RATING_DISPLAY[column])
            b.add(
                f"checkin/{row['id']}/{column}",
                {
                    **_survey(b, RATING_SYSTEM, code, display),
                    "effectiveDateTime": instant(when),
                    "valueInteger": int(value),
                    "note": [
                        {"text": b.t("fhir_checkin_note", date=day(row["local_date"]).isoformat())}
                    ],
                },
            )


def _dosage(b: _Builder, dose: str | None, times: Sequence[str]) -> Resource | None:
    times = sorted(times)
    parts = [dose] if dose else []
    if times:
        parts.append(b.t("fhir_dosage_times", times=", ".join(times)))
    if not parts:
        return None
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
    return dosage


def _stretches(med: Row, changes: Sequence[Row]) -> list[tuple[str, Row, Row | None]]:
    """(status, the change that began it, the change that ended it) per dose period."""
    events = sorted(changes, key=lambda r: (instant(r["changed_at"]), r["id"]))
    starts = [e for e in events if e["kind"] != "stopped"]
    stop = next((e for e in events if e["kind"] == "stopped"), None)
    out: list[tuple[str, Row, Row | None]] = []
    for index, begun in enumerate(starts):
        ended = starts[index + 1] if index + 1 < len(starts) else stop
        if ended is None:
            status = "active" if med.get("active", True) else "stopped"
        else:
            status = "stopped" if ended is stop else "completed"
        out.append((status, begun, ended))
    return out


def _medications(b: _Builder, medications: Sequence[Row], changes: Sequence[Row]) -> None:
    by_med: dict[Any, list[Row]] = {}
    for change in changes:
        by_med.setdefault(change["medication_id"], []).append(change)
    for row in sorted(medications, key=lambda r: r["id"]):
        stretches = _stretches(row, by_med.get(row["id"], []))
        if not stretches:  # no history rows: the medication's own columns
            active = bool(row.get("active", True))
            first: Row = {
                "changed_at": row["created_at"],
                "dose": row.get("dose"),
                "times": row.get("times") or [],
            }
            last: Row | None = {"changed_at": row["stopped_at"]} if row.get("stopped_at") else None
            stretches = [("active" if active else "stopped", first, last)]
        for number, (status, begun, ended) in enumerate(stretches):
            resource: Resource = {
                "resourceType": "MedicationStatement",
                "status": status,
                "medicationCodeableConcept": {"text": row["name"]},
                "subject": b.subject,
                "dateAsserted": instant(begun["changed_at"]),
                "effectivePeriod": {"start": instant(begun["changed_at"])},
            }
            if ended is not None:
                resource["effectivePeriod"]["end"] = instant(ended["changed_at"])
            dosage = _dosage(b, begun.get("dose"), begun.get("times") or [])
            if dosage is not None:
                resource["dosage"] = [dosage]
            b.add(f"medication/{row['id']}/{number}", resource)


def _occasion(b: _Builder, code: str) -> str | None:
    """'monthly' -> 'Monthly question.'; '6w' -> '6 weeks after an injection.'; '3m' -> '3 months
    after surgery.' (the occasions the questionnaire schedules use)."""
    if code == "monthly":
        return b.t("fhir_occasion_monthly")
    if len(code) > 1 and code[:-1].isdigit() and code[-1] in "wm":
        key: MessageKey = "fhir_occasion_weeks" if code[-1] == "w" else "fhir_occasion_months"
        return b.t(key, n=int(code[:-1]))
    return None


def _questionnaires(b: _Builder, responses: Sequence[Row]) -> None:
    for row in sorted(responses, key=lambda r: (str(r["due_on"]), r["id"])):
        state = row.get("state")
        if state not in ("answered", "unanswered"):
            continue  # still open: neither a score nor a missing one yet
        code = str(row["questionnaire"])
        key = known_key(f"fhir_questionnaire_{code}")
        display = b.t(key) if key else code
        resource: Resource = {
            **_survey(b, QUESTIONNAIRE_SYSTEM, code, display),
            "effectiveDateTime": instant(row.get("answered_at") or row["due_at"]),
        }
        if state == "answered" and row.get("score") is not None:
            resource["valueInteger"] = int(row["score"])
        else:
            resource["dataAbsentReason"] = {
                "coding": [{"system": DATA_ABSENT_SYSTEM, "code": "asked-unknown"}],
                "text": b.t("fhir_questionnaire_unanswered"),
            }
        note = b.t("fhir_questionnaire_note", date=day(row["due_on"]).isoformat())
        occasion = _occasion(b, str(row.get("occasion") or ""))
        if occasion:
            note += " " + occasion
        resource["note"] = [{"text": note}]
        b.add(f"questionnaire_response/{row['id']}", resource)


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


def _product(b: _Builder, row: Row) -> str | None:
    """The product's name as the patient gave it (None: not recorded)."""
    product = row.get("product") or "unknown"
    if product == "unknown":
        return None
    if product == "other":
        return str(row.get("product_name") or b.t("botox_product_other"))
    return b.t(BOTOX_PRODUCT[product])


def _sites(b: _Builder, row: Row, side: str | None) -> list[Resource]:
    """One bodySite per injection site, with its units when given (sites on the patient's
    affected side; record.SITES order)."""
    site_units = row.get("site_units") or {}
    sites = []
    for site in SITES:
        if site not in site_units:
            continue
        name = b.t(BOTOX_SITE[site])
        if side in ("left", "right"):
            name = b.t("fhir_site_on_side", site=name, side=b.t(SIDE[side]))
        units = site_units[site]
        text = (
            name
            if units is None
            else b.t("fhir_site_units", site=name, units=units_text(units, b.lang))
        )
        sites.append({"text": text})
    return sites


def _injections(b: _Builder, cycles: Sequence[Row], today: date, side: str | None) -> None:
    """A Procedure per injection: the product in code.text and usedCode ("product not
    recorded" when unknown), the units always with the product in the note (units of different
    products are not interchangeable), a bodySite per site with its units, the injector as the
    performer's display."""
    for row in sorted(cycles, key=lambda r: (str(r["injected_on"]), r["id"])):
        units = row.get("units")
        product = _product(b, row)
        if units is None:
            note = (
                b.t("fhir_units_unknown_product", product=product)
                if product
                else b.t("fhir_units_unknown")
            )
        elif product:
            note = b.t("fhir_units_product", units=units_text(units, b.lang), product=product)
        else:
            note = b.t("fhir_units_no_product", units=units_text(units, b.lang))
        code = b.t("fhir_botox_product", product=product) if product else b.t("fhir_botox_unknown")
        key = f"botoxcycle/{row['id']}"
        _procedure(b, key, code, day(row["injected_on"]), today, [note])
        resource = b.entries[-1]["resource"]
        if product:
            resource["usedCode"] = [{"text": product}]
        if sites := _sites(b, row, side):
            resource["bodySite"] = sites
        if row.get("injector"):
            resource["performer"] = [{"actor": {"display": str(row["injector"])}}]


def _side_effects(b: _Builder, rows: Sequence[Row], cycles: Sequence[Row]) -> None:
    injections = {row["id"] for row in cycles}
    for row in sorted(rows, key=lambda r: r["id"]):
        display = (
            b.t(SIDE_EFFECT[row["effect"]]) if row["effect"] in SIDE_EFFECT else row["effect"]
        )
        resource: Resource = {
            **_survey(b, SIDE_EFFECT_SYSTEM, row["effect"], display),
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
    _medications(b, tables.get("medication", ()), tables.get("medication_change", ()))
    _questionnaires(b, tables.get("questionnaire_response", ()))
    _injections(b, tables.get("botoxcycle", ()), today, patient.get("side"))
    _side_effects(b, tables.get("side_effect", ()), tables.get("botoxcycle", ()))
    _surgery(b, tables.get("surgery", ()), today)
    return {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{seed}"},
        "type": "collection",
        "timestamp": instant(exported_at),
        "entry": b.entries,
    }
