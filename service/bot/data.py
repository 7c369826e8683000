"""The patient's data is theirs: /export sends every row about them; /delete removes all of it.

Which rows are "about the patient" is read from ``SQLModel.metadata``, so a table added later is
exported and deleted without touching this module: the patient row itself, every table with a
``patient_id`` column, and any table that reaches one of those only through a foreign key.

/delete asks first. Callback data: ``data:<patient id>:<y|n>:<issued, Unix seconds>``. A tap
counts only from the chat whose patient has that id, within ``CONFIRM_VALID`` of the question.
Nothing is kept in memory between the question and the tap, so a restart in between is harmless.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, MetaData, Table, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

import service.db.models  # noqa: F401  (registers every table in SQLModel.metadata)
from service.bot.checkin import Reply, send_reply
from service.bot.common import chat_id_of, get_patient, has_consented, keyboard, zone_of
from service.bot.state import Context
from service.domain.numbers import is_number
from service.domain.timezones import local_date
from service.texts import MESSAGES, t

log = logging.getLogger(__name__)

COMMANDS = ("export", "delete")
PATIENT_TABLE = "patient"
OWNER_COLUMN = "patient_id"
CONFIRM_VALID = timedelta(minutes=10)  # how long the "Yes, delete everything" button works
CALLBACK_PREFIX = "data"
JSON_NAME = "data.json"
README_NAME = "README.txt"
EXPORT_FORMAT = "hfs-companion-export"
EXPORT_VERSION = 1


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
    key = f"data_table_{name}"
    if key in MESSAGES:
        return t(key, lang)
    for mapper in SQLModel._sa_registry.mappers:
        if getattr(mapper.local_table, "name", None) == name and mapper.class_.__doc__:
            return mapper.class_.__doc__.strip().splitlines()[0]
    return name


def readme_text(dumps: Sequence[TableDump], exported_at: datetime, lang: str) -> str:
    """README.txt: what the export is and what each file holds."""
    files = [t("data_readme_json", lang, name=JSON_NAME)]
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
    dumps: Sequence[TableDump], *, exported_at: datetime, folder: str, readme: str
) -> bytes:
    """The export in memory: README.txt, one CSV per table and one JSON file, in ``folder/``."""
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
        for dump in dumps:
            out = io.StringIO()
            out.write("\ufeff")  # BOM: spreadsheets then read the UTF-8 correctly
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(dump.columns)
            for row in dump.rows:
                writer.writerow([cell(row[name]) for name in dump.columns])
            add(f"{dump.name}.csv", out.getvalue())
    return buffer.getvalue()


@dataclass
class ExportJob:
    """What one /export sends, read in one transaction."""

    patient_id: int
    lang: str
    local_day: date
    dumps: list[TableDump]


async def read_export(
    session: AsyncSession, chat_id: int, now: datetime, default_zone: str
) -> ExportJob | None:
    """The consented patient's rows, or None if nothing but a chat id is stored."""
    patient = await get_patient(session, chat_id, lock=True)
    if patient is None or patient.id is None or not has_consented(patient):
        return None
    day = local_date(now, zone_of(patient, default_zone))
    dumps = await collect(await session.connection(), patient.id)
    return ExportJob(patient.id, patient.language, day, dumps)


