"""Migrations: they build exactly the models' schema, and go down and up again cleanly."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from service.db import models  # noqa: F401
from service.db.engine import Database
from service.db.migrate import downgrade, upgrade


async def test_migrated_schema_matches_the_models(db: Database) -> None:
    def diff(conn: Connection) -> list[object]:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))

    async with db.engine.connect() as conn:
        differences = await conn.run_sync(diff)
    assert differences == []


async def test_upgrade_from_empty_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    await upgrade(url)
    db = Database(url)

    async def tables() -> set[str]:
        async with db.engine.connect() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))

    assert {"patient", "schedule", "occurrence", "checkin"} <= await tables()
    await downgrade(url, "base")
    assert await tables() <= {"alembic_version"}
    await upgrade(url)
    assert {"patient", "schedule", "occurrence", "checkin"} <= await tables()
    await db.dispose()


def _revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    from service.db.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


async def _scratch_database(tmp_path: Path, name: str) -> tuple[str, object]:
    """A new empty database: a SQLite file, or a PostgreSQL database when testing on it."""
    import os
    import uuid

    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    base_url = os.environ.get("TEST_DATABASE_URL", "")
    if not base_url:
        return f"sqlite+aiosqlite:///{tmp_path / (name + '.db')}", None
    base = make_url(base_url.replace("postgresql://", "postgresql+asyncpg://"))
    db_name = f"hfs_mig_{uuid.uuid4().hex[:8]}"
    admin = Database(base.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    async with admin.engine.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{db_name}"'))

    async def drop() -> None:
        async with admin.engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        await admin.dispose()

    return base.set(database=db_name).render_as_string(hide_password=False), drop


async def test_upgrade_from_every_earlier_revision(tmp_path: Path) -> None:
    revisions = _revisions()
    assert len(revisions) >= 2
    for index, revision in enumerate(revisions[:-1]):
        url, drop = await _scratch_database(tmp_path, f"r{index}")
        try:
            await upgrade(url, revision)
            if index == 0:
                # Data written at an old revision survives the later migrations.
                db = Database(url)
                async with db.engine.begin() as conn:
                    await conn.exec_driver_sql(
                        "INSERT INTO patient (chat_id, created_at, language, paused, active) "
                        "VALUES (42, '2026-01-01 00:00:00', 'en', false, true)"
                    )
                await db.dispose()
            await upgrade(url)
            db = Database(url)
            async with db.engine.connect() as conn:
                version = (
                    await conn.exec_driver_sql("SELECT version_num FROM alembic_version")
                ).scalar_one()
                if index == 0:
                    row = (
                        await conn.exec_driver_sql(
                            "SELECT chat_id, botox_interval_weeks FROM patient"
                        )
                    ).one()
                    assert tuple(row) == (42, 12)
            await db.dispose()
            assert version == revisions[-1]
        finally:
            if drop is not None:
                await drop()  # type: ignore[operator]


async def test_clinical_safety_migration_keeps_data_and_marks_given_intervals(
    tmp_path: Path,
) -> None:
    """c1a9b5afe002: check-ins gain an empty lower-face rating, cycles keep their (estimated)
    wear-off, and a patient who had set an interval other than 12 weeks is not asked again."""
    url, drop = await _scratch_database(tmp_path, "safety")
    try:
        await upgrade(url, "e3fb35fcece4")
        db = Database(url)
        async with db.engine.begin() as conn:
            for chat_id, weeks in ((1, 14), (2, 12)):
                await conn.exec_driver_sql(
                    "INSERT INTO patient (chat_id, created_at, language, paused, active, "
                    "botox_interval_weeks, botox_booking_lead_weeks) "
                    f"VALUES ({chat_id}, '2026-01-01 00:00:00', 'en', false, true, {weeks}, 2)"
                )
            await conn.exec_driver_sql(
                "INSERT INTO checkin (patient_id, local_date, status, frequency, severity, "
                "created_at, updated_at) VALUES (1, '2026-01-02', 'complete', 2, 3, "
                "'2026-01-02 00:00:00', '2026-01-02 00:00:00')"
            )
            await conn.exec_driver_sql(
                "INSERT INTO botoxcycle (patient_id, injected_on, interval_weeks, wear_off_on, "
                "created_at) VALUES (1, '2026-01-03', 14, '2026-03-01', '2026-01-03 00:00:00')"
            )
        await db.dispose()
        await upgrade(url)
        db = Database(url)
        async with db.engine.connect() as conn:
            asked = (
                await conn.exec_driver_sql(
                    "SELECT chat_id, botox_interval_asked FROM patient ORDER BY chat_id"
                )
            ).all()
            checkin = (
                await conn.exec_driver_sql("SELECT frequency, severity, lower_face FROM checkin")
            ).one()
            cycle = (
                await conn.exec_driver_sql(
                    "SELECT wear_off_on, wear_off_reported_on FROM botoxcycle"
                )
            ).one()
        await db.dispose()
        assert [(chat, bool(flag)) for chat, flag in asked] == [(1, True), (2, False)]
        assert tuple(checkin) == (2, 3, None)
        assert str(cycle[0]) == "2026-03-01" and cycle[1] is None
    finally:
        if drop is not None:
            await drop()  # type: ignore[operator]


async def test_a_table_recreated_by_a_batch_migration_keeps_its_child_rows(
    tmp_path: Path,
) -> None:
    """SQLite: a batch migration that recreates ``patient`` (copy, DROP, rename) must not
    cascade the DROP to the patient's check-ins; migrations run with foreign keys off."""
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    from service.db.migrate import migration_engine

    url = f"sqlite+aiosqlite:///{tmp_path / 'recreate.db'}"
    await upgrade(url)
    engine = migration_engine(url)
    async with engine.begin() as conn:
        await conn.exec_driver_sql(
            "INSERT INTO patient (chat_id, created_at, language, paused, active, "
            "botox_interval_weeks, botox_booking_lead_weeks, botox_interval_asked) "
            "VALUES (7, '2026-01-01 00:00:00', 'en', false, true, 12, 2, false)"
        )
        await conn.exec_driver_sql(
            "INSERT INTO checkin (patient_id, local_date, status, created_at, updated_at) "
            "VALUES (1, '2026-01-02', 'open', '2026-01-02 00:00:00', '2026-01-02 00:00:00')"
        )

        def recreate(sync_conn: Connection) -> None:
            ops = Operations(MigrationContext.configure(sync_conn))
            with ops.batch_alter_table("patient", recreate="always") as batch:
                batch.alter_column("language", existing_type=None, comment=None)

        await conn.run_sync(recreate)
    async with engine.connect() as conn:
        count = (await conn.exec_driver_sql("SELECT count(*) FROM checkin")).scalar_one()
    await engine.dispose()
    assert count == 1


