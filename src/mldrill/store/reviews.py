"""All SQL of studying: the review log, typed attempts and study settings here; cards and their queues in
`store.cards`, progress counts in `store.progress`, the tables in `store.study_tables` (all re-exported here, so
`from mldrill.store import reviews as db` reaches every function of studying).

SQLAlchemy Core on a connection the caller opened with `Store.read()` or `Store.write()`, so a use-case can do
several of these in one transaction. The tables are created by migration 0002 (`migrations/versions/v0002_study.py`).

The review log is append-only; the one exception is `undo_review`, which takes back the newest review of a card and
puts the card back exactly as it was (from the snapshot the review stored).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mldrill.errors import NotFound, UndoRefused
from mldrill.schedule import CardState
from mldrill.store.cards import (
    bury,
    card_for_review,
    card_from_row,
    card_values,
    count_queue,
    first_due,
    first_new,
    get_card,
    snapshot,
    sync_new_cards,
    write_card,
)
from mldrill.store.common import LOCAL_USER, bind_utc, dump_json, load_json, new_id, upsert, utc
from mldrill.store.progress import (
    CardInfo,
    card_summaries,
    cards_with_questions,
    due_in_ranges,
    due_per_day,
    last_review_time,
    mastery_rows,
    next_due,
    retention_counts,
    reviewed_between,
    reviewed_in_ranges,
    reviews_in_ranges,
    reviews_per_day,
    time_spent_ms,
)
from mldrill.store.queries import question_clause
from mldrill.store.study_tables import attempts, cards, metadata, review_log, study_settings

__all__ = [
    "LOCAL_USER",
    "CardInfo",
    "ReviewRow",
    "UndoRefused",
    "add_attempt",
    "append_review",
    "attempts",
    "bury",
    "card_for_review",
    "card_from_row",
    "card_summaries",
    "cards",
    "cards_with_questions",
    "count_queue",
    "done_since",
    "due_in_ranges",
    "due_per_day",
    "first_due",
    "first_new",
    "get_card",
    "get_settings",
    "last_review_time",
    "list_attempts",
    "mastery_rows",
    "metadata",
    "next_due",
    "question_clause",
    "retention_counts",
    "review_history",
    "review_log",
    "reviewed_between",
    "reviewed_in_ranges",
    "reviews",
    "reviews_in_ranges",
    "reviews_per_day",
    "set_setting",
    "snapshot",
    "study_settings",
    "sync_new_cards",
    "time_spent_ms",
    "undo_review",
    "utc",
]


# Reviews


@dataclass(frozen=True)
class ReviewRow:
    id: int
    question_id: int
    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    state_before: int
    state_after: int
    card_before: CardState
    card_after: CardState


def append_review(
    conn: sa.Connection,
    user_id: str,
    before: CardState,
    after: CardState,
    rating: int,
    reviewed_at: datetime,
    duration_ms: int | None,
) -> int:
    """Add one review to the log and store the card's new state; return the review's id."""
    result = conn.execute(
        review_log.insert().values(
            user_id=user_id,
            question_id=before.question_id,
            rating=rating,
            reviewed_at=bind_utc(reviewed_at),
            duration_ms=duration_ms,
            state_before=before.state,
            state_after=after.state,
            card_before=snapshot(before),
            card_after=snapshot(after),
        )
    )
    if write_card(conn, user_id, after) == 0:
        conn.execute(
            cards.insert().values(user_id=user_id, question_id=after.question_id, **card_values(after))
        )
    return new_id(result)


def _review_from_row(row: sa.RowMapping) -> ReviewRow:
    return ReviewRow(
        id=row["id"],
        question_id=row["question_id"],
        rating=row["rating"],
        reviewed_at=utc(row["reviewed_at"]) or row["reviewed_at"],
        duration_ms=row["duration_ms"],
        state_before=row["state_before"],
        state_after=row["state_after"],
        card_before=CardState.from_dict(json.loads(row["card_before"])),
        card_after=CardState.from_dict(json.loads(row["card_after"])),
    )


def undo_review(conn: sa.Connection, user_id: str, review_id: int) -> ReviewRow:
    """Take back a review: the card returns to its state before it, and the log loses that entry."""
    row = (
        conn.execute(
            sa.select(review_log).where(review_log.c.id == review_id, review_log.c.user_id == user_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"no review {review_id} to undo")
    review = _review_from_row(row)
    newest = conn.execute(
        sa.select(sa.func.max(review_log.c.id)).where(
            review_log.c.user_id == user_id, review_log.c.question_id == review.question_id
        )
    ).scalar_one()
    if newest != review_id:
        raise UndoRefused("this card was reviewed again since (maybe in another window); nothing was undone")
    current = get_card(conn, user_id, review.question_id)
    if current is None or snapshot(current) != row["card_after"]:
        raise UndoRefused(
            "this card changed since it was rated (maybe in another window); nothing was undone"
        )
    write_card(conn, user_id, review.card_before)
    conn.execute(review_log.delete().where(review_log.c.id == review_id))
    return review


def reviews(conn: sa.Connection, user_id: str, question_id: int | None = None) -> Iterator[ReviewRow]:
    """The log in order (optionally of one card)."""
    query = sa.select(review_log).where(review_log.c.user_id == user_id)
    if question_id is not None:
        query = query.where(review_log.c.question_id == question_id)
    for row in conn.execute(query.order_by(review_log.c.id)).mappings():
        yield _review_from_row(row)


def review_history(conn: sa.Connection, user_id: str) -> list[tuple[int, int, datetime, int | None]]:
    """(question id, rating, time, duration) of every review, oldest first: what the optimizer reads."""
    query = (
        sa.select(
            review_log.c.question_id, review_log.c.rating, review_log.c.reviewed_at, review_log.c.duration_ms
        )
        .where(review_log.c.user_id == user_id)
        .order_by(review_log.c.id)
    )
    return [(q, r, utc(t) or t, d) for q, r, t, d in conn.execute(query)]


def done_since(conn: sa.Connection, user_id: str, since: datetime) -> dict[int, int]:
    """Reviews since `since`, by the card's state before them (0 new, 1 learning, 2 review, 3 relearning)."""
    query = (
        sa.select(review_log.c.state_before, sa.func.count())
        .where(review_log.c.user_id == user_id, review_log.c.reviewed_at >= bind_utc(since))
        .group_by(review_log.c.state_before)
    )
    return {int(state): int(n) for state, n in conn.execute(query)}


