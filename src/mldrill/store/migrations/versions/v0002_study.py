"""Study: per-person card state, the append-only review log, typed attempts, study settings.

Revision ID: 0002
Revises: 0001

Every table carries a `user_id` that defaults to "local", so the single-person store of today and the server
with accounts of later share one schema.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LOCAL_USER = "local"


def _user() -> sa.Column[str]:
    return sa.Column("user_id", sa.String(100), nullable=False, server_default=LOCAL_USER)


def upgrade() -> None:
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer, primary_key=True),
        _user(),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id"), nullable=False),
        sa.Column("state", sa.Integer, nullable=False),  # 0 new, 1 learning, 2 review, 3 relearning
        sa.Column("step", sa.Integer),
        sa.Column("stability", sa.Float),
        sa.Column("difficulty", sa.Float),
        sa.Column("due", sa.DateTime(timezone=True)),
        sa.Column("last_review", sa.DateTime(timezone=True)),
        sa.Column("reps", sa.Integer, nullable=False, server_default="0"),
        sa.Column("lapses", sa.Integer, nullable=False, server_default="0"),
        sa.Column("buried_until", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("user_id", "question_id", name="uq_cards_user_question"),
    )
    op.create_index("ix_cards_queue", "cards", ["user_id", "state", "due"])
    op.create_index("ix_cards_new", "cards", ["user_id", "state", "question_id"])
    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer, primary_key=True),
        _user(),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id"), nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_ms", sa.Integer),
        sa.Column("state_before", sa.Integer, nullable=False),
        sa.Column("state_after", sa.Integer, nullable=False),
        sa.Column("card_before", sa.Text, nullable=False),  # JSON snapshot of the whole card row
        sa.Column("card_after", sa.Text, nullable=False),
    )
    # covering: daily limits, reviews per day and retention are read from the index alone
    op.create_index(
        "ix_review_log_user_time", "review_log", ["user_id", "reviewed_at", "state_before", "rating"]
    )
    op.create_index("ix_review_log_user_question", "review_log", ["user_id", "question_id", "id"])
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        _user(),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),  # study | cram
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("grade", sa.Text),  # JSON of the grader's result, when there was one
        sa.Column("suggested_rating", sa.Integer),
    )
    op.create_index("ix_attempts_user_question", "attempts", ["user_id", "question_id", "id"])
    op.create_table(
        "study_settings",
        _user(),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("value", sa.Text, nullable=False),  # JSON
        sa.PrimaryKeyConstraint("user_id", "name", name="pk_study_settings"),
    )


def downgrade() -> None:
    op.drop_table("study_settings")
    op.drop_index("ix_attempts_user_question", "attempts")
    op.drop_table("attempts")
    op.drop_index("ix_review_log_user_question", "review_log")
    op.drop_index("ix_review_log_user_time", "review_log")
    op.drop_table("review_log")
    op.drop_index("ix_cards_new", "cards")
    op.drop_index("ix_cards_queue", "cards")
    op.drop_table("cards")
