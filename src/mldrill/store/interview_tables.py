"""The interview tables: interviews, their questions (items), follow-ups, saved keystroke batches, reports.

They are created by migration 0003 (`migrations/versions/v0003_interviews.py`); this module mirrors them for
SQLAlchemy Core, and a test checks the two agree.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()


def _answer_columns() -> list[sa.Column[Any]]:
    """What an item and a follow-up both hold about their answer: its time budget, state, draft, time and grade."""
    return [
        sa.Column("budget_s", sa.Float, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("draft", sa.Text, nullable=False),
        sa.Column("elapsed_ms", sa.Integer, nullable=False),
        sa.Column("overtime", sa.Boolean, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("submitted_at", sa.DateTime(timezone=True)),
        sa.Column("grade", sa.Text),
        sa.Column("score", sa.Float),
    ]


interviews = sa.Table(
    "interviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.String(100), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("company", sa.Text),
    sa.Column("level", sa.String(20), nullable=False),
    sa.Column("minutes", sa.Float, nullable=False),
    sa.Column("topics", sa.Text, nullable=False),
    sa.Column("seed", sa.BigInteger, nullable=False),
    sa.Column("plan", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True)),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
)

items = sa.Table(
    "interview_items",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("interview_id", sa.Integer, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("question_id", sa.Integer, nullable=False),
    *_answer_columns(),
    sa.Column("suggested_rating", sa.Integer),
    sa.Column("rating", sa.Integer),
    sa.Column("review_id", sa.Integer),
)

followups = sa.Table(
    "interview_followups",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("item_id", sa.Integer, nullable=False),
    sa.Column("point", sa.Text, nullable=False),
    sa.Column("point_index", sa.Integer, nullable=False),
    sa.Column("prompt", sa.Text, nullable=False),
    *_answer_columns(),
)

keystrokes = sa.Table(
    "interview_keystrokes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("item_id", sa.Integer, nullable=False),
    sa.Column("part", sa.String(10), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("elapsed_ms", sa.Integer, nullable=False),
    sa.Column("keep", sa.Integer, nullable=False),
    sa.Column("inserted", sa.Text, nullable=False),
)

reports = sa.Table(
    "interview_reports",
    metadata,
    sa.Column("interview_id", sa.Integer, primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("score", sa.Float),
    sa.Column("data", sa.Text, nullable=False),
)
