"""clinical safety: lower-face rating, reported wear-off, clinic interval asked

Revision ID: c1a9b5afe002
Revises: c1a9a5afe001
Create Date: 2026-11-24 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'c1a9b5afe002'
down_revision: str | None = 'c1a9a5afe001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lower_face', sa.Integer(), nullable=True))

    with op.batch_alter_table('botoxcycle', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wear_off_reported_on', sa.Date(), nullable=True))

    with op.batch_alter_table('patient', schema=None) as batch_op:
        # A plain-string default keeps this an in-place ALTER TABLE on SQLite (an SQL
        # expression would make the batch recreate the table).
        batch_op.add_column(
            sa.Column('botox_interval_asked', sa.Boolean(), nullable=False, server_default='0')
        )
    # A patient who already set an interval other than the default gave the clinic's one.
    op.execute("UPDATE patient SET botox_interval_asked = true WHERE botox_interval_weeks <> 12")


def downgrade() -> None:
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_column('botox_interval_asked')

    with op.batch_alter_table('botoxcycle', schema=None) as batch_op:
        batch_op.drop_column('wear_off_reported_on')

    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_column('lower_face')
