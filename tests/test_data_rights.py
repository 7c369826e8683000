"""The patient's data is theirs: /export sends every row about them, /delete removes all of it.

Two patients are seeded with rows in every table (check-ins, schedules and occurrences through
the real flows, the treatment tables by direct inserts); only the first one exports or deletes.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    insert,
    select,
)
from sqlmodel import SQLModel, col
from sqlmodel import select as sm_select

from service.bot import data
from service.bot.callbacks import decode
from service.bot.chat import help_text
from service.bot.sharing_store import create_invite, create_link, join
from service.db.engine import Database
from service.db.models import (
    Appointment,
    BotoxCycle,
    DoseLog,
    Medication,
    MedicationChange,
    Occurrence,
    Patient,
    QuestionnaireResponse,
    SideEffect,
    Surgery,
    SurgeryCheck,
)
from service.domain.sharing import Grants
from tests.conftest import TEST_DATABASE_URL, Harness, onboard
from tests.emulator import BotMessage, FakeUser

A, B = 7_345_901, 7_345_902  # chat ids; neither is a substring of the other

Rows = dict[str, list[dict[str, Any]]]


# ---- helpers ------------------------------------------------------------------------------------
async def dump(db: Database) -> Rows:
    """Every row of every table, as plain values, in primary-key order."""
    out: Rows = {}
    async with db.transaction() as session:
        conn = await session.connection()
        for table in SQLModel.metadata.sorted_tables:
            result = await conn.execute(select(table).order_by(*table.primary_key.columns))
            out[table.name] = [dict(row) for row in result.mappings()]
    return out


async def patient_id(db: Database, chat_id: int) -> int | None:
    async with db.transaction() as session:
        patient = (
            await session.exec(sm_select(Patient).where(col(Patient.chat_id) == chat_id))
        ).first()
        return patient.id if patient else None


def rows_of(rows: Rows, table: str, pid: int) -> list[dict[str, Any]]:
    """A table's rows about patient ``pid``."""
    key = "id" if table == "patient" else "patient_id"
    return [row for row in rows[table] if row[key] == pid]


def mentions(rows: Rows, chat_id: int) -> list[tuple[str, str]]:
    """(table, column) of every text/JSON value containing the chat id, and chat_id columns."""
    needle = str(chat_id)
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for row in rows[table.name]:
            for column in table.columns:
                value = row[column.name]
                if value is None:
                    continue
                if isinstance(column.type, JSON):
                    text = json.dumps(value)
                elif isinstance(column.type, String):
                    text = str(value)
                elif column.name == "chat_id":
                    text = str(value) if value == chat_id else ""
                else:
                    continue
                if needle in text:
                    found.append((table.name, column.name))
    return found


