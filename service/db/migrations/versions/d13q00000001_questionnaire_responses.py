"""questionnaire responses: one row per questionnaire asked (answers, score, state)

Revision ID: d13q00000001
Revises: b11d1a10c5e1
Create Date: 2026-12-07 09:00:00

A new table only: every existing row is kept as it is. Monthly questionnaires for patients who
consented before this revision are planned when the bot starts (``service.bot.questionnaires``),
not here, so that the plan follows the definitions the operator has enabled.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import service.db.types

revision: str = 'd13q00000001'
down_revision: str | None = 'c12e0000e001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'questionnaire_response',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('questionnaire', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column('occasion', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
        sa.Column('ref_id', sa.Integer(), nullable=True),
        sa.Column('schedule_id', sa.Integer(), nullable=True),
        sa.Column('due_at', service.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('anchor_on', sa.Date(), nullable=True),
        sa.Column('asked_at', service.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=True),
        sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('answered_at', service.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column('prompt_message_id', sa.BigInteger(), nullable=True),
        sa.Column('created_at', service.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('schedule_id', 'due_at', name='uq_questionnaire_response_prompt'),
    )
    op.create_index(
        'ix_questionnaire_response_patient_due',
        'questionnaire_response',
        ['patient_id', 'due_on'],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index('ix_questionnaire_response_patient_due', table_name='questionnaire_response')
    op.drop_table('questionnaire_response')
