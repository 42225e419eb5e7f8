"""Tables of per-user data added by migration 0005: own answers and study sessions."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

own_answers = sa.Table(
    "own_answers",
    metadata,
    sa.Column("user_id", sa.String(100), primary_key=True),
    sa.Column("question_id", sa.Integer, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

study_sessions = sa.Table(
    "study_sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.String(100), nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