async def seed(harness: Harness, db: Database, chat_id: int) -> int:
    """A set-up patient with rows in every patient table; returns their patient id."""
    user = harness.user(chat_id)
    await onboard(harness, chat_id, zone="Europe/Berlin", at=time(9, 0))
    await user.say("/checkin")
    await user.press("2")
    await user.press("1")
    await user.press("1")
    await user.press("1")
    done = await user.say(f"note from {chat_id}: felt tired")
    assert "Check-in saved" in done.text
    pid = await patient_id(db, chat_id)
    assert pid is not None
    now = harness.clock.now()
    async with db.transaction() as session:
        cycle = BotoxCycle(
            patient_id=pid,
            injected_on=date(2026, 11, 2),
            units=25,
            note=f"left eye {chat_id}",
            side_effects_day7_at=now,
            created_at=now,
        )
        appt = Appointment(
            patient_id=pid, starts_at=now + timedelta(days=30), with_whom="Dr Ruiz", created_at=now
        )
        surgery = Surgery(patient_id=pid, surgery_on=date(2026, 10, 1), created_at=now)
        med = Medication(
            patient_id=pid, name="carbamazepine", dose="100 mg", times=["08:00"], created_at=now
        )
        session.add_all([cycle, appt, surgery, med])
        await session.flush()
        assert surgery.id is not None and med.id is not None
        session.add(
            SurgeryCheck(
                surgery_id=surgery.id,
                patient_id=pid,
                kind="daily",
                local_date=date(2026, 11, 20),
                red_flags=[],
                answers={"chat": str(chat_id)},
                created_at=now,
            )
        )
        assert cycle.id is not None
        session.add(
            SideEffect(
                patient_id=pid,
                cycle_id=cycle.id,
                effect="ptosis",
                started_on=date(2026, 11, 5),
                ended_on=date(2026, 11, 9),
                created_at=now,
            )
        )
        session.add(
            MedicationChange(
                patient_id=pid,
                medication_id=med.id,
                kind="started",
                changed_at=now,
                dose="100 mg",
                times=["08:00"],
            )
        )
        session.add(
            DoseLog(
                medication_id=med.id,
                patient_id=pid,
                due_at=now - timedelta(hours=1),
                outcome="taken",
                answered_at=now,
            )
        )
        session.add(
            QuestionnaireResponse(
                patient_id=pid,
                questionnaire="smc",
                occasion="monthly",
                due_at=now - timedelta(days=1),
                due_on=date(2026, 11, 22),
                answers={"grade": "2"},
                score=2,
                state="answered",
                answered_at=now,
                created_at=now,
            )
        )
        # Shared with a caregiver, with an invitation still open and a care-team link.
        patient = await session.get(Patient, pid)
        assert patient is not None
        used, _ = await create_invite(session, patient, f"Pat {chat_id}", Grants(), now)
        await join(
            session,
            used,
            chat_id=chat_id + 50,
            name=f"Carer {chat_id}",
            username=None,
            language="en",
            patient=patient,
            now=now,
        )
        await create_invite(session, patient, f"Pat {chat_id}", Grants(), now)
        await create_link(session, patient, 14, now)
    return pid


async def seeded_pair(harness: Harness, db: Database) -> tuple[FakeUser, FakeUser, int, int]:
    """Patients A and B, each with rows in every table, A's next check-in prompt already out
    (so its follow-up and end-of-day close are pending)."""
    a_id = await seed(harness, db, A)
    b_id = await seed(harness, db, B)
    # Monday's 09:00 Berlin prompt is skipped (already checked in), Tuesday's goes out.
    await harness.advance(hours=2)
    stats = await harness.advance(hours=24)
    assert stats.sent == 2
    a, b = harness.user(A), harness.user(B)
    a.drain()
    b.drain()
    rows = await dump(db)
    for table in data.patient_tables():
        for pid in (a_id, b_id):
            assert rows_of(rows, table.name, pid), f"{table.name} not seeded for {pid}"
    pending = [o for o in rows["occurrence"] if o["status"] == "pending"]
    assert {o["patient_id"] for o in pending} == {a_id, b_id}
    return a, b, a_id, b_id


def open_export(message: BotMessage) -> tuple[str, dict[str, bytes]]:
    """The zip's folder name and its files by name."""
    assert message.document is not None
    with zipfile.ZipFile(io.BytesIO(message.document)) as archive:
        assert archive.testzip() is None
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    folders = {name.split("/", 1)[0] for name in files}
    assert len(folders) == 1
    folder = folders.pop()
    return folder, {name.split("/", 1)[1]: content for name, content in files.items()}


