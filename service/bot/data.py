"""The patient's data is theirs: /export sends every row about them; /delete removes all of it.

Which rows are "about the patient" is read from ``SQLModel.metadata``, so a table added later is
exported and deleted without touching this module: the patient row itself, every table with a
``patient_id`` column, and any table that reaches one of those only through a foreign key.

/delete asks first. The buttons carry the patient id and when the question was asked
(``DeleteTap``). A tap counts only from the chat whose patient has that id, within
``CONFIRM_VALID`` of the question. Nothing is kept in memory between the question and the tap, so
a restart in between is harmless.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import uuid
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import ColumnElement, MetaData, Table, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import service.db.models  # noqa: F401  (registers every table in SQLModel.metadata)
from service.bot.callbacks import Callback, callback
from service.bot.feature import Command, Feature
from service.bot.kit import Access, Attachment, Buttons, Reply, Turn, keyboard
from service.bot.sharing_store import (
    caregiver_of_chat,
    delete_caregiver,
    forget_unused,
    shares_of_caregiver,
    shares_of_patient,
)
from service.db.models import Patient
from service.reports import fhir
from service.scheduling.batch import load_by_id
from service.texts import t
from service.texts.families import TABLE

log = logging.getLogger(__name__)

PATIENT_TABLE = "patient"
OWNER_COLUMN = "patient_id"
CONFIRM_VALID = timedelta(minutes=10)  # how long the "Yes, delete everything" button works
JSON_NAME = "data.json"
FHIR_NAME = "fhir.json"  # the same record as a FHIR R4 Bundle (service/reports/fhir.py)
README_NAME = "README.txt"
EXPORT_FORMAT = "hfs-companion-export"
EXPORT_VERSION = 1
CAREGIVER = 0  # DeleteTap's "patient" for deleting what is kept about a caregiver
CAREGIVER_COLUMNS = ("id", "chat_id", "name", "username", "language", "created_at")
CARING_FOR_COLUMNS = (
    "id",
    "patient_label",
    "weekly",
    "quiet_days",
    "red_flags",
    "appointments",
    "notes",
    "created_at",
)
CAREGIVER_TABLES = frozenset({"caregiver", "caring_for"})


# ---- which rows belong to a patient -------------------------------------------------------------
def row_filter(
    table: Table, patient_id: int, _seen: frozenset[str] = frozenset()
) -> ColumnElement[bool] | None:
    """The rows of ``table`` about the patient, or None if the table holds no patient data."""
    if table.name == PATIENT_TABLE:
        return table.c.id == patient_id
    if OWNER_COLUMN in table.c:
        return table.c[OWNER_COLUMN] == patient_id
    clauses = []
    for fk in sorted(table.foreign_keys, key=lambda k: k.parent.name):
        parent = fk.column.table
        if parent.name in _seen or parent is table:
            continue
        owned = row_filter(parent, patient_id, _seen | {table.name})
        if owned is not None:
            clauses.append(fk.parent.in_(select(fk.column).where(owned)))
    return or_(*clauses) if clauses else None


def patient_tables(metadata: MetaData | None = None) -> list[Table]:
    """Every table with rows about a patient, parents before children (the patient first)."""
    tables = (metadata or SQLModel.metadata).sorted_tables
    return [table for table in tables if row_filter(table, 0) is not None]


# ---- export -------------------------------------------------------------------------------------
@dataclass
class TableDump:
    """One table's rows about the patient, in primary-key order."""

    name: str
    columns: list[str]
    rows: list[dict[str, Any]]


