"""Counting study progress: reviews per day, time spent, retention, cards falling due, card summaries.

SQLAlchemy Core on a connection the caller opened with `Store.read()`. Portable SQL throughout, except `_day()`
(calendar day of a timestamp), which is written per dialect and marked as such.

Sized for 100,000 cards and 1,000,000 reviews (bench/study.py): counts per day are index range counts (one
scalar subquery per day, `RANGE_CHUNK` days a statement) rather than a GROUP BY on a day computed for every row,
and "of an active question" is a NOT IN over the few retired questions rather than a join with every card.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

import sqlalchemy as sa

from mldrill.schedule import NEW, CardState
from mldrill.store.cards import active_question, card_from_row
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


RANGE_CHUNK = 64  # scalar subqueries per statement
MAX_RANGE_DAYS = 4000  # a longer span of days is counted with one GROUP BY instead (slower per row, one pass)
DAY = timedelta(days=1)


def _study_day_start(value: datetime, offset_hours: int) -> datetime:
    """Start (UTC) of the study day holding `value`, days starting `offset_hours` after midnight UTC."""
    shifted = value - timedelta(hours=offset_hours)
    return datetime(shifted.year, shifted.month, shifted.day, tzinfo=value.tzinfo) + timedelta(
        hours=offset_hours
    )


Bound = sa.BindParameter[datetime]
_RANGE_STATEMENTS: dict[tuple[str, int, bool], sa.Select[Any]] = {}  # (kind, ranges, open below) -> SELECT


def _range_values(
    conn: sa.Connection,
    kind: str,
    subquery: Callable[[Bound | None, Bound], sa.Select[Any]],
    user_id: str,
    bounds: Sequence[datetime | None],
    chunk: int = RANGE_CHUNK,
) -> list[Any]:
    """The value of `subquery(lo, hi)` (a one-value SELECT naming the bound parameter "user") for each range
    lo = min(bounds[i], bounds[i + 1]) <= x < hi = max(...), `chunk` ranges a statement; a first bound of None
    leaves the first range open below. A statement is built (and compiled, a few ms for 64 subqueries) once per
    process and size: the last chunk is padded with empty ranges rather than given a size of its own."""
    out: list[Any] = []
    ranges = len(bounds) - 1
    for start in range(0, ranges, chunk):
        part = list(bounds[start : start + chunk + 1])
        if ranges > chunk:
            part += [part[-1]] * (chunk + 1 - len(part))
        n, open_first = len(part) - 1, part[0] is None
        statement = _RANGE_STATEMENTS.get((kind, n, open_first))
        if statement is None:
            columns = [
                subquery(
                    None if i == 0 and open_first else sa.bindparam(f"lo{i}"), sa.bindparam(f"hi{i}")
                ).scalar_subquery()
                for i in range(n)
            ]
            statement = _RANGE_STATEMENTS[(kind, n, open_first)] = sa.select(*columns)
        params: dict[str, Any] = {"user": user_id}
        for i, (a, b) in enumerate(pairwise(part)):
            if a is None or b is None:
                params[f"hi{i}"] = bind_utc(b or a)
            else:
                params[f"lo{i}"], params[f"hi{i}"] = bind_utc(min(a, b)), bind_utc(max(a, b))
        out += conn.execute(statement, params).one()
    return out[:ranges]


def _count_reviews(lo: Bound | None, hi: Bound) -> sa.Select[Any]:
    return sa.select(sa.func.count()).where(
        review_log.c.user_id == sa.bindparam("user"),
        review_log.c.reviewed_at >= lo,
        review_log.c.reviewed_at < hi,
    )


def _any_review(lo: Bound | None, hi: Bound) -> sa.Select[Any]:
    found = sa.select(review_log.c.id).where(
        review_log.c.user_id == sa.bindparam("user"),
        review_log.c.reviewed_at >= lo,
        review_log.c.reviewed_at < hi,
    )
    return sa.select(sa.exists(found))


def _count_due(lo: Bound | None, hi: Bound) -> sa.Select[Any]:
    query = sa.select(sa.func.count()).where(
        cards.c.user_id == sa.bindparam("user"),
        cards.c.due < hi,
        cards.c.state != NEW,
        active_question(cards.c.question_id),
    )
    return query if lo is None else query.where(cards.c.due >= lo)


def reviews_in_ranges(conn: sa.Connection, user_id: str, bounds: Sequence[datetime]) -> list[int]:
    """Reviews with bounds[i] <= time < bounds[i + 1], for each i: index range counts."""
    return [int(n) for n in _range_values(conn, "reviews", _count_reviews, user_id, bounds)]


def reviewed_in_ranges(
    conn: sa.Connection, user_id: str, bounds: Sequence[datetime], chunk: int = RANGE_CHUNK
) -> list[bool]:
    """Whether any review has bounds[i] <= time < bounds[i + 1], for each i (bounds may run backwards in
    time: then each range is bounds[i + 1] <= time < bounds[i]). One index seek each, `chunk` a statement."""
    return [bool(v) for v in _range_values(conn, "reviewed", _any_review, user_id, bounds, chunk)]


def reviews_per_day(
    conn: sa.Connection, user_id: str, since: datetime | None, offset_hours: int
) -> dict[date, int]:
    """Reviews per study day since `since` (all time if None), days with reviews only.

    Index range counts on the (user, time) index, one per day from the first review's day to the last's; a span of
    more than MAX_RANGE_DAYS days is grouped by a day computed per row instead (same figures)."""
    where = [review_log.c.user_id == user_id]
    if since is not None:
        where.append(review_log.c.reviewed_at >= bind_utc(since))
    # two scalar subqueries: SQLite answers min() and max() from the index only when each is alone in its SELECT
    ends = [
        sa.select(f(review_log.c.reviewed_at)).where(*where).scalar_subquery()
        for f in (sa.func.min, sa.func.max)
    ]
    first, last = (utc(v) for v in conn.execute(sa.select(*ends)).one())
    if first is None or last is None:
        return {}
    start = _study_day_start(first, offset_hours)
    days = (_study_day_start(last, offset_hours) - start).days + 1
    if days > MAX_RANGE_DAYS:
        return _reviews_per_day_grouped(conn, user_id, since, offset_hours)
    bounds = [start + i * DAY for i in range(days + 1)]
    counts = reviews_in_ranges(conn, user_id, [max(start, since) if since else start, *bounds[1:]])
    label = (start - timedelta(hours=offset_hours)).date()
    return {label + i * DAY: n for i, n in enumerate(counts) if n}


def _reviews_per_day_grouped(
    conn: sa.Connection, user_id: str, since: datetime | None, offset_hours: int
) -> dict[date, int]:
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
        .where(
            cards.c.user_id == user_id,
            cards.c.state != NEW,
            cards.c.due < bind_utc(until),
            active_question(cards.c.question_id),
        )
        .group_by(day)
    )
    return {_as_date(d): int(n) for d, n in conn.execute(query)}


def due_in_ranges(conn: sa.Connection, user_id: str, bounds: Sequence[datetime | None]) -> list[int]:
    """Scheduled (not new) cards of active questions with bounds[i] <= due < bounds[i + 1], for each i; a first
    bound of None counts every card due before bounds[1] (overdue ones included). Index range counts."""
    return [int(n) for n in _range_values(conn, "due", _count_due, user_id, bounds)]


def _review_state_reviews(passed: bool) -> Callable[[Bound | None, Bound], sa.Select[Any]]:
    def subquery(lo: Bound | None, hi: Bound) -> sa.Select[Any]:
        query = sa.select(sa.func.count()).where(
            review_log.c.user_id == sa.bindparam("user"),
            review_log.c.state_before == 2,
            review_log.c.reviewed_at >= lo,
            review_log.c.reviewed_at < hi,
        )
        return query.where(review_log.c.rating > 1) if passed else query

    return subquery


def retention_in_ranges(
    conn: sa.Connection, user_id: str, bounds: Sequence[datetime]
) -> list[tuple[int, int]]:
    """(passed, total) of `retention_counts` for bounds[i] <= time < bounds[i + 1], for each i: two statements
    of index range counts (one for the total, one for the passed)."""
    total = _range_values(conn, "review-state", _review_state_reviews(False), user_id, bounds)
    passed = _range_values(conn, "review-state-passed", _review_state_reviews(True), user_id, bounds)
    return [(int(p), int(t)) for p, t in zip(passed, total, strict=True)]


def retention_counts(conn: sa.Connection, user_id: str, since: datetime | None) -> tuple[int, int]:
    """(passed, total) over reviews of cards that were in the Review state: "true retention" as Anki counts it.
    Reads the (user, time, state before, rating) index alone."""
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


def mastery_rows(conn: sa.Connection, user_id: str) -> Sequence[tuple[Any, ...]]:
    """(topic, companies, state, stability, last review) of every active question with this person's card, in
    question order: what mastery and readiness need, as plain rows (fast enough for 100,000 cards).

    `companies` is the JSON column as the driver gives it (text on SQLite), `state` None where the question has no
    card yet (a NEW card), `last review` as the driver gives it (ISO text on SQLite, a datetime elsewhere)."""
    query = (
        sa.select(
            questions.c.topic,
            sa.type_coerce(questions.c.companies, sa.String),
            cards.c.state,
            cards.c.stability,
            sa.type_coerce(cards.c.last_review, sa.String),
        )
        .outerjoin(cards, sa.and_(cards.c.question_id == questions.c.id, cards.c.user_id == user_id))
        .where(questions.c.retired_at.is_(None))
        .order_by(questions.c.id)
    )
    return [tuple(row) for row in conn.execute(query).all()]


def last_review_time(conn: sa.Connection, user_id: str) -> datetime | None:
    value = conn.execute(
        sa.select(sa.func.max(review_log.c.reviewed_at)).where(review_log.c.user_id == user_id)
    ).scalar()
    return utc(value)


def next_due(conn: sa.Connection, user_id: str, after: datetime) -> datetime | None:
    """When the next scheduled card of an active question falls due after `after`."""
    value = conn.execute(
        sa.select(cards.c.due)
        .where(
            cards.c.user_id == user_id,
            cards.c.due > bind_utc(after),
            cards.c.state != NEW,
            active_question(cards.c.question_id),
        )
        .order_by(cards.c.due)
        .limit(1)
    ).scalar()
    return utc(value)
