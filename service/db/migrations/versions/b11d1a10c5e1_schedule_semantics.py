"""schedule semantics in columns: state, anchor, back-off

Revision ID: b11d1a10c5e1
Revises: b11d1a10c5e0
Create Date: 2026-11-30 22:40:00

``schedule.active`` plus a ``{"paused": true}`` payload key become ``state`` (active / paused /
ended); appointments' reminders, told apart by their kind's ``appt_`` prefix until now, get
``anchor = 'instant'``; ``unanswered`` and ``pause_offered_at`` hold the reminder lifecycle's
back-off. Every schedule keeps what it meant.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import service.db.types

revision: str = 'b11d1a10c5e1'
down_revision: str | None = 'b11d1a10c5e0'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

schedule = sa.table(
    'schedule',
    sa.column('id', sa.Integer()),
    sa.column('kind', sa.String()),
    sa.column('active', sa.Boolean()),
    sa.column('state', sa.String()),
    sa.column('anchor', sa.String()),
    sa.column('next_due_at', sa.DateTime()),
    sa.column('payload', sa.JSON()),
)


def upgrade() -> None:
    with op.batch_alter_table('schedule', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=10), nullable=False, server_default='active'))
        batch_op.add_column(sa.Column('anchor', sa.String(length=10), nullable=False, server_default='local'))
        batch_op.add_column(sa.Column('unanswered', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('pause_offered_at', service.db.types.UTCDateTime(timezone=True), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(schedule.c.id, schedule.c.next_due_at, schedule.c.payload).where(
            sa.not_(schedule.c.active)
        )
    ).all()
    for sid, next_due_at, payload in rows:
        payload = dict(payload or {})
        paused = bool(payload.pop('paused', False)) and next_due_at is not None
        conn.execute(
            sa.update(schedule).where(schedule.c.id == sid).values(
                state='paused' if paused else 'ended', payload=payload or None
            )
        )
    conn.execute(
        sa.update(schedule).where(schedule.c.kind.like('appt\\_%', escape='\\')).values(anchor='instant')
    )
    with op.batch_alter_table('schedule', schema=None) as batch_op:
        batch_op.drop_index('ix_schedule_due')
        batch_op.drop_column('active')
        batch_op.create_index('ix_schedule_due', ['state', 'next_due_at'], unique=False)
    with op.batch_alter_table('schedule', schema=None) as batch_op:
        batch_op.alter_column('state', server_default=None)
        batch_op.alter_column('anchor', server_default=None)
        batch_op.alter_column('unanswered', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('schedule', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(schedule.c.id, schedule.c.state, schedule.c.payload).where(
            schedule.c.state != 'active'
        )
    ).all()
    for sid, state, payload in rows:
        values: dict = {'active': False}
        if state == 'paused':
            values['payload'] = {**(payload or {}), 'paused': True}
        conn.execute(sa.update(schedule).where(schedule.c.id == sid).values(**values))
    with op.batch_alter_table('schedule', schema=None) as batch_op:
        batch_op.drop_index('ix_schedule_due')
        batch_op.drop_column('pause_offered_at')
        batch_op.drop_column('unanswered')
        batch_op.drop_column('anchor')
        batch_op.drop_column('state')
        batch_op.create_index('ix_schedule_due', ['active', 'next_due_at'], unique=False)
    with op.batch_alter_table('schedule', schema=None) as batch_op:
        batch_op.alter_column('active', server_default=None)