def plain(value: Any) -> Any:
    """A column value as JSON has it: instants in UTC ISO 8601, dates ISO, the rest as is."""
    if isinstance(value, datetime):
        if value.tzinfo is None:  # a local wall-clock time (schedule.start_local)
            return value.isoformat()
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def cell(value: Any) -> str:
    """A column value as a CSV cell: empty for no value, JSON text for lists and details."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


async def collect(
    conn: AsyncConnection, patient_id: int, tables: Sequence[Table] | None = None
) -> list[TableDump]:
    """Every row about the patient, table by table (one consistent read)."""
    dumps = []
    for table in tables or patient_tables():
        owned = row_filter(table, patient_id)
        assert owned is not None
        result = await conn.execute(
            select(table).where(owned).order_by(*table.primary_key.columns)
        )
        columns = [column.name for column in table.columns]
        rows = [{name: plain(row[name]) for name in columns} for row in result.mappings()]
        dumps.append(TableDump(table.name, columns, rows))
    return dumps


def table_description(name: str, lang: str) -> str:
    """What a table holds, in words: from the catalogue, else the model's docstring."""
    key = TABLE.get(name)
    if key:
        return t(key, lang)
    for mapper in SQLModel._sa_registry.mappers:
        if getattr(mapper.local_table, "name", None) == name and mapper.class_.__doc__:
            return mapper.class_.__doc__.strip().splitlines()[0]
    return name


def readme_text(dumps: Sequence[TableDump], exported_at: datetime, lang: str) -> str:
    """README.txt: what the export is and what each file holds."""
    files = [
        t("data_readme_json", lang, name=JSON_NAME),
        t("data_readme_fhir", lang, name=FHIR_NAME),
    ]
    for dump in dumps:
        files.append(
            t(
                "data_readme_file",
                lang,
                name=f"{dump.name}.csv",
                description=table_description(dump.name, lang),
                rows=len(dump.rows),
            )
        )
    return t(
        "data_readme",
        lang,
        exported_at=plain(exported_at),
        files="\n".join(files),
        readme=README_NAME,
    )


def build_zip(
    dumps: Sequence[TableDump],
    *,
    exported_at: datetime,
    folder: str,
    readme: str,
    fhir_bundle: Mapping[str, Any] | None = None,
) -> bytes:
    """The export in memory, in ``folder/``: README.txt, one JSON file, the FHIR Bundle (if
    given) and one CSV per table."""
    buffer = io.BytesIO()
    stamp = exported_at.astimezone(UTC).timetuple()[:6]

    def add(name: str, text: str) -> None:
        info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16  # readable by its owner only once unzipped
        archive.writestr(info, text.encode("utf-8"))

    with zipfile.ZipFile(buffer, "w") as archive:
        add(README_NAME, readme.replace("\n", "\r\n"))  # Notepad-friendly
        document = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": plain(exported_at),
            "tables": {dump.name: dump.rows for dump in dumps},
        }
        add(JSON_NAME, json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False))
        if fhir_bundle is not None:
            add(FHIR_NAME, json.dumps(fhir_bundle, ensure_ascii=False, indent=2))
        for dump in dumps:
            out = io.StringIO()
            out.write("\ufeff")  # BOM: spreadsheets then read the UTF-8 correctly
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(dump.columns)
            for row in dump.rows:
                writer.writerow([cell(row[name]) for name in dump.columns])
            add(f"{dump.name}.csv", out.getvalue())
    return buffer.getvalue()


async def caregiver_dumps(session: AsyncSession, chat_id: int) -> list[TableDump]:
    """What is kept about the chat as a caregiver: their row, and whose diary they follow with
    what they get (nothing from those diaries); empty when the chat follows no one."""
    caregiver = await caregiver_of_chat(session, chat_id)
    if caregiver is None or caregiver.id is None:
        return []
    me = {name: plain(getattr(caregiver, name)) for name in CAREGIVER_COLUMNS}
    follows = [
        {name: plain(getattr(share, name)) for name in CARING_FOR_COLUMNS}
        for share in await shares_of_caregiver(session, caregiver.id)
    ]
    return [
        TableDump("caregiver", list(CAREGIVER_COLUMNS), [me]),
        TableDump("caring_for", list(CARING_FOR_COLUMNS), follows),
    ]