async def test_clinic_record_migration_keeps_injections_side_effects_and_medications(
    tmp_path: Path,
) -> None:
    """e13000000001: an existing injection gets product "unknown"; its ticked side effects
    become diary rows with no days; each medication gets its "started" (and "stopped") event."""
    url, drop = await _scratch_database(tmp_path, "record")
    try:
        await upgrade(url, "d13q00000001")
        db = Database(url)
        async with db.engine.begin() as conn:
            await conn.exec_driver_sql(
                "INSERT INTO patient (chat_id, created_at, language, paused, active, "
                "botox_interval_weeks, botox_booking_lead_weeks, botox_interval_asked) "
                "VALUES (5, '2026-01-01 00:00:00', 'en', false, true, 12, 2, true)"
            )
            await conn.exec_driver_sql(
                "INSERT INTO botoxcycle (patient_id, injected_on, units, interval_weeks, "
                "side_effects, created_at) VALUES (1, '2026-01-03', 40, 12, "
                "'[\"ptosis\", \"dry_eye\"]', '2026-01-03 00:00:00')"
            )
            await conn.exec_driver_sql(
                "INSERT INTO medication (patient_id, name, dose, times, active, created_at, "
                "stopped_at) VALUES (1, 'Carbamazepine', '200 mg', '[\"08:00\"]', false, "
                "'2026-01-05 08:00:00', '2026-02-01 09:00:00')"
            )
        await db.dispose()
        await upgrade(url)
        db = Database(url)
        async with db.engine.connect() as conn:
            cycle = (
                await conn.exec_driver_sql("SELECT units, product, site_units FROM botoxcycle")
            ).one()
            effects = (
                await conn.exec_driver_sql(
                    "SELECT cycle_id, effect, started_on, ended_on FROM side_effect "
                    "ORDER BY effect"
                )
            ).all()
            changes = (
                await conn.exec_driver_sql(
                    "SELECT kind, dose FROM medication_change ORDER BY changed_at"
                )
            ).all()
        await db.dispose()
        assert tuple(cycle) == (40, "unknown", None)
        assert [tuple(row) for row in effects] == [
            (1, "dry_eye", None, None),
            (1, "ptosis", None, None),
        ]
        assert [tuple(row) for row in changes] == [("started", "200 mg"), ("stopped", "200 mg")]
    finally:
        if drop is not None:
            await drop()  # type: ignore[operator]


