"""care team phones: the surgical team's and the Botox clinic's phone number on the patient

Revision ID: c1a9a5afe001
Revises: e3fb35fcece4
Create Date: 2026-11-24 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'c1a9a5afe001'
down_revision: str | None = 'e3fb35fcece4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Two nullable columns: existing patients keep every row and simply have no number yet.
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('surgery_phone', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True)
        )
        batch_op.add_column(
            sa.Column('clinic_phone', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_column('clinic_phone')
        batch_op.drop_column('surgery_phone')
