"""a pause may spare some reminders (medication reminders keep coming)

Revision ID: c12e0000e001
Revises: b11d1a10c5e1
Create Date: 2026-12-01 01:00:00

``patient.paused_except``: the occurrence kinds that are still sent while the patient has paused
(NULL: nothing, which is what every existing pause meant).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'c12e0000e001'
down_revision: str | None = 'c12c0000c001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_except', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_column('paused_except')
