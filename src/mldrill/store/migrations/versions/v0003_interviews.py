"""Mock interviews: the plan and its questions, answers saved keystroke batch by keystroke batch, follow-ups, reports.

Revision ID: 0003
Revises: 0002

    interviews              one mock interview: options, seed, the plan's explanation, status, times
    interview_items         one planned question: its budget, the answer (the draft as last saved), time used,
                            the grade, the rating suggested and chosen, the review it was recorded as
    interview_followups     at most one follow-up per item, drawn from a rubric point the answer missed
    interview_keystrokes    the append-only log of saved keystroke batches (a delta each), for audit and replay
    interview_reports       the finished interview's report (JSON), rebuilt when a rating is changed

Like the study tables, every interview carries a `user_id` that defaults to "local".
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

LOCAL_USER = "local"


def _when(name: str, nullable: bool = True) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.String(100), nullable=False, server_default=LOCAL_USER),
        sa.Column("status", sa.String(20), nullable=False),  # planned | running | finished | abandoned
        sa.Column("company", sa.Text),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("minutes", sa.Float, nullable=False),
        sa.Column("topics", sa.Text, nullable=False),  # JSON list
        sa.Column("seed", sa.BigInteger, nullable=False),
        sa.Column("plan", sa.Text, nullable=False),  # JSON: options, warnings, per-question reasons
        _when("created_at", nullable=False),
        _when("started_at"),
        _when("finished_at"),
    )
    op.create_index("ix_interviews_user_time", "interviews", ["user_id", "created_at"])
    op.create_table(
        "interview_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "interview_id", sa.Integer, sa.ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id"), nullable=False, index=True),
        sa.Column("budget_s", sa.Float, nullable=False),
        # pending | active | answered | overtime | skipped | unreached
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("draft", sa.Text, nullable=False, server_default=""),
        sa.Column("elapsed_ms", sa.Integer, nullable=False, server_default="0"),
        sa.Column("overtime", sa.Boolean, nullable=False, server_default=sa.false()),
        _when("started_at"),
        _when("submitted_at"),
        sa.Column("grade", sa.Text),  # JSON
        sa.Column("score", sa.Float),
        sa.Column("suggested_rating", sa.Integer),
        sa.Column("rating", sa.Integer),
        sa.Column("review_id", sa.Integer),
        sa.UniqueConstraint("interview_id", "position", name="uq_interview_items_position"),
    )
    op.create_table(
        "interview_followups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "item_id",
            sa.Integer,
            sa.ForeignKey("interview_items.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("point", sa.Text, nullable=False),
        sa.Column("point_index", sa.Integer, nullable=False),
        sa.Column("prompt", sa.Text, nullable=False),
        sa.Column("budget_s", sa.Float, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),  # active | answered | overtime | skipped
        sa.Column("draft", sa.Text, nullable=False, server_default=""),
        sa.Column("elapsed_ms", sa.Integer, nullable=False, server_default="0"),
        sa.Column("overtime", sa.Boolean, nullable=False, server_default=sa.false()),
        _when("started_at"),
        _when("submitted_at"),
        sa.Column("grade", sa.Text),
        sa.Column("score", sa.Float),
    )
    op.create_table(
        "interview_keystrokes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "item_id", sa.Integer, sa.ForeignKey("interview_items.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("part", sa.String(10), nullable=False),  # answer | followup
        sa.Column("seq", sa.Integer, nullable=False),
        _when("saved_at", nullable=False),
        sa.Column("elapsed_ms", sa.Integer, nullable=False),
        sa.Column("keep", sa.Integer, nullable=False),  # characters of the previous draft kept
        sa.Column("inserted", sa.Text, nullable=False),  # text that follows them
        sa.UniqueConstraint("item_id", "part", "seq", name="uq_interview_keystrokes_seq"),
    )
    op.create_table(
        "interview_reports",
        sa.Column(
            "interview_id",
            sa.Integer,
            sa.ForeignKey("interviews.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        _when("created_at", nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("data", sa.Text, nullable=False),  # JSON of the report
    )


def downgrade() -> None:
    op.drop_table("interview_reports")
    op.drop_table("interview_keystrokes")
    op.drop_table("interview_followups")
    op.drop_table("interview_items")
    op.drop_index("ix_interviews_user_time", "interviews")
    op.drop_table("interviews")
