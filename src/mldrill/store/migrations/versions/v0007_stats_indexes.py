"""Indexes for `mldrill stats` and the home screen at 100,000 cards and 1,000,000 reviews (bench/study.py).

Revision ID: 0007
Revises: 0006

    ix_cards_queue              (user, state, due) now also holds buried_until and question_id: the queue counts
                                are read from the index alone
    ix_cards_due                (user, due, state, buried_until, question_id): cards falling due per day, the
                                next due card
    ix_questions_retired        the few retired questions, which the counts leave out

(An index led by the review's state would make all-time retention a little faster, but SQLite then picks it for
`done_since`, reading every review instead of today's.)
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_cards_queue", table_name="cards")
    op.create_index("ix_cards_queue", "cards", ["user_id", "state", "due", "buried_until", "question_id"])
    op.create_index("ix_cards_due", "cards", ["user_id", "due", "state", "buried_until", "question_id"])
    op.create_index("ix_questions_retired", "questions", ["retired_at"])


def downgrade() -> None:
    op.drop_index("ix_questions_retired", table_name="questions")
    op.drop_index("ix_cards_due", table_name="cards")
    op.drop_index("ix_cards_queue", table_name="cards")
    op.create_index("ix_cards_queue", "cards", ["user_id", "state", "due"])
