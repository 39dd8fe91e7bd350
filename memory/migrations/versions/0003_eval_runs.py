"""eval_runs: one row per `coach eval run`

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 01:35:00
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('eval_runs',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('model', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('prompt_version', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('git_commit', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('suites', sa.JSON(), nullable=True),
    sa.Column('cases', sa.Integer(), nullable=False),
    sa.Column('passed', sa.Integer(), nullable=False),
    sa.Column('pass_hat_k', sa.Float(), nullable=True),
    sa.Column('repeat', sa.Integer(), nullable=False),
    sa.Column('duration_s', sa.Float(), nullable=False),
    sa.Column('json_path', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.PrimaryKeyConstraint('id', name='pk_eval_runs')
    )
    with op.batch_alter_table('eval_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_eval_runs_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('eval_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_eval_runs_created_at'))
    op.drop_table('eval_runs')
