"""Marked answers: answers a person judged correct or incorrect for a question (table from migration 0004).

SQLAlchemy Core on a connection the caller opened with `Store.write()` (adding, deleting) or `Store.read()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mldrill.errors import NotFound
from mldrill.store.common import bind_utc, new_id, utc

SOURCES = ("grade", "study", "interview", "import")
MAX_TEXT = 20_000  # characters kept of a marked answer

metadata = sa.MetaData()

marked_answers = sa.Table(
    "marked_answers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("question_id", sa.Integer, nullable=False),
    sa.Column("user_id", sa.String(100), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("correct", sa.Boolean, nullable=False),
    sa.Column("source", sa.String(20), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()),
)


@dataclass(frozen=True)
class MarkedAnswer:
    id: int
    question_id: int
    user_id: str
    text: str
    correct: bool
    source: str
    created_at: datetime
    shared: bool = False  # counts for every user, not only its author


def add_marked(
    conn: sa.Connection,
    question_id: int,
    text: str,
    correct: bool,
    *,
    user_id: str,
    source: str,
    now: datetime,
    shared: bool = False,
) -> int:
    """Store one marked answer; returns its id. Empty text is refused."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    text = text.encode("utf-8", "replace").decode("utf-8").strip()  # lone surrogates from a terminal
    if not text:
        raise ValueError("an empty answer cannot be marked")
    result = conn.execute(
        marked_answers.insert().values(
            question_id=question_id,
            user_id=user_id,
            text=text[:MAX_TEXT],
            correct=bool(correct),
            source=source,
            created_at=bind_utc(now),
            shared=bool(shared),
        )
    )
    return new_id(result)


def marked_for(
    conn: sa.Connection, question_id: int, user_id: str, limit: int | None = None
) -> list[MarkedAnswer]:
    """The question's marked answers that count for `user_id` (their own, and those others shared), oldest
    first (with `limit`, the newest `limit` of them)."""
    query = sa.select(marked_answers).where(
        marked_answers.c.question_id == question_id,
        sa.or_(marked_answers.c.user_id == user_id, marked_answers.c.shared.is_(True)),
    )
    if limit is not None:
        query = query.order_by(marked_answers.c.id.desc()).limit(limit)
        rows = list(conn.execute(query))[::-1]
    else:
        rows = list(conn.execute(query.order_by(marked_answers.c.id)))
    return [_row(r) for r in rows]


def delete_marked(conn: sa.Connection, marked_id: int, user_id: str) -> MarkedAnswer:
    """Delete one of `user_id`'s marked answers (another user's, shared or not, is not theirs to delete)."""
    row = conn.execute(
        sa.select(marked_answers).where(marked_answers.c.id == marked_id, marked_answers.c.user_id == user_id)
    ).first()
    if row is None:
        raise NotFound(f"no marked answer with id {marked_id}; `mldrill marked list QUESTION_ID` lists them")
    conn.execute(marked_answers.delete().where(marked_answers.c.id == marked_id))
    return _row(row)


def _row(r: sa.Row[Any]) -> MarkedAnswer:
    return MarkedAnswer(
        id=int(r.id),
        question_id=int(r.question_id),
        user_id=str(r.user_id),
        text=str(r.text),
        correct=bool(r.correct),
        source=str(r.source),
        created_at=utc(r.created_at) or r.created_at,
        shared=bool(r.shared),
    )
