"""mentorship requests, messages and sessions: the request's message and dates, the mentee's availability for
proposing times, the pair's messages, and their sessions with the check-ins

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 21:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mentorship_matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('mentee_timezone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False,
                                      server_default='UTC'))
        batch_op.add_column(sa.Column('mentee_availability', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True))
        batch_op.add_column(sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False,
                                      server_default=sa.func.now()))
        batch_op.add_column(sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True))

    op.create_table('mentorship_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['match_id'], ['mentorship_matches.id'],
                            name='fk_mentorship_messages_match_id_mentorship_matches', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sender_id'], ['users.id'], name='fk_mentorship_messages_sender_id_users',
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name='pk_mentorship_messages')
    )
    with op.batch_alter_table('mentorship_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentorship_messages_match_id'), ['match_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_messages_sender_id'), ['sender_id'], unique=False)

    op.create_table('mentorship_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['match_id'], ['mentorship_matches.id'],
                            name='fk_mentorship_sessions_match_id_mentorship_matches', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name='pk_mentorship_sessions')
    )
    with op.batch_alter_table('mentorship_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentorship_sessions_match_id'), ['match_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('mentorship_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentorship_sessions_match_id'))
    op.drop_table('mentorship_sessions')
    with op.batch_alter_table('mentorship_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentorship_messages_sender_id'))
        batch_op.drop_index(batch_op.f('ix_mentorship_messages_match_id'))
    op.drop_table('mentorship_messages')
    with op.batch_alter_table('mentorship_matches', schema=None) as batch_op:
        for name in ('ended_at', 'responded_at', 'requested_at', 'reason', 'mentee_availability', 'mentee_timezone',
                     'message'):
            batch_op.drop_column(name)
