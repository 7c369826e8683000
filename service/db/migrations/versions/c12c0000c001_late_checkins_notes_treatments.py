"""late check-ins, a day's notes, several treatments

Revision ID: c12c0000c001
Revises: b11d1a10c5e1
Create Date: 2026-12-01 00:30:00

``checkin.entered_late`` marks a check-in filled in after its day (false for every existing
row); ``checkin.note`` grows to hold a day's notes (a correction adds, never replaces);
``patient.treatment`` grows to hold several comma-separated treatments. Every value is kept.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'c12c0000c001'
down_revision: str | None = 'b11d1a10c5e1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('entered_late', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.alter_column(
            'note', existing_type=sa.String(length=500), type_=sa.String(length=2000)
        )
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.alter_column(
            'treatment', existing_type=sa.String(length=20), type_=sa.String(length=100)
        )


def downgrade() -> None:
    # Shorter columns again: cut what no longer fits rather than fail (the notes keep their
    # start, several treatments keep the first).
    checkin = sa.table('checkin', sa.column('note', sa.String()))
    patient = sa.table('patient', sa.column('treatment', sa.String()))
    op.execute(
        checkin.update()
        .where(sa.func.length(checkin.c.note) > 500)
        .values(note=sa.func.substr(checkin.c.note, 1, 500))
    )
    op.execute(
        patient.update()
        .where(sa.func.length(patient.c.treatment) > 20)
        .values(treatment=sa.func.substr(patient.c.treatment, 1, 20))
    )
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.alter_column(
            'treatment', existing_type=sa.String(length=100), type_=sa.String(length=20)
        )
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.alter_column(
            'note', existing_type=sa.String(length=2000), type_=sa.String(length=500)
        )
        batch_op.drop_column('entered_late')
