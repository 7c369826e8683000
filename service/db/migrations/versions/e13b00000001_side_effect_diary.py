"""side-effect diary: the side_effect rows replace botoxcycle.side_effects

Revision ID: e13b00000001
Revises: e13000000001
Create Date: 2026-12-01 04:00:00

The diary rows (side_effect, filled from botoxcycle.side_effects by e13000000001) are now the only
record of a cycle's side effects. What the legacy list also said, whether the question was
answered at all ([] = "none", NULL = never answered), moves to two columns: an answered list marks
day 7 as answered, and week 4 too when the week-4 effect was rated (the old week-4 question was
open until both were answered). The instant is not known: the cycle's creation stands for it.
The downgrade restores the column from the side_effect rows (their codes, in row order; [] for an
answered question without rows; NULL for one never answered).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import service.db.types

revision: str = 'e13b00000001'
down_revision: str | None = 'e13000000001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _cycles(*extra: sa.Column) -> sa.TableClause:
    utc = service.db.types.UTCDateTime()
    return sa.table(
        'botoxcycle',
        sa.column('id', sa.Integer()),
        sa.column('effect', sa.Integer()),
        sa.column('created_at', utc),
        sa.column('side_effects_day7_at', utc),
        sa.column('side_effects_week4_at', utc),
        *extra,
    )


def upgrade() -> None:
    utc = service.db.types.UTCDateTime()
    with op.batch_alter_table('botoxcycle') as batch:
        batch.add_column(sa.Column('side_effects_day7_at', utc, nullable=True))
        batch.add_column(sa.Column('side_effects_week4_at', utc, nullable=True))
    bind = op.get_bind()
    cycles = _cycles(sa.column('side_effects', sa.JSON()))
    # Read in Python: a JSON None may be stored as SQL NULL or as JSON null.
    answered = [
        (cid, effect, created)
        for cid, effect, created, legacy in bind.execute(
            sa.select(cycles.c.id, cycles.c.effect, cycles.c.created_at, cycles.c.side_effects)
        )
        if legacy is not None
    ]
    for cid, effect, created in answered:
        values = {'side_effects_day7_at': created}
        if effect is not None:
            values['side_effects_week4_at'] = created
        bind.execute(sa.update(cycles).where(cycles.c.id == cid).values(**values))
    with op.batch_alter_table('botoxcycle') as batch:
        batch.drop_column('side_effects')


def downgrade() -> None:
    with op.batch_alter_table('botoxcycle') as batch:
        batch.add_column(sa.Column('side_effects', sa.JSON(), nullable=True))
    bind = op.get_bind()
    cycles = _cycles(sa.column('side_effects', sa.JSON()))
    rows = sa.table(
        'side_effect',
        sa.column('id', sa.Integer()),
        sa.column('cycle_id', sa.Integer()),
        sa.column('effect', sa.String()),
    )
    codes: dict[int, list[str]] = {}
    for cid, code in bind.execute(
        sa.select(rows.c.cycle_id, rows.c.effect)
        .where(rows.c.cycle_id.is_not(None))
        .order_by(rows.c.id)
    ):
        if code not in codes.setdefault(cid, []):
            codes[cid].append(code)
    for cid, day7, week4 in bind.execute(
        sa.select(cycles.c.id, cycles.c.side_effects_day7_at, cycles.c.side_effects_week4_at)
    ):
        if cid in codes or day7 is not None or week4 is not None:
            bind.execute(
                sa.update(cycles).where(cycles.c.id == cid).values(side_effects=codes.get(cid, []))
            )
    with op.batch_alter_table('botoxcycle') as batch:
        batch.drop_column('side_effects_week4_at')
        batch.drop_column('side_effects_day7_at')
