"""clinic record: injection product, units per site and injector; patient-reported onset;
side-effect diary; medication change events; the patient's chosen name on the report

Revision ID: e13000000001
Revises: d13q00000001
Create Date: 2026-12-01 03:40:00

Keeps every existing row: an existing injection gets product "unknown"; each side effect ticked
on an existing injection becomes a side_effect row with no days (recorded before the diary); each
existing medication gets a "started" event at its creation and a "stopped" one at its stop.
The downgrade drops the new columns and tables (the side-effect codes stay in
botoxcycle.side_effects, which this revision does not touch).
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

import service.db.types

revision: str = 'e13000000001'
down_revision: str | None = 'd13q00000001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('botoxcycle') as batch:
        batch.add_column(sa.Column('onset_reported_on', sa.Date(), nullable=True))
        batch.add_column(
            sa.Column(
                'product',
                sqlmodel.sql.sqltypes.AutoString(length=24),
                nullable=False,
                server_default='unknown',
            )
        )
        batch.add_column(
            sa.Column('product_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True)
        )
        batch.add_column(sa.Column('site_units', sa.JSON(), nullable=True))
        batch.add_column(
            sa.Column('injector', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True)
        )
    with op.batch_alter_table('botoxcycle') as batch:
        batch.alter_column('product', server_default=None)
    with op.batch_alter_table('patient') as batch:
        batch.add_column(
            sa.Column('report_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True)
        )
        batch.add_column(
            sa.Column(
                'report_identifier', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True
            )
        )
    side_effect = op.create_table(
        'side_effect',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('cycle_id', sa.Integer(), nullable=True),
        sa.Column('effect', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=True),
        sa.Column('ended_on', sa.Date(), nullable=True),
        sa.Column('created_at', service.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['cycle_id'], ['botoxcycle.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_side_effect_cycle_id', 'side_effect', ['cycle_id'], unique=False)
    op.create_index('ix_side_effect_patient_id', 'side_effect', ['patient_id'], unique=False)
    change = op.create_table(
        'medication_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('medication_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('changed_at', service.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('dose', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column('times', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['medication_id'], ['medication.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(
        'ix_medication_change_medication_id', 'medication_change', ['medication_id'], unique=False
    )
    op.create_index(
        'ix_medication_change_patient_id', 'medication_change', ['patient_id'], unique=False
    )
    _copy_existing(side_effect, change)


def _copy_existing(side_effect: sa.Table, change: sa.Table) -> None:
    """Side effects and medications already stored become diary rows and change events."""
    bind = op.get_bind()
    utc = service.db.types.UTCDateTime()
    now = datetime.now(UTC)
    cycles = sa.table(
        'botoxcycle',
        sa.column('id', sa.Integer()),
        sa.column('patient_id', sa.Integer()),
        sa.column('side_effects', sa.JSON()),
    )
    rows = [
        {'patient_id': pid, 'cycle_id': cid, 'effect': code, 'started_on': None,
         'ended_on': None, 'created_at': now}
        for cid, pid, codes in bind.execute(
            sa.select(cycles.c.id, cycles.c.patient_id, cycles.c.side_effects)
        )
        for code in (codes or [])
    ]
    if rows:
        op.bulk_insert(side_effect, rows)
    meds = sa.table(
        'medication',
        sa.column('id', sa.Integer()),
        sa.column('patient_id', sa.Integer()),
        sa.column('dose', sa.String()),
        sa.column('times', sa.JSON()),
        sa.column('created_at', utc),
        sa.column('stopped_at', utc),
    )
    events: list[dict[str, object]] = []
    for mid, pid, dose, times, created, stopped in bind.execute(
        sa.select(meds.c.id, meds.c.patient_id, meds.c.dose, meds.c.times, meds.c.created_at,
                  meds.c.stopped_at)
    ):
        base = {'patient_id': pid, 'medication_id': mid, 'dose': dose, 'times': times}
        events.append({**base, 'kind': 'started', 'changed_at': created})
        if stopped is not None:
            events.append({**base, 'kind': 'stopped', 'changed_at': stopped})
    if events:
        op.bulk_insert(change, events)


def downgrade() -> None:
    op.drop_index('ix_medication_change_patient_id', table_name='medication_change')
    op.drop_index('ix_medication_change_medication_id', table_name='medication_change')
    op.drop_table('medication_change')
    op.drop_index('ix_side_effect_patient_id', table_name='side_effect')
    op.drop_index('ix_side_effect_cycle_id', table_name='side_effect')
    op.drop_table('side_effect')
    with op.batch_alter_table('patient') as batch:
        batch.drop_column('report_identifier')
        batch.drop_column('report_name')
    with op.batch_alter_table('botoxcycle') as batch:
        batch.drop_column('injector')
        batch.drop_column('site_units')
        batch.drop_column('product_name')
        batch.drop_column('product')
        batch.drop_column('onset_reported_on')
