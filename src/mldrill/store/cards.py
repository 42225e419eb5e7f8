"""Cards: each person's schedule state of a question, and the queues of cards waiting to be studied.

SQLAlchemy Core on a connection the caller opened with `Store.read()` or `Store.write()`.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mldrill.errors import NotFound
from mldrill.schedule import NEW, CardState
from mldrill.store.common import bind_utc, utc
from mldrill.store.queries import QuestionFilter, question_clause
from mldrill.store.schema import questions
from mldrill.store.study_tables import cards


def card_values(card: CardState) -> dict[str, Any]:
    """The columns of a card row that hold its schedule state."""
    return {
        "state": card.state,
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": bind_utc(card.due),
        "last_review": bind_utc(card.last_review),
        "reps": card.reps,
        "lapses": card.lapses,
        "buried_until": bind_utc(card.buried_until),
    }


def card_from_row(row: sa.RowMapping) -> CardState:
    return CardState(
        question_id=row["question_id"],
        state=row["state"],
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=utc(row["due"]),
        last_review=utc(row["last_review"]),
        reps=row["reps"],
        lapses=row["lapses"],
        buried_until=utc(row["buried_until"]),
    )


def snapshot(card: CardState) -> str:
    """The card as stored in the review log (stable JSON: sorted keys, exact floats, ISO times)."""
    return json.dumps(card.to_dict(), sort_keys=True, separators=(",", ":"))


def active_question(question_id: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
    """`question_id` names a question that is not retired. The same rows as a join with `questions` on
    `retired_at IS NULL` (every card and review names an existing question: foreign keys), but it reads only the
    few retired questions (index on retired_at), not one question row per card."""
    retired = sa.select(questions.c.id).where(questions.c.retired_at.is_not(None))
    return question_id.not_in(retired)


def sync_new_cards(conn: sa.Connection, user_id: str) -> int:
    """Give every active question without a card of this person a NEW card; return how many were added.

    Two index counts first: when this person has as many cards of active questions as there are active questions
    (one card per question and person), none is missing and the INSERT, which probes every question, is skipped."""
    active = sa.select(sa.func.count()).select_from(questions).where(questions.c.retired_at.is_(None))
    carded = sa.select(sa.func.count()).where(
        cards.c.user_id == user_id, active_question(cards.c.question_id)
    )
    n_active, n_carded = conn.execute(sa.select(active.scalar_subquery(), carded.scalar_subquery())).one()
    if n_active == n_carded:
        return 0
    have = sa.select(cards.c.id).where(cards.c.user_id == user_id, cards.c.question_id == questions.c.id)
    missing = sa.select(
        sa.literal(user_id), questions.c.id, sa.literal(NEW), sa.literal(0), sa.literal(0)
    ).where(questions.c.retired_at.is_(None), ~sa.exists(have))
    insert = cards.insert().from_select(["user_id", "question_id", "state", "reps", "lapses"], missing)
    # the count of an INSERT is kept only on request (psycopg's otherwise reads -1)
    return conn.execute(insert.execution_options(preserve_rowcount=True)).rowcount or 0


def get_card(conn: sa.Connection, user_id: str, question_id: int) -> CardState | None:
    row = (
        conn.execute(sa.select(cards).where(cards.c.user_id == user_id, cards.c.question_id == question_id))
        .mappings()
        .first()
    )
    return None if row is None else card_from_row(row)


def card_for_review(conn: sa.Connection, user_id: str, question_id: int) -> CardState:
    """The card's current state (a NEW card is created for a question that has none yet)."""
    card = get_card(conn, user_id, question_id)
    if card is None:
        if conn.execute(sa.select(questions.c.id).where(questions.c.id == question_id)).first() is None:
            raise NotFound(f"no question with id {question_id}; see `mldrill list`")
        card = CardState(question_id)
        conn.execute(cards.insert().values(user_id=user_id, question_id=question_id, **card_values(card)))
    return card


def write_card(conn: sa.Connection, user_id: str, card: CardState) -> int:
    """Store the card's state over its row; return how many rows changed (0 when it has none yet)."""
    where = sa.and_(cards.c.user_id == user_id, cards.c.question_id == card.question_id)
    return conn.execute(cards.update().where(where).values(**card_values(card))).rowcount or 0


def bury(conn: sa.Connection, user_id: str, question_id: int, until: datetime) -> None:
    card = card_for_review(conn, user_id, question_id)
    write_card(conn, user_id, replace(card, buried_until=until))


# Queues


def _queue(user_id: str, f: QuestionFilter, now: datetime, exclude: Collection[int]) -> sa.Select[Any]:
    query = (
        sa.select(cards)
        .join(questions, questions.c.id == cards.c.question_id)
        .where(
            cards.c.user_id == user_id,
            question_clause(f),
            sa.or_(cards.c.buried_until.is_(None), cards.c.buried_until <= bind_utc(now)),
        )
    )
    if exclude:
        query = query.where(cards.c.question_id.not_in(list(exclude)))
    return query


def _first(conn: sa.Connection, query: sa.Select[Any]) -> CardState | None:
    row = conn.execute(query.limit(1)).mappings().first()
    return None if row is None else card_from_row(row)


def first_due(
    conn: sa.Connection,
    user_id: str,
    f: QuestionFilter,
    states: tuple[int, ...],
    due_before: datetime,
    now: datetime,
    exclude: Collection[int] = (),
) -> CardState | None:
    """The card in one of `states` due at or before `due_before` that is most overdue."""
    query = (
        _queue(user_id, f, now, exclude)
        .where(cards.c.state.in_(states), cards.c.due <= bind_utc(due_before))
        .order_by(cards.c.due, cards.c.question_id)
    )
    return _first(conn, query)


def first_new(
    conn: sa.Connection, user_id: str, f: QuestionFilter, now: datetime, exclude: Collection[int] = ()
) -> CardState | None:
    """The first NEW card in question order (the order of the sources)."""
    query = _queue(user_id, f, now, exclude).where(cards.c.state == NEW).order_by(cards.c.question_id)
    return _first(conn, query)


def count_queue(
    conn: sa.Connection,
    user_id: str,
    f: QuestionFilter,
    states: tuple[int, ...],
    due_before: datetime | None,
    now: datetime,
    cap: int,
) -> int:
    """How many cards wait in `states` (due by `due_before` if given), counting at most `cap`.

    Without a filter (every active question) the count reads the queue index alone: no join with `questions`."""
    if f == QuestionFilter():
        query = sa.select(cards).where(
            cards.c.user_id == user_id,
            active_question(cards.c.question_id),
            sa.or_(cards.c.buried_until.is_(None), cards.c.buried_until <= bind_utc(now)),
            cards.c.state.in_(states),
        )
    else:
        query = _queue(user_id, f, now, ()).where(cards.c.state.in_(states))
    if due_before is not None:
        query = query.where(cards.c.due <= bind_utc(due_before))
    capped = query.with_only_columns(cards.c.id).limit(max(cap, 0)).subquery()
    return int(conn.execute(sa.select(sa.func.count()).select_from(capped)).scalar_one())