async def export_command(update: Update, context: Context) -> None:
    """/export: every row about the patient as CSV + JSON in a zip, sent as a document."""
    state = context.bot_data
    now = state.clock.now()
    chat = update.effective_chat
    assert chat is not None
    async with state.db.transaction() as session:
        job = await read_export(session, chat.id, now, state.settings.default_timezone)
    if job is None:
        await send_reply(update, Reply(t("data_export_nothing")))
        return
    await chat.send_action(ChatAction.UPLOAD_DOCUMENT)
    folder = f"hfs-export-{job.local_day.isoformat()}"
    readme = readme_text(job.dumps, now, job.lang)
    # Compressing is CPU work: keep the event loop free for other patients meanwhile.
    archive = await asyncio.to_thread(
        build_zip, job.dumps, exported_at=now, folder=folder, readme=readme
    )
    rows = sum(len(d.rows) for d in job.dumps)
    log.info("patient %s exported %d rows in %d bytes", job.patient_id, rows, len(archive))
    await chat.send_document(
        document=archive,
        filename=f"{folder}.zip",
        caption=t("data_export_caption", job.lang, rows=rows, files=len(job.dumps) + 2),
    )


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
        result = await conn.execute(delete(table).where(owned))
        counts[table.name] = int(result.rowcount or 0)
    session.expunge_all()  # the ORM must not write back objects whose rows are gone
    return counts


def confirm_data(patient_id: int, action: str, issued: datetime) -> str:
    """Callback data of a confirmation button."""
    return f"{CALLBACK_PREFIX}:{patient_id}:{action}:{int(issued.timestamp())}"


async def delete_command(update: Update, context: Context) -> None:
    """/delete: explain what goes and ask for an explicit confirmation."""
    state = context.bot_data
    now = state.clock.now()
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if patient is None or not has_consented(patient):
            if patient is not None and patient.id is not None:  # only the chat id is stored
                await delete_patient_data(session, patient.id)
            reply = Reply(t("data_delete_nothing"))
        else:
            assert patient.id is not None
            lang = patient.language
            minutes = int(CONFIRM_VALID.total_seconds() // 60)
            reply = Reply(
                t("data_delete_confirm", lang, minutes=minutes),
                keyboard(
                    [
                        [(t("data_btn_delete_yes", lang), confirm_data(patient.id, "y", now))],
                        [(t("data_btn_delete_no", lang), confirm_data(patient.id, "n", now))],
                    ]
                ),
            )
    await send_reply(update, reply)


async def on_confirm(
    session: AsyncSession, chat_id: int, data: str, now: datetime
) -> tuple[Reply, dict[str, int] | None]:
    """Apply a tap on a confirmation button; the rows deleted per table, if it deleted."""
    not_valid = Reply("", toast=t("data_delete_not_valid"))
    parts = data.split(":")
    if len(parts) != 4 or not is_number(parts[1]) or not is_number(parts[3]):
        return not_valid, None
    if len(parts[1]) > 18 or len(parts[3]) > 12:  # no id or time is that long
        return not_valid, None
    _, pid_text, action, issued_text = parts
    patient = await get_patient(session, chat_id, lock=True)
    if patient is None or patient.id != int(pid_text) or action not in ("y", "n"):
        return not_valid, None  # forged, another chat's, or already deleted
    lang = patient.language
    issued = datetime.fromtimestamp(int(issued_text), UTC)
    if action == "n":
        return Reply(t("data_delete_cancelled", lang), edit=True), None
    if not timedelta(minutes=-1) <= now - issued <= CONFIRM_VALID:
        return Reply(t("data_delete_expired", lang), edit=True), None
    counts = await delete_patient_data(session, patient.id)
    done = Reply(t("data_delete_done", lang), edit=True, toast=t("data_delete_toast", lang))
    return done, counts


async def confirm_button(update: Update, context: Context) -> None:
    """A tap on "Yes, delete everything" or "Cancel"."""
    query = update.callback_query
    assert query is not None
    state = context.bot_data
    async with state.db.transaction() as session:
        reply, counts = await on_confirm(
            session, chat_id_of(update), query.data or "", state.clock.now()
        )
    if counts is not None:
        log.info("a patient deleted all their data: %s", counts)
        await state.db.forget_deleted()
        await state.dispatcher.rearm()  # their schedules may have been the next thing due
    await send_reply(update, reply)


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """This feature's handlers."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("export", export_command, filters=private),
        CommandHandler("delete", delete_command, filters=private),
        CallbackQueryHandler(confirm_button, pattern=rf"^{CALLBACK_PREFIX}:"),
    ]
