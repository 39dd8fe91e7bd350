"""career tables: courses, assessment results, skill and plan details

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 03:15:00
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

TIMESTAMPS = {'career_goals': ('created_at', 'updated_at'), 'industry_insights': ('created_at',),
              'learning_plans': ('created_at',)}


def upgrade() -> None:
    op.create_table('courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('duration_hours', sa.Float(), nullable=True),
    sa.Column('price', sa.Float(), nullable=True),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('rating', sa.Float(), nullable=True),
    sa.Column('subjects', sa.JSON(), nullable=True),
    sa.Column('skills', sa.JSON(), nullable=True),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('license', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name='pk_courses'),
    sa.UniqueConstraint('provider', 'external_id', name='uq_courses_provider_external_id')
    )
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_courses_provider'), ['provider'], unique=False)

    op.create_table('assessment_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=True),
    sa.Column('scores', sa.JSON(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_assessment_results_user_id_users', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name='pk_assessment_results')
    )
    with op.batch_alter_table('assessment_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_results_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('career_goals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                      server_default='active'))
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('industry_insights', schema=None) as batch_op:
        batch_op.add_column(sa.Column('soc_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('source', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_industry_insights_soc_code'), ['soc_code'], unique=False)

    with op.batch_alter_table('learning_plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('position', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('skill', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.add_column(sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
        batch_op.add_column(sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True))
        batch_op.add_column(sa.Column('hours', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('target_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('progress', sa.Float(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_learning_plans_plan_id'), ['plan_id'], unique=False)

    with op.batch_alter_table('skill_assessments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('analysis_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('esco_uri', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.add_column(sa.Column('onet_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('target_role', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column('evidence', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_skill_assessments_analysis_id'), ['analysis_id'], unique=False)

    # Timestamps for rows from before this revision: now, then required from here on.
    for table, columns in TIMESTAMPS.items():
        op.execute(f"UPDATE {table} SET " + ", ".join(f"{c} = CURRENT_TIMESTAMP" for c in columns))
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('skill_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_skill_assessments_analysis_id'))
        batch_op.drop_column('source')
        batch_op.drop_column('evidence')
        batch_op.drop_column('target_role')
        batch_op.drop_column('onet_id')
        batch_op.drop_column('esco_uri')
        batch_op.drop_column('analysis_id')

    with op.batch_alter_table('learning_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_plans_plan_id'))
        batch_op.drop_column('created_at')
        batch_op.drop_column('progress')
        batch_op.drop_column('target_date')
        batch_op.drop_column('hours')
        batch_op.drop_column('url')
        batch_op.drop_column('title')
        batch_op.drop_column('skill')
        batch_op.drop_column('position')
        batch_op.drop_column('plan_id')

    with op.batch_alter_table('industry_insights', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_industry_insights_soc_code'))
        batch_op.drop_column('created_at')
        batch_op.drop_column('source')
        batch_op.drop_column('soc_code')

    with op.batch_alter_table('career_goals', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
        batch_op.drop_column('created_at')
        batch_op.drop_column('status')

    with op.batch_alter_table('assessment_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_results_user_id'))

    op.drop_table('assessment_results')
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_courses_provider'))

    op.drop_table('courses')