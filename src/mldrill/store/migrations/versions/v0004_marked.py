"""Marked answers: answers a person judged correct or incorrect, compared with new answers by the grader.

Revision ID: 0004
Revises: 0003

    marked_answers      question, text, correct (true/false), who marked it, when, and where it came from
                        (grade | study | interview | import). Every user's marks count for every user: on a
                        team server, one person's marked answers help grade the others'.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

LOCAL_USER = "local"


def upgrade() -> None:
    op.create_table(
        "marked_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "question_id", sa.Integer, sa.ForeignKey("questions.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("user_id", sa.String(100), nullable=False, server_default=LOCAL_USER),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("correct", sa.Boolean, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_marked_answers_question", "marked_answers", ["question_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_marked_answers_question", table_name="marked_answers")
    op.drop_table("marked_answers")
