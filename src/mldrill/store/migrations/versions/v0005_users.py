"""Per-user data: own answers and study sessions belong to a user; marked answers can be shared.

Revision ID: 0005
Revises: 0004

    own_answers         (user, question) -> the person's own answer; was the shared questions.own_answer column,
                        whose values move to the local user (the column stays, empty, for older readers)
    study_sessions      one open study sitting per row: its user and its state (current card, undo stack,
                        skipped cards, cram queue) as JSON, so any process can continue it
    marked_answers      + shared: a marked answer counts for its author only, unless the author shares it
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

LOCAL_USER = "local"


def upgrade() -> None:
    op.create_table(
        "own_answers",
        sa.Column("user_id", sa.String(100), primary_key=True),
        sa.Column(
            "question_id",
            sa.Integer,
            sa.ForeignKey("questions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute(
        sa.text(
            "INSERT INTO own_answers (user_id, question_id, text, updated_at) "
            "SELECT :user, id, own_answer, updated_at FROM questions WHERE own_answer IS NOT NULL"
        ).bindparams(user=LOCAL_USER)
    )
    op.execute(sa.text("UPDATE questions SET own_answer = NULL WHERE own_answer IS NOT NULL"))
    op.create_table(
        "study_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.String(100), nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_study_sessions_user", "study_sessions", ["user_id", "id"])
    with op.batch_alter_table("marked_answers") as batch:
        batch.add_column(sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_index("ix_marked_answers_user", "marked_answers", ["user_id", "question_id"])


def downgrade() -> None:
    op.drop_index("ix_marked_answers_user", table_name="marked_answers")
    with op.batch_alter_table("marked_answers") as batch:
        batch.drop_column("shared")
    op.drop_index("ix_study_sessions_user", table_name="study_sessions")
    op.drop_table("study_sessions")
    op.execute(
        sa.text(
            "UPDATE questions SET own_answer = (SELECT text FROM own_answers "
            "WHERE own_answers.question_id = questions.id AND own_answers.user_id = :user)"
        ).bindparams(user=LOCAL_USER)
    )
    op.drop_table("own_answers")
