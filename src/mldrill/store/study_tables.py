"""The study tables: cards (per-person schedule state), the review log, typed attempts, study settings.

They are created by migration 0002 (`migrations/versions/v0002_study.py`); this module mirrors them for
SQLAlchemy Core.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

cards = sa.Table(
    "cards",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.String(100), nullable=False),
    sa.Column("question_id", sa.Integer, nullable=False),
    sa.Column("state", sa.Integer, nullable=False),
    sa.Column("step", sa.Integer),
    sa.Column("stability", sa.Float),
    sa.Column("difficulty", sa.Float),
    sa.Column("due", sa.DateTime(timezone=True)),
    sa.Column("last_review", sa.DateTime(timezone=True)),
    sa.Column("reps", sa.Integer, nullable=False),
    sa.Column("lapses", sa.Integer, nullable=False),
    sa.Column("buried_until", sa.DateTime(timezone=True)),
)

review_log = sa.Table(
    "review_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.String(100), nullable=False),
    sa.Column("question_id", sa.Integer, nullable=False),
    sa.Column("rating", sa.Integer, nullable=False),
    sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("duration_ms", sa.Integer),
    sa.Column("state_before", sa.Integer, nullable=False),
    sa.Column("state_after", sa.Integer, nullable=False),
    sa.Column("card_before", sa.Text, nullable=False),
    sa.Column("card_after", sa.Text, nullable=False),
)

attempts = sa.Table(
    "attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.String(100), nullable=False),
    sa.Column("question_id", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("mode", sa.String(20), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("grade", sa.Text),
    sa.Column("suggested_rating", sa.Integer),
)

study_settings = sa.Table(
    "study_settings",
    metadata,
    sa.Column("user_id", sa.String(100), primary_key=True),
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