async def export(turn: Turn, _args: str) -> Reply:
    """/export: every row about the patient as CSV + JSON + FHIR in a zip, sent as a document;
    a caregiver's export holds only what is kept about them as a caregiver."""
    patient = turn.patient
    cared = await caregiver_dumps(turn.session, turn.chat_id)
    if patient is None or patient.id is None or patient.consent_at is None:
        if cared:
            return _caregiver_export(turn, cared)
        return Reply(t("data_export_nothing", turn.lang))
    dumps = await collect(await turn.session.connection(), patient.id) + cared
    folder = f"hfs-export-{turn.today.isoformat()}"
    readme = readme_text(dumps, turn.now, turn.lang)
    rows = sum(len(d.rows) for d in dumps)
    now, today, lang, patient_id = turn.now, turn.today, turn.lang, patient.id
    seed = uuid.uuid4()  # the Bundle's id; its entries' ids derive from it

    def build() -> bytes:
        tables = {dump.name: dump.rows for dump in dumps if dump.name not in CAREGIVER_TABLES}
        bundle = fhir.bundle(tables, exported_at=now, today=today, seed=seed, lang=lang)
        archive = build_zip(
            dumps, exported_at=now, folder=folder, readme=readme, fhir_bundle=bundle
        )
        log.info("patient %s exported %d rows in %d bytes", patient_id, rows, len(archive))
        return archive

    caption = turn.t("data_export_caption", rows=rows, files=len(dumps) + 3)
    return Reply(caption, attachment=Attachment(build, f"{folder}.zip"))


def _caregiver_export(turn: Turn, dumps: list[TableDump]) -> Reply:
    folder = f"hfs-export-{turn.today.isoformat()}"
    readme = readme_text(dumps, turn.now, turn.lang)
    archive = build_zip(dumps, exported_at=turn.now, folder=folder, readme=readme)
    caption = turn.t("data_export_caregiver_caption")
    return Reply(caption, attachment=Attachment(archive, f"{folder}.zip"))


# ---- delete -------------------------------------------------------------------------------------
async def delete_patient_data(session: AsyncSession, patient_id: int) -> dict[str, int]:
    """Delete every row about the patient, children before parents; rows deleted per table.

    Foreign keys are not relied upon (SQLite may run without them). On PostgreSQL every row is
    locked first, parents first, so the dispatcher (which skips locked rows) cannot add to them
    meanwhile, and an insert referencing them waits and then fails.
    """
    conn = await session.connection()
    tables = patient_tables()
    for table in tables:
        owned = row_filter(table, patient_id)
        assert owned is not None
        await conn.execute(
            select(*table.primary_key.columns).where(owned).with_for_update(of=table)
        )
    counts: dict[str, int] = {}
    for table in reversed(tables):
        owned = row_filter(table, patient_id)
        assert owned is not None
        result = await session.exec(delete(table).where(owned))
        counts[table.name] = int(result.rowcount or 0)
    session.expunge_all()  # the ORM must not write back objects whose rows are gone
    return counts


@callback("data:{patient}:{answer}:{issued}")
@dataclass(frozen=True)
class DeleteTap(Callback):
    """ "Yes, delete everything" or "Cancel", with who was asked and when (Unix seconds)."""

    patient: int
    answer: Literal["y", "n"]
    issued: int


