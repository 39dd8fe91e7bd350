"""negotiation simulator sessions and strategies

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 02:35:18
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('negotiation_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                      server_default='active'))  # rows from before this revision
        batch_op.add_column(sa.Column('scenario', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('state', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('transcript', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('debrief', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_negotiation_sessions_public_id'), ['public_id'], unique=True)
    # Rows from before this revision were last changed when they were made.
    op.execute("UPDATE negotiation_sessions SET updated_at = created_at")
    with op.batch_alter_table('negotiation_sessions', schema=None) as batch_op:
        batch_op.alter_column('updated_at', existing_type=sa.DateTime(timezone=True), nullable=False)

    with op.batch_alter_table('user_negotiations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('location', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column('strategy', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('user_negotiations', schema=None) as batch_op:
        batch_op.drop_column('strategy')
        batch_op.drop_column('location')

    with op.batch_alter_table('negotiation_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_negotiation_sessions_public_id'))
        batch_op.drop_column('updated_at')
        batch_op.drop_column('debrief')
        batch_op.drop_column('transcript')
        batch_op.drop_column('state')
        batch_op.drop_column('scenario')
        batch_op.drop_column('status')
        batch_op.drop_column('public_id')