def read_csv(content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    assert content.startswith(b"\xef\xbb\xbf"), "CSV without a UTF-8 BOM"
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    header, *body = list(reader)
    return header, [dict(zip(header, line, strict=True)) for line in body]


# ---- /export ------------------------------------------------------------------------------------
async def test_export_sends_every_row_of_the_patient_and_nothing_else(
    harness: Harness, db: Database
) -> None:
    a, _b, a_id, b_id = await seeded_pair(harness, db)
    rows = await dump(db)
    sent = await a.say("/export")
    assert sent.kind == "document"
    assert sent.filename == "hfs-export-2026-11-24.zip"  # Tuesday in Berlin
    assert "README.txt" in (sent.text or "")
    folder, files = open_export(sent)
    assert folder == "hfs-export-2026-11-24"
    # Every table but the caregivers' (a patient who follows no one has no row there).
    tables = [t.name for t in SQLModel.metadata.sorted_tables if t.name != "caregiver"]
    assert set(files) == {"README.txt", "data.json", "fhir.json"} | {
        f"{name}.csv" for name in tables
    }

    document = json.loads(files["data.json"])
    assert document["format"] == "hfs-companion-export"
    assert document["exported_at"] == "2026-11-24T08:00:00Z"
    for table in data.patient_tables():
        header, body = read_csv(files[f"{table.name}.csv"])
        assert header == [c.name for c in table.columns]
        mine = rows_of(rows, table.name, a_id)
        assert len(body) == len(mine) == len(document["tables"][table.name]) > 0, table.name
        owner = "id" if table.name == "patient" else "patient_id"
        assert {line[owner] for line in body} == {str(a_id)}
        assert [line["id"] for line in body] == [str(r["id"]) for r in mine]
        assert [r["id"] for r in document["tables"][table.name]] == [r["id"] for r in mine]

    # Nothing of B leaks, in any file.
    for name, content in files.items():
        assert str(B).encode() not in content, name
    assert str(A).encode() in files["data.json"] and str(A).encode() in files["patient.csv"]
    # Values: instants in UTC ISO 8601, dates ISO, lists as JSON, empty cells for no value.
    _, (patient,) = read_csv(files["patient.csv"])
    assert patient["chat_id"] == str(A) and patient["timezone"] == "Europe/Berlin"
    assert patient["created_at"] == "2026-11-23T06:00:00Z" and patient["paused_until"] == ""
    assert patient["paused"] == "false"
    _, (cycle,) = read_csv(files["botoxcycle.csv"])
    assert cycle["injected_on"] == "2026-11-02"
    assert cycle["side_effects_day7_at"] == "2026-11-23T06:00:00Z"
    (json_cycle,) = document["tables"]["botoxcycle"]
    assert json_cycle["units"] == 25 and "side_effects" not in json_cycle
    # The side-effect diary: each side effect with the day it started and ended.
    _, (effect,) = read_csv(files["side_effect.csv"])
    assert (effect["effect"], effect["started_on"], effect["ended_on"]) == (
        "ptosis",
        "2026-11-05",
        "2026-11-09",
    )
    assert effect["cycle_id"] == cycle["id"]
    (json_effect,) = document["tables"]["side_effect"]
    assert json_effect["started_on"] == "2026-11-05" and json_effect["ended_on"] == "2026-11-09"
    _, checkins = read_csv(files["checkin.csv"])
    assert f"note from {A}: felt tired" in {c["note"] for c in checkins}
    _, schedules = read_csv(files["schedule.csv"])
    assert schedules[0]["start_local"].startswith("2026-11-2")  # local wall time, no offset
    assert not schedules[0]["start_local"].endswith("Z")
    for line in read_csv(files["occurrence.csv"])[1]:
        assert datetime.fromisoformat(line["due_at"]).tzinfo is not None
        assert line["due_at"].endswith("Z")

    readme = files["README.txt"].decode("utf-8")
    for table in tables:
        assert f"{table}.csv" in readme
    assert "UTC" in readme and "Rows: 1." in readme
    # Exporting changed nothing.
    assert await dump(db) == rows
    assert (await dump(db))["patient"] == rows["patient"]
    assert b_id in {p["id"] for p in rows["patient"]}


async def test_export_before_consent_says_nothing_is_stored(harness: Harness) -> None:
    user = harness.user(A)
    reply = await user.say("/export")
    assert "nothing to export" in reply.text and reply.kind == "text"
    await user.say("/start")
    reply = await user.say("/export")
    assert "nothing to export" in reply.text


async def test_export_and_delete_are_in_help_and_the_menu(harness: Harness) -> None:
    text = help_text()
    assert "/export – Download all your data" in text
    assert "/delete – Delete all your data" in text
    assert [c.name for c in data.FEATURE.commands] == ["export", "delete"]


# ---- /delete ------------------------------------------------------------------------------------
async def ask_delete(user: FakeUser) -> BotMessage:
    question = await user.say("/delete")
    assert "cannot be undone" in question.text and "/export" in question.text
    assert "reminder" in question.text
    labels = [label for row in question.buttons for label, _ in row]
    assert labels == ["Yes, delete everything", "Cancel"]
    return question


async def test_cancel_changes_nothing(harness: Harness, db: Database) -> None:
    a, _b, _a_id, _b_id = await seeded_pair(harness, db)
    before = await dump(db)
    await ask_delete(a)
    edited = await a.press("Cancel")
    assert edited.is_edit and "nothing was deleted" in edited.text and edited.buttons == []
    assert await dump(db) == before


async def test_confirm_deletes_every_row_about_them_and_only_theirs(
    harness: Harness, db: Database
) -> None:
    a, _b, a_id, b_id = await seeded_pair(harness, db)
    before = await dump(db)
    assert mentions(before, A), "the scan finds nothing even before deletion: it is broken"
    await ask_delete(a)
    harness.clock.advance(minutes=9)  # still within the 10 minutes
    done = await a.press("Yes, delete everything")
    assert done.is_edit and done.buttons == []
    assert done.text == "Everything is deleted. Send /start if you ever want to begin again."
    assert (await a.next_callback_answer()).text == "Deleted."

    after = await dump(db)
    for table in SQLModel.metadata.sorted_tables:
        if "patient_id" in table.c:
            assert [r for r in after[table.name] if r["patient_id"] == a_id] == [], table.name
    assert a_id not in {p["id"] for p in after["patient"]}
    assert A not in {p["chat_id"] for p in after["patient"]}
    assert mentions(after, A) == []
    # A's caregiver followed only A, so nothing is kept about them; B's caregiver stays.
    assert after["caregiver"] == [c for c in before["caregiver"] if c["chat_id"] != A + 50]
    assert len(after["caregiver"]) == 1
    for table in data.patient_tables():
        assert rows_of(after, table.name, b_id) == rows_of(before, table.name, b_id), table.name
    # The same tap again finds nothing to delete.
    await a.tap_data(done.message_id, f"data:{a_id}:y:{int(harness.clock.now().timestamp())}")
    assert "not valid" in ((await a.next_callback_answer()).text or "")


async def test_another_chats_or_forged_confirmation_changes_nothing(
    harness: Harness, db: Database
) -> None:
    a, b, a_id, b_id = await seeded_pair(harness, db)
    question = await ask_delete(a)
    before = await dump(db)
    stamp = int(harness.clock.now().timestamp())
    b_message = (await b.say("/help")).message_id
    forgeries = [
        (b, b_message, f"data:{a_id}:y:{stamp}"),  # B replays A's button
        (a, question.message_id, f"data:{b_id}:y:{stamp}"),  # A names B's patient id
        (a, question.message_id, f"data:{a_id + 1000}:y:{stamp}"),
        (a, question.message_id, f"data:{a_id}:z:{stamp}"),
        (a, question.message_id, "data:x:y:1"),
        (a, question.message_id, "data:1:y"),
        (a, question.message_id, f"data:{a_id}:y:{'9' * 40}"),
    ]
    for user, message_id, forged in forgeries:
        user.drain_events()
        await user.tap_data(message_id, forged)
        answer = await user.next_callback_answer()
        if decode(forged) is None:  # not even of the button's form
            assert (answer.text or "").startswith("This button has expired."), forged
        else:
            assert answer.text == "This button is not valid here. Nothing was deleted.", forged
        assert await dump(db) == before, forged
    # A's real button still works afterwards.
    await a.press("Yes, delete everything", message_id=question.message_id)
    assert await patient_id(db, A) is None and await patient_id(db, B) == b_id


async def test_expired_confirmation_changes_nothing(harness: Harness, db: Database) -> None:
    a, _b, _a_id, _b_id = await seeded_pair(harness, db)
    question = await ask_delete(a)
    harness.clock.advance(minutes=10, seconds=1)
    before = await dump(db)
    edited = await a.press("Yes, delete everything", message_id=question.message_id)
    assert "expired" in edited.text and "nothing was deleted" in edited.text
    assert edited.buttons == []
    assert await dump(db) == before
    # Asking again gives a fresh, working question.
    await ask_delete(a)
    await a.press("Yes, delete everything")
    assert await patient_id(db, A) is None


async def test_nothing_more_is_sent_after_deletion(harness: Harness, db: Database) -> None:
    a, b, _a_id, _b_id = await seeded_pair(harness, db)
    await ask_delete(a)
    await a.press("Yes, delete everything")
    a.drain()
    # A's follow-up (3 h after the prompt) and two more days of prompts would be due by now.
    for _ in range(17):  # 51 hours, in steps as APScheduler would wake
        stats = await harness.advance(hours=3)
        assert stats.failed == 0
    assert a.drain() == []
    prompts = [m for m in b.drain() if not m.is_edit and "How often" in m.text]
    assert len(prompts) == 5  # B still gets them: 3 follow-ups, Wednesday and Thursday


async def test_confirmation_still_works_after_a_restart(harness: Harness, db: Database) -> None:
    a, _b, _a_id, b_id = await seeded_pair(harness, db)
    await ask_delete(a)
    await harness.restart()
    await a.press("Yes, delete everything")
    assert await patient_id(db, A) is None and await patient_id(db, B) == b_id


async def test_delete_before_consent_removes_the_chat_id(harness: Harness, db: Database) -> None:
    user = harness.user(A)
    reply = await user.say("/delete")
    assert "Nothing about you is stored" in reply.text
    await user.say("/start")  # stores the chat id, asks for consent
    assert await patient_id(db, A) is not None
    reply = await user.say("/delete")
    assert "Nothing about you is stored" in reply.text and reply.buttons == []
    assert await patient_id(db, A) is None


async def test_deleted_patient_can_start_again(harness: Harness, db: Database) -> None:
    a_id = await seed(harness, db, A)
    user = harness.user(A)
    await ask_delete(user)
    await user.press("Yes, delete everything")
    welcome = await user.say("/start")
    assert "I agree" in " ".join(label for row in welcome.buttons for label, _ in row)
    new_id = await patient_id(db, A)
    assert new_id is not None  # SQLite may hand out the same id again: nothing old may show
    rows = await dump(db)
    (patient,) = rows["patient"]
    assert patient["consent_at"] is None and patient["timezone"] is None
    assert all(rows_of(rows, t.name, new_id) == [] for t in data.patient_tables()[1:])
    assert a_id == new_id or a_id not in {p["id"] for p in rows["patient"]}


# ---- which rows belong to a patient (pure, on a made-up schema) --------------------------------
def test_tables_are_discovered_from_the_metadata_including_indirect_ones() -> None:
    meta = MetaData()
    patient = Table("patient", meta, Column("id", Integer, primary_key=True))
    plan = Table(
        "plan",
        meta,
        Column("id", Integer, primary_key=True),
        Column("patient_id", ForeignKey("patient.id")),
    )
    step = Table(  # reaches the patient only through plan
        "step",
        meta,
        Column("id", Integer, primary_key=True),
        Column("plan_id", ForeignKey("plan.id")),
        Column("text", String),
    )
    Table("glossary", meta, Column("id", Integer, primary_key=True), Column("word", String))
    assert [t.name for t in data.patient_tables(meta)] == ["patient", "plan", "step"]

    engine = create_engine("sqlite://")
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(patient), [{"id": 1}, {"id": 2}])
        conn.execute(insert(plan), [{"id": 10, "patient_id": 1}, {"id": 20, "patient_id": 2}])
        conn.execute(insert(step), [{"id": 100, "plan_id": 10}, {"id": 200, "plan_id": 20}])
        for table, expected in ((patient, [1]), (plan, [10]), (step, [100])):
            owned = data.row_filter(table, 1)
            assert owned is not None
            got = [r.id for r in conn.execute(select(table.c.id).where(owned))]
            assert got == expected, table.name
    engine.dispose()


