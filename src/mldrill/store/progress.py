"""Counting study progress: reviews per day, time spent, retention, cards falling due, card summaries.

SQLAlchemy Core on a connection the caller opened with `Store.read()`. Portable SQL throughout, except `_day()`
(calendar day of a timestamp), which is written per dialect and marked as such.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from mldrill.schedule import NEW, CardState
from mldrill.store.cards import card_from_row
from mldrill.store.common import bind_utc, utc
from mldrill.store.schema import questions
from mldrill.store.study_tables import cards, review_log


def _day(conn: sa.Connection, column: sa.ColumnElement[Any], offset_hours: int) -> sa.ColumnElement[Any]:
    """The study day (as 'YYYY-MM-DD') of a UTC timestamp, days starting `offset_hours` after midnight UTC.

    DIALECT-SPECIFIC: SQLite stores timestamps as ISO text and has date() with modifiers; PostgreSQL gets
    interval arithmetic on the UTC wall time. No bound parameters: the expression is grouped by, and must read
    the same in SELECT and GROUP BY.
    """
    hours = int(offset_hours)
    if conn.dialect.name == "sqlite":
        return sa.func.date(column, sa.literal_column(f"'{-hours:+d} hours'"))
    utc_wall = sa.func.timezone(sa.literal_column("'UTC'"), column)
    shifted = utc_wall - sa.literal_column(f"interval '{hours} hours'")
    return sa.func.to_char(shifted, sa.literal_column("'YYYY-MM-DD'"))


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def reviews_per_day(
    conn: sa.Connection, user_id: str, since: datetime | None, offset_hours: int
) -> dict[date, int]:
    """Reviews per study day since `since` (all time if None). Reads only the (user, time) index."""
    day = _day(conn, review_log.c.reviewed_at, offset_hours).label("day")
    query = sa.select(day, sa.func.count()).where(review_log.c.user_id == user_id)
    if since is not None:
        query = query.where(review_log.c.reviewed_at >= bind_utc(since))
    return {_as_date(d): int(n) for d, n in conn.execute(query.group_by(day))}


def time_spent_ms(conn: sa.Connection, user_id: str, since: datetime) -> int:
    query = sa.select(sa.func.coalesce(sa.func.sum(review_log.c.duration_ms), 0)).where(
        review_log.c.user_id == user_id, review_log.c.reviewed_at >= bind_utc(since)
    )
    return int(conn.execute(query).scalar_one())


def reviewed_between(conn: sa.Connection, user_id: str, start: datetime, end: datetime) -> bool:
    query = sa.select(review_log.c.id).where(
        review_log.c.user_id == user_id,
        review_log.c.reviewed_at >= bind_utc(start),
        review_log.c.reviewed_at < bind_utc(end),
    )
    return conn.execute(query.limit(1)).first() is not None


def due_per_day(conn: sa.Connection, user_id: str, until: datetime, offset_hours: int) -> dict[date, int]:
    """Scheduled (not new) cards of active questions due before `until`, per study day of their due time."""
    day = _day(conn, cards.c.due, offset_hours).label("day")
    query = (
        sa.select(day, sa.func.count())
        .join(questions, questions.c.id == cards.c.question_id)
        .where(
            cards.c.user_id == user_id,
            cards.c.state != NEW,
            cards.c.due < bind_utc(until),
            questions.c.retired_at.is_(None),
        )
        .group_by(day)
    )
    return {_as_date(d): int(n) for d, n in conn.execute(query)}


def retention_counts(conn: sa.Connection, user_id: str, since: datetime | None) -> tuple[int, int]:
    """(passed, total) over reviews of cards that were in the Review state: "true retention" as Anki counts it."""
    query = sa.select(sa.func.count().filter(review_log.c.rating > 1), sa.func.count()).where(
        review_log.c.user_id == user_id, review_log.c.state_before == 2
    )
    if since is not None:
        query = query.where(review_log.c.reviewed_at >= bind_utc(since))
    passed, total = conn.execute(query).one()
    return int(passed or 0), int(total or 0)


@dataclass(frozen=True)
class CardInfo:
    card: CardState
    topic: str | None
    companies: list[str]


def cards_with_questions(conn: sa.Connection, user_id: str) -> list[CardInfo]:
    """Every active question with this person's card (a NEW one where there is none)."""
    query = sa.select(questions.c.id.label("qid"), questions.c.topic, questions.c.companies, cards).outerjoin(
        cards, sa.and_(cards.c.question_id == questions.c.id, cards.c.user_id == user_id)
    )
    query = query.where(questions.c.retired_at.is_(None))
    result = []
    for row in conn.execute(query).mappings():
        card = card_from_row(row) if row["state"] is not None else CardState(row["qid"])
        result.append(CardInfo(card, row["topic"], list(row["companies"] or [])))
    return result


def card_summaries(conn: sa.Connection, user_id: str) -> list[CardInfo]:
    """Like `cards_with_questions`, but only what retrievability and grouping need (state, stability, last
    review, topic, companies): fast enough for 100,000 cards."""
    last_review = sa.type_coerce(cards.c.last_review, sa.String)
    query = (
        sa.select(
            questions.c.id,
            questions.c.topic,
            sa.type_coerce(questions.c.companies, sa.String),
            cards.c.state,
            cards.c.stability,
            last_review,
        )
        .outerjoin(cards, sa.and_(cards.c.question_id == questions.c.id, cards.c.user_id == user_id))
        .where(questions.c.retired_at.is_(None))
    )
    result = []
    for qid, topic, companies, state, stability, reviewed in conn.execute(query):
        when = None
        if reviewed is not None:
            when = utc(reviewed if isinstance(reviewed, datetime) else datetime.fromisoformat(reviewed))
        card = CardState(qid, state or NEW, stability=stability, last_review=when)
        if isinstance(companies, list):  # psycopg decodes JSON itself, whatever SQLAlchemy is told
            names = companies
        else:
            names = json.loads(companies) if companies and companies != "[]" else []
        result.append(CardInfo(card, topic, names))
    return result


def last_review_time(conn: sa.Connection, user_id: str) -> datetime | None:
    value = conn.execute(
        sa.select(sa.func.max(review_log.c.reviewed_at)).where(review_log.c.user_id == user_id)
    ).scalar()
    return utc(value)


def next_due(conn: sa.Connection, user_id: str, after: datetime) -> datetime | None:
    """When the next scheduled card of an active question falls due after `after`."""
    value = conn.execute(
        sa.select(sa.func.min(cards.c.due))
        .join(questions, questions.c.id == cards.c.question_id)
        .where(
            cards.c.user_id == user_id,
            cards.c.state != NEW,
            cards.c.due > bind_utc(after),
            questions.c.retired_at.is_(None),
        )
    ).scalar()
    return utc(value)
