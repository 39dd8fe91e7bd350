"""memories: what the coach remembers of each user, and the user's memory switch; pay columns as JSON

Sensitive JSON columns are now stored encrypted (memory/crypto.py) in the same JSON type; target_salary and a
recorded offer's salary_min, salary_max and equity move to JSON so they can be encrypted too (existing values are kept as plain numbers until
`coach db upgrade` seals them).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 06:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('memories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('thread_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('history', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_recalled_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_memories_user_id_users', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name='pk_memories')
    )
    with op.batch_alter_table('memories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memories_public_id'), ['public_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_memories_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('memory_enabled', sa.Boolean(), nullable=False, server_default=sa.true()))

    with op.batch_alter_table('user_negotiations', schema=None) as batch_op:
        batch_op.alter_column('target_salary', existing_type=sa.Float(), type_=sa.JSON(), existing_nullable=True,
                              postgresql_using='to_json(target_salary)')
    with op.batch_alter_table('salary_data', schema=None) as batch_op:
        for name in ('salary_min', 'salary_max'):
            batch_op.alter_column(name, existing_type=sa.Float(), type_=sa.JSON(), existing_nullable=True,
                                  postgresql_using=f'to_json({name})')
        batch_op.alter_column('equity', existing_type=sqlmodel.sql.sqltypes.AutoString(length=200), type_=sa.JSON(),
                              existing_nullable=True, postgresql_using='to_json(equity)')


def downgrade() -> None:
    # Encrypted values cannot become floats or strings again: they are dropped (a negotiation's stored strategy
    # still holds its target; a recorded offer loses its pay).
    with op.batch_alter_table('salary_data', schema=None) as batch_op:
        for name in ('salary_min', 'salary_max'):
            batch_op.alter_column(name, existing_type=sa.JSON(), type_=sa.Float(), existing_nullable=True,
                                  postgresql_using='NULL')
        batch_op.alter_column('equity', existing_type=sa.JSON(), type_=sqlmodel.sql.sqltypes.AutoString(length=200),
                              existing_nullable=True, postgresql_using='NULL')
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('UPDATE salary_data SET salary_min = NULL, salary_max = NULL, equity = NULL')
    with op.batch_alter_table('user_negotiations', schema=None) as batch_op:
        batch_op.alter_column('target_salary', existing_type=sa.JSON(), type_=sa.Float(), existing_nullable=True,
                              postgresql_using='NULL')
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('UPDATE user_negotiations SET target_salary = NULL')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('memory_enabled')
    with op.batch_alter_table('memories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memories_user_id'))
        batch_op.drop_index(batch_op.f('ix_memories_public_id'))
    op.drop_table('memories')
