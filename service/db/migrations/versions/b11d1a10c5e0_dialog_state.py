"""one dialog state per patient

Revision ID: b11d1a10c5e0
Revises: de1a10a00003
Create Date: 2026-11-30 12:00:00

``patient.onboarding_step``, ``awaiting`` and ``awaiting_ref`` become one JSON value,
``patient.dialog`` ({"waiting": ..., "ref": ..., "setup": ...}); what a patient was in the middle
of is kept.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'b11d1a10c5e0'
down_revision: str | None = 'de1a10a00003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

patient = sa.table(
    'patient',
    sa.column('id', sa.Integer()),
    sa.column('onboarding_step', sa.String()),
    sa.column('awaiting', sa.String()),
    sa.column('awaiting_ref', sa.Integer()),
    sa.column('dialog', sa.JSON()),
)
WAITING = {'timezone', 'time', 'note', 'phone_surgery', 'phone_clinic'}
SETUP = {'timezone', 'time', 'first_checkin', 'side', 'treatment'}


def upgrade() -> None:
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dialog', sa.JSON(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(patient.c.id, patient.c.onboarding_step, patient.c.awaiting,
                  patient.c.awaiting_ref).where(
            sa.or_(patient.c.onboarding_step.is_not(None), patient.c.awaiting.is_not(None))
        )
    ).all()
    for pid, step, awaiting, ref in rows:
        dialog = {
            'waiting': awaiting if awaiting in WAITING else None,
            'ref': ref if awaiting in WAITING else None,
            'setup': step if step in SETUP else None,
        }
        conn.execute(sa.update(patient).where(patient.c.id == pid).values(dialog=dialog))
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_column('awaiting_ref')
        batch_op.drop_column('awaiting')
        batch_op.drop_column('onboarding_step')


def downgrade() -> None:
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.add_column(sa.Column('onboarding_step', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('awaiting', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('awaiting_ref', sa.Integer(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(patient.c.id, patient.c.dialog).where(patient.c.dialog.is_not(None))
    ).all()
    for pid, dialog in rows:
        dialog = dialog or {}
        conn.execute(
            sa.update(patient).where(patient.c.id == pid).values(
                onboarding_step=dialog.get('setup'),
                awaiting=dialog.get('waiting') if dialog.get('waiting') in WAITING else None,
                awaiting_ref=dialog.get('ref'),
            )
        )
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_column('dialog')