async def test_side_effect_diary_migration_keeps_legacy_codes_and_unanswered(
    tmp_path: Path,
) -> None:
    """e13b00000001: botoxcycle.side_effects goes; its codes stay as diary rows, "none" ([])
    and "never answered" (NULL) stay apart (as answered-at columns), and the downgrade puts the
    list back from the rows."""
    url, drop = await _scratch_database(tmp_path, "diary")
    try:
        await upgrade(url, "d13q00000001")
        db = Database(url)
        async with db.engine.begin() as conn:
            await conn.exec_driver_sql(
                "INSERT INTO patient (chat_id, created_at, language, paused, active, "
                "botox_interval_weeks, botox_booking_lead_weeks, botox_interval_asked) "
                "VALUES (5, '2026-01-01 00:00:00', 'en', false, true, 12, 2, true)"
            )
            for day, effect, legacy in (
                ("2026-01-03", 3, '["ptosis", "diplopia"]'),  # answered, week 4 rated
                ("2026-04-03", None, "[]"),  # day 7: none
                ("2026-07-03", None, None),  # never answered
            ):
                await conn.execute(
                    text(
                        "INSERT INTO botoxcycle (patient_id, injected_on, units, interval_weeks, "
                        "effect, side_effects, created_at) VALUES (1, :day, 40, 12, :effect, "
                        ":legacy, '2026-01-03 00:00:00')"
                    ),
                    {"day": date.fromisoformat(day), "effect": effect, "legacy": legacy},
                )
        await db.dispose()
        await upgrade(url)
        db = Database(url)
        async with db.engine.connect() as conn:
            columns = {c["name"] for c in await conn.run_sync(_botox_columns)}
            answered = (
                await conn.exec_driver_sql(
                    "SELECT side_effects_day7_at IS NOT NULL, side_effects_week4_at IS NOT NULL "
                    "FROM botoxcycle ORDER BY id"
                )
            ).all()
            rows = (
                await conn.exec_driver_sql(
                    "SELECT cycle_id, effect, started_on FROM side_effect ORDER BY id"
                )
            ).all()
        await db.dispose()
        assert "side_effects" not in columns
        assert [tuple(bool(v) for v in row) for row in answered] == [
            (True, True),
            (True, False),
            (False, False),
        ]
        assert [tuple(row) for row in rows] == [(1, "ptosis", None), (1, "diplopia", None)]

        await downgrade(url, "e13000000001")
        db = Database(url)
        async with db.engine.connect() as conn:
            legacy_rows = (
                await conn.exec_driver_sql("SELECT side_effects FROM botoxcycle ORDER BY id")
            ).all()
        await db.dispose()
        restored = [json.loads(v) if isinstance(v, str) else v for (v,) in legacy_rows]
        assert restored == [["ptosis", "diplopia"], [], None]
    finally:
        if drop is not None:
            await drop()  # type: ignore[operator]


def _botox_columns(conn: Connection) -> list[dict[str, object]]:
    return list(inspect(conn).get_columns("botoxcycle"))  # type: ignore[arg-type]
