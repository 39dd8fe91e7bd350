"""salary_data: the user who recorded an offer, and a grouping key for the company

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 00:56:48
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

FOREIGN_KEY = "fk_salary_data_user_id_users"


def upgrade() -> None:
    with op.batch_alter_table('salary_data', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('company_key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_salary_data_company_key'), ['company_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_salary_data_user_id'), ['user_id'], unique=False)
        batch_op.create_foreign_key(FOREIGN_KEY, 'users', ['user_id'], ['id'], ondelete='CASCADE')


def downgrade() -> None:
    with op.batch_alter_table('salary_data', schema=None) as batch_op:
        batch_op.drop_constraint(FOREIGN_KEY, type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_salary_data_user_id'))
        batch_op.drop_index(batch_op.f('ix_salary_data_company_key'))
        batch_op.drop_column('company_key')
        batch_op.drop_column('user_id')