def test_every_model_table_with_a_patient_id_is_covered() -> None:
    found = {t.name for t in data.patient_tables()}
    expected = {t.name for t in SQLModel.metadata.sorted_tables if "patient_id" in t.c}
    assert found == expected | {"patient"}
    assert {"checkin", "schedule", "occurrence", "botoxcycle", "doselog"} <= found


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2026, 11, 21, 9, 30, tzinfo=UTC), "2026-11-21T09:30:00Z"),
        (datetime(2026, 3, 29, 2, 30), "2026-03-29T02:30:00"),  # a local wall time stays local
        (date(2026, 11, 21), "2026-11-21"),
        (True, "true"),
        (None, ""),
        (["08:00", "20:00"], '["08:00", "20:00"]'),
        ({"b": 1, "a": "ü"}, '{"a": "ü", "b": 1}'),
        (12, "12"),
    ],
)
def test_csv_cells(value: Any, expected: str) -> None:
    assert data.cell(value) == expected


def test_instants_in_other_zones_are_written_in_utc() -> None:
    from zoneinfo import ZoneInfo

    berlin = datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert data.plain(berlin) == "2026-07-01T07:00:00Z"


def test_zip_is_built_in_memory_with_readme_first() -> None:
    dump_ = data.TableDump("patient", ["id", "note"], [{"id": 1, "note": 'says "hi", twice'}])
    when = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    blob = data.build_zip([dump_], exported_at=when, folder="x", readme="hello\nthere")
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        assert archive.namelist() == ["x/README.txt", "x/data.json", "x/patient.csv"]
        assert archive.read("x/README.txt") == b"hello\r\nthere"
        header, body = read_csv(archive.read("x/patient.csv"))
        assert header == ["id", "note"] and body == [{"id": "1", "note": 'says "hi", twice'}]
        assert json.loads(archive.read("x/data.json"))["tables"]["patient"] == dump_.rows