async def delete_command(turn: Turn, _args: str) -> Reply:
    """/delete: explain what goes and ask for an explicit confirmation (a caregiver: what is
    kept about them as one)."""
    patient = turn.patient
    if patient is None or patient.consent_at is None:
        if patient is not None and patient.id is not None:  # only the chat id is stored
            await delete_patient_data(turn.session, patient.id)
        caregiver = await caregiver_of_chat(turn.session, turn.chat_id)
        if caregiver is not None and caregiver.id is not None:
            return _ask_caregiver(turn, len(await shares_of_caregiver(turn.session, caregiver.id)))
        return Reply(t("data_delete_nothing", turn.lang))
    assert patient.id is not None
    issued = int(turn.now.timestamp())
    minutes = int(CONFIRM_VALID.total_seconds() // 60)
    return Reply(
        turn.t("data_delete_confirm", minutes=minutes),
        keyboard(
            [
                [(turn.t("data_btn_delete_yes"), DeleteTap(patient.id, "y", issued))],
                [(turn.t("data_btn_delete_no"), DeleteTap(patient.id, "n", issued))],
            ]
        ),
    )


def _ask_caregiver(turn: Turn, following: int) -> Reply:
    issued = int(turn.now.timestamp())
    minutes = int(CONFIRM_VALID.total_seconds() // 60)
    return Reply(
        turn.t("data_delete_confirm_caregiver", count=following, minutes=minutes),
        keyboard(
            [
                [(turn.t("data_btn_delete_yes"), DeleteTap(CAREGIVER, "y", issued))],
                [(turn.t("data_btn_delete_no"), DeleteTap(CAREGIVER, "n", issued))],
            ]
        ),
    )


async def _delete_caregiver(turn: Turn) -> int:
    """Delete what is kept about the chat as a caregiver; each patient they followed is told.
    How many shares ended."""
    caregiver = await caregiver_of_chat(turn.session, turn.chat_id)
    if caregiver is None:
        return 0
    ended = await delete_caregiver(turn.session, caregiver)
    patients = await load_by_id(turn.session, Patient, [s.patient_id for s in ended])
    for patient in patients.values():
        text = t("share_ended_by_caregiver", patient.language, name=caregiver.name)
        turn.tell(patient.chat_id, text)
    return len(ended)


async def _delete_shared(turn: Turn, patient_id: int) -> list[int]:
    """The patient deletes their data: each caregiver following them is told it ended; their
    ids (to forget those who then follow no one)."""
    ids = []
    for share, caregiver in await shares_of_patient(turn.session, patient_id):
        text = t("care_ended_by_patient", caregiver.language, name=share.patient_label)
        turn.tell(caregiver.chat_id, text)
        ids.append(share.caregiver_id)
    return ids


BUTTONS = Buttons()


@BUTTONS.on(DeleteTap, access=Access.ANYONE)
async def confirm(turn: Turn, tap: DeleteTap) -> Reply:
    """A tap on "Yes, delete everything" or "Cancel"."""
    patient = turn.patient
    if tap.patient == CAREGIVER and (patient is None or patient.consent_at is None):
        return await _confirm_caregiver(turn, tap)
    if patient is None or patient.id != tap.patient:
        return Reply("", toast=t("data_delete_not_valid", turn.lang))  # forged, another's, or gone
    lang = patient.language
    if (not_now := _not_now(turn, tap, lang)) is not None:
        return not_now
    caregivers = await _delete_shared(turn, patient.id)
    counts = await delete_patient_data(turn.session, patient.id)
    await forget_unused(turn.session, caregivers)
    counts["share (as caregiver)"] = await _delete_caregiver(turn)
    log.info("a patient deleted all their data: %s", counts)
    turn.after_commit(turn.state.db.forget_deleted)  # no copy left in SQLite's write-ahead log
    return Reply(t("data_delete_done", lang), edit=True, toast=t("data_delete_toast", lang))


def _not_now(turn: Turn, tap: DeleteTap, lang: str) -> Reply | None:
    """The answer to Cancel, or to a Yes given too late; None: go ahead."""
    if tap.answer == "n":
        return Reply(t("data_delete_cancelled", lang), edit=True)
    issued = datetime.fromtimestamp(tap.issued, UTC)
    if not timedelta(minutes=-1) <= turn.now - issued <= CONFIRM_VALID:
        return Reply(t("data_delete_expired", lang), edit=True)
    return None


async def _confirm_caregiver(turn: Turn, tap: DeleteTap) -> Reply:
    lang = turn.lang
    caregiver = await caregiver_of_chat(turn.session, turn.chat_id)
    if caregiver is None:
        return Reply("", toast=t("data_delete_not_valid", lang))
    lang = caregiver.language
    if (not_now := _not_now(turn, tap, lang)) is not None:
        return not_now
    ended = await _delete_caregiver(turn)
    log.info("a caregiver deleted their data (%d shares ended)", ended)
    turn.after_commit(turn.state.db.forget_deleted)
    return Reply(t("data_delete_done", lang), edit=True, toast=t("data_delete_toast", lang))


FEATURE = Feature(
    name="data",
    commands=(
        Command("export", export, access=Access.ANYONE),
        Command("delete", delete_command, access=Access.ANYONE),
    ),
    buttons=BUTTONS,
)
