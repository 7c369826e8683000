"""caregiver sharing: caregivers, shares with their grants, one-time invitations, care-team links

Revision ID: f15000000001
Revises: e13b00000001
Create Date: 2026-12-01 09:49:26

Four new tables; no existing row changes. Tokens are stored only as SHA-256 hashes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import service.db.types

revision: str = 'f15000000001'
down_revision: str | None = 'e13b00000001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('caregiver',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('created_at', service.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('chat_id')
    )
    op.create_table('carelink',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', service.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', service.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', service.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('viewer_chat_id', sa.BigInteger(), nullable=True),
    sa.Column('viewer_name', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
    sa.Column('opened_at', service.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('opens', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('carelink', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_carelink_patient_id'), ['patient_id'], unique=False)

    op.create_table('share',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('caregiver_id', sa.Integer(), nullable=False),
    sa.Column('patient_label', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('weekly', sa.Boolean(), nullable=False),
    sa.Column('quiet_days', sa.Integer(), nullable=False),
    sa.Column('red_flags', sa.Boolean(), nullable=False),
    sa.Column('appointments', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Boolean(), nullable=False),
    sa.Column('quiet_alerted_for', sa.Date(), nullable=True),
    sa.Column('created_at', service.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['caregiver_id'], ['caregiver.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('patient_id', 'caregiver_id')
    )
    with op.batch_alter_table('share', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_caregiver_id'), ['caregiver_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_share_patient_id'), ['patient_id'], unique=False)

    op.create_table('shareinvite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('patient_label', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('weekly', sa.Boolean(), nullable=False),
    sa.Column('quiet_days', sa.Integer(), nullable=False),
    sa.Column('red_flags', sa.Boolean(), nullable=False),
    sa.Column('appointments', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Boolean(), nullable=False),
    sa.Column('created_at', service.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', service.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', service.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', service.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('shareinvite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shareinvite_patient_id'), ['patient_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('shareinvite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shareinvite_patient_id'))

    op.drop_table('shareinvite')
    with op.batch_alter_table('share', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_patient_id'))
        batch_op.drop_index(batch_op.f('ix_share_caregiver_id'))

    op.drop_table('share')
    with op.batch_alter_table('carelink', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_carelink_patient_id'))

    op.drop_table('carelink')
    op.drop_table('caregiver')