async def test_occurrences_of_a_deleted_patient_are_not_left_pending(
    harness: Harness, db: Database
) -> None:
    _a, _b, a_id, _b_id = await seeded_pair(harness, db)
    user = harness.user(A)
    await ask_delete(user)
    await user.press("Yes, delete everything")
    async with db.transaction() as session:
        left = (
            await session.exec(sm_select(Occurrence).where(col(Occurrence.patient_id) == a_id))
        ).all()
    assert left == []
    assert harness.app is not None
    next_wake = await harness.app.bot_data.dispatcher.next_wake()
    assert next_wake is not None  # B's reminders keep the engine armed


async def test_deletion_does_not_rely_on_foreign_keys(
    harness: Harness, db: Database, database_url: str
) -> None:
    _a, _b, a_id, b_id = await seeded_pair(harness, db)
    before = await dump(db)
    loose = Database(database_url)
    if loose.is_sqlite:

        @event.listens_for(loose.engine.sync_engine, "connect")
        def _no_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA foreign_keys=OFF")

    try:
        async with loose.transaction() as session:
            conn = await session.connection()
            if loose.is_sqlite:
                assert (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 0
            counts = await data.delete_patient_data(session, a_id)
    finally:
        await loose.dispose()
    after = await dump(db)
    for table in data.patient_tables():
        assert counts[table.name] == len(rows_of(before, table.name, a_id)) > 0, table.name
        assert rows_of(after, table.name, a_id) == [], table.name
        assert rows_of(after, table.name, b_id) == rows_of(before, table.name, b_id), table.name
    assert mentions(after, A) == []


def sqlite_bytes(database_url: str) -> dict[str, bytes]:
    """The bytes of a SQLite database's files (the database and its write-ahead log)."""
    path = Path(database_url.removeprefix("sqlite+aiosqlite:///"))
    files = [path, path.with_name(path.name + "-wal")]
    return {f.name: f.read_bytes() for f in files if f.exists()}


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's file format")
async def test_deleted_notes_leave_no_trace_in_the_sqlite_files(
    harness: Harness, db: Database
) -> None:
    """SQLite leaves a deleted row's bytes in the page's free space unless secure_delete is on
    (off by default on most builds), and in the write-ahead log until it is checkpointed."""
    note = "quince-zeppelin-4471 my eyelid twitched all day"
    secret = note.split()[0].encode()
    user = harness.user(A)
    await onboard(harness, A, zone="UTC")
    question = await user.say("/checkin")
    while "Skip" not in question.button_texts:  # every rating, then the note
        question = await user.press("1")
    await user.say(note)
    stored = sqlite_bytes(harness.database_url)
    assert any(secret in content for content in stored.values()), "the note was not stored"

    await ask_delete(user)
    await user.press("Yes, delete everything")
    for name, content in sqlite_bytes(harness.database_url).items():  # while the bot runs
        assert secret not in content, name
    await harness.stop()
    await db.dispose()
    for name, content in sqlite_bytes(harness.database_url).items():
        assert secret not in content, name