# Attempts


def _plain(value: Any) -> Any:
    """JSON for what json does not know (numpy numbers, enums, paths): a number if it is one, else its text."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def add_attempt(
    conn: sa.Connection,
    user_id: str,
    question_id: int,
    text: str,
    created_at: datetime,
    mode: str,
    grade: dict[str, Any] | None,
    suggested_rating: int | None,
) -> int:
    result = conn.execute(
        attempts.insert().values(
            user_id=user_id,
            question_id=question_id,
            created_at=bind_utc(created_at),
            mode=mode,
            text=text,
            grade=None if grade is None else dump_json(grade, default=_plain),
            suggested_rating=suggested_rating,
        )
    )
    return new_id(result)


def list_attempts(conn: sa.Connection, user_id: str, question_id: int) -> list[dict[str, Any]]:
    query = (
        sa.select(attempts)
        .where(attempts.c.user_id == user_id, attempts.c.question_id == question_id)
        .order_by(attempts.c.id)
    )
    result = []
    for row in conn.execute(query).mappings():
        d = dict(row)
        d["created_at"] = utc(d["created_at"])
        d["grade"] = load_json(d["grade"])
        result.append(d)
    return result


# Settings


def get_settings(conn: sa.Connection, user_id: str) -> dict[str, Any]:
    rows = conn.execute(
        sa.select(study_settings.c.name, study_settings.c.value).where(study_settings.c.user_id == user_id)
    )
    return {name: json.loads(value) for name, value in rows}


def set_setting(conn: sa.Connection, user_id: str, name: str, value: Any) -> None:
    upsert(conn, study_settings, {"user_id": user_id, "name": name}, {"value": json.dumps(value)})
