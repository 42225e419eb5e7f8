"""All SQL of studying: cards (per-person schedule state), the review log, typed attempts, study settings.

SQLAlchemy Core on a connection the caller opened with `Store.read()` or `Store.write()`, so a use-case can do
several of these in one transaction. The tables are created by migration 0002 (`migrations/versions/v0002_study.py`);
this module mirrors them. Portable SQL throughout, except `_day()` (calendar day of a timestamp), which is written
per dialect and marked as such.

The review log is append-only; the one exception is `undo_review`, which takes back the newest review of a card and
puts the card back exactly as it was (from the snapshot the review stored).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from mldrill.errors import MldrillError, NotFound
from mldrill.schedule import NEW, CardState
from mldrill.store.queries import QuestionFilter
from mldrill.store.schema import questions, sources

LOCAL_USER = "local"

metadata = sa.MetaData()

cards = sa.Table(
    "cards",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.String(100), nullable=False),
    sa.Column("question_id", sa.Integer, nullable=False),
    sa.Column("state", sa.Integer, nullable=False),
    sa.Column("step", sa.Integer),
    sa.Column("stability", sa.Float),
    sa.Column("difficulty", sa.Float),
    sa.Column("due", sa.DateTime(timezone=True)),
    sa.Column("last_review", sa.DateTime(timezone=True)),
    sa.Column("reps", sa.Integer, nullable=False),
    sa.Column("lapses", sa.Integer, nullable=False),
    sa.Column("buried_until", sa.DateTime(timezone=True)),
)

review_log = sa.Table(
    "review_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.String(100), nullable=False),
    sa.Column("question_id", sa.Integer, nullable=False),
    sa.Column("rating", sa.Integer, nullable=False),
    sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("duration_ms", sa.Integer),
    sa.Column("state_before", sa.Integer, nullable=False),
    sa.Column("state_after", sa.Integer, nullable=False),
    sa.Column("card_before", sa.Text, nullable=False),
    sa.Column("card_after", sa.Text, nullable=False),
)

attempts = sa.Table(
    "attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.String(100), nullable=False),
    sa.Column("question_id", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("mode", sa.String(20), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("grade", sa.Text),
    sa.Column("suggested_rating", sa.Integer),
)

study_settings = sa.Table(
    "study_settings",
    metadata,
    sa.Column("user_id", sa.String(100), primary_key=True),
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


class UndoRefused(MldrillError):
    """A review cannot be undone (a later review of the card exists, or the card changed since)."""


# Times: stored in UTC; SQLite hands them back naive.


def utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _bind(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


# Filters (mirrors store.queries' meaning of QuestionFilter; a test checks the two agree)


def _json_has(column: sa.ColumnElement[Any], value: str) -> sa.ColumnElement[bool]:
    needle = json.dumps(value.lower(), ensure_ascii=False)
    return sa.func.lower(sa.cast(column, sa.Text)).contains(needle, autoescape=True)


def question_clause(f: QuestionFilter) -> sa.ColumnElement[bool]:
    """A WHERE clause on `questions` for the filter (active questions only unless it says otherwise)."""
    parts: list[sa.ColumnElement[bool]] = []
    if not f.include_retired:
        parts.append(questions.c.retired_at.is_(None))
    if f.topic:
        topic = f.topic.strip("/")
        parts.append(
            sa.or_(questions.c.topic == topic, questions.c.topic.startswith(topic + "/", autoescape=True))
        )
    if f.difficulty:
        parts.append(questions.c.difficulty == f.difficulty.lower())
    if f.company:
        parts.append(_json_has(questions.c.companies, f.company))
    if f.tag:
        parts.append(_json_has(questions.c.tags, f.tag))
    if f.unanswered:
        parts.append(sa.and_(questions.c.answer.is_(None), questions.c.own_answer.is_(None)))
    if f.source:
        matching = sa.select(sources.c.id).where(
            sa.or_(sources.c.path == f.source, sources.c.path.endswith("/" + f.source, autoescape=True))
        )
        parts.append(questions.c.source_id.in_(matching))
    if f.ids is not None:
        parts.append(questions.c.id.in_(f.ids))
    return sa.and_(sa.true(), *parts)


# Cards


def _card_values(card: CardState) -> dict[str, Any]:
    return {
        "state": card.state,
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": _bind(card.due),
        "last_review": _bind(card.last_review),
        "reps": card.reps,
        "lapses": card.lapses,
        "buried_until": _bind(card.buried_until),
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


def sync_new_cards(conn: sa.Connection, user_id: str) -> int:
    """Give every active question without a card of this person a NEW card; return how many were added."""
    have = sa.select(cards.c.id).where(cards.c.user_id == user_id, cards.c.question_id == questions.c.id)
    missing = sa.select(
        sa.literal(user_id), questions.c.id, sa.literal(NEW), sa.literal(0), sa.literal(0)
    ).where(questions.c.retired_at.is_(None), ~sa.exists(have))
    insert = cards.insert().from_select(["user_id", "question_id", "state", "reps", "lapses"], missing)
    return conn.execute(insert).rowcount or 0


def get_card(conn: sa.Connection, user_id: str, question_id: int) -> CardState | None:
    row = (
        conn.execute(sa.select(cards).where(cards.c.user_id == user_id, cards.c.question_id == question_id))
        .mappings()
        .first()
    )
    return None if row is None else card_from_row(row)


def _ensure_card(conn: sa.Connection, user_id: str, question_id: int) -> CardState:
    card = get_card(conn, user_id, question_id)
    if card is None:
        if conn.execute(sa.select(questions.c.id).where(questions.c.id == question_id)).first() is None:
            raise NotFound(f"no question with id {question_id}; see `mldrill list`")
        card = CardState(question_id)
        conn.execute(cards.insert().values(user_id=user_id, question_id=question_id, **_card_values(card)))
    return card


def _write_card(conn: sa.Connection, user_id: str, card: CardState) -> int:
    where = sa.and_(cards.c.user_id == user_id, cards.c.question_id == card.question_id)
    return conn.execute(cards.update().where(where).values(**_card_values(card))).rowcount or 0


def bury(conn: sa.Connection, user_id: str, question_id: int, until: datetime) -> None:
    card = _ensure_card(conn, user_id, question_id)
    _write_card(conn, user_id, replace(card, buried_until=until))


def _new_id(result: sa.CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


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
            reviewed_at=_bind(reviewed_at),
            duration_ms=duration_ms,
            state_before=before.state,
            state_after=after.state,
            card_before=snapshot(before),
            card_after=snapshot(after),
        )
    )
    if _write_card(conn, user_id, after) == 0:
        conn.execute(
            cards.insert().values(user_id=user_id, question_id=after.question_id, **_card_values(after))
        )
    return _new_id(result)


def card_for_review(conn: sa.Connection, user_id: str, question_id: int) -> CardState:
    """The card's current state (a NEW card is created for a question that has none yet)."""
    return _ensure_card(conn, user_id, question_id)


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
    _write_card(conn, user_id, review.card_before)
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


# Queues


def _queue(user_id: str, f: QuestionFilter, now: datetime, exclude: Collection[int]) -> sa.Select[Any]:
    query = (
        sa.select(cards)
        .join(questions, questions.c.id == cards.c.question_id)
        .where(
            cards.c.user_id == user_id,
            question_clause(f),
            sa.or_(cards.c.buried_until.is_(None), cards.c.buried_until <= _bind(now)),
        )
    )
    if exclude:
        query = query.where(cards.c.question_id.not_in(list(exclude)))
    return query


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
        .where(cards.c.state.in_(states), cards.c.due <= _bind(due_before))
        .order_by(cards.c.due, cards.c.question_id)
        .limit(1)
    )
    row = conn.execute(query).mappings().first()
    return None if row is None else card_from_row(row)


def first_new(
    conn: sa.Connection, user_id: str, f: QuestionFilter, now: datetime, exclude: Collection[int] = ()
) -> CardState | None:
    """The first NEW card in question order (the order of the sources)."""
    query = (
        _queue(user_id, f, now, exclude).where(cards.c.state == NEW).order_by(cards.c.question_id).limit(1)
    )
    row = conn.execute(query).mappings().first()
    return None if row is None else card_from_row(row)


def count_queue(
    conn: sa.Connection,
    user_id: str,
    f: QuestionFilter,
    states: tuple[int, ...],
    due_before: datetime | None,
    now: datetime,
    cap: int,
) -> int:
    """How many cards wait in `states` (due by `due_before` if given), counting at most `cap`."""
    query = _queue(user_id, f, now, ()).where(cards.c.state.in_(states))
    if due_before is not None:
        query = query.where(cards.c.due <= _bind(due_before))
    capped = query.with_only_columns(cards.c.id).limit(max(cap, 0)).subquery()
    return int(conn.execute(sa.select(sa.func.count()).select_from(capped)).scalar_one())


def done_since(conn: sa.Connection, user_id: str, since: datetime) -> dict[int, int]:
    """Reviews since `since`, by the card's state before them (0 new, 1 learning, 2 review, 3 relearning)."""
    query = (
        sa.select(review_log.c.state_before, sa.func.count())
        .where(review_log.c.user_id == user_id, review_log.c.reviewed_at >= _bind(since))
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
            created_at=_bind(created_at),
            mode=mode,
            text=text,
            grade=json.dumps(grade, ensure_ascii=False, sort_keys=True, default=_plain)
            if grade is not None
            else None,
            suggested_rating=suggested_rating,
        )
    )
    return _new_id(result)


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
        d["grade"] = json.loads(d["grade"]) if d["grade"] else None
        result.append(d)
    return result


# Settings


def get_settings(conn: sa.Connection, user_id: str) -> dict[str, Any]:
    rows = conn.execute(
        sa.select(study_settings.c.name, study_settings.c.value).where(study_settings.c.user_id == user_id)
    )
    return {name: json.loads(value) for name, value in rows}


def set_setting(conn: sa.Connection, user_id: str, name: str, value: Any) -> None:
    encoded = json.dumps(value)
    where = sa.and_(study_settings.c.user_id == user_id, study_settings.c.name == name)
    if conn.execute(study_settings.update().where(where).values(value=encoded)).rowcount == 0:
        conn.execute(study_settings.insert().values(user_id=user_id, name=name, value=encoded))


# Statistics


def _day(conn: sa.Connection, column: sa.ColumnElement[Any], offset_hours: int) -> sa.ColumnElement[Any]:
    """The study day (as 'YYYY-MM-DD') of a UTC timestamp, days starting `offset_hours` after midnight UTC.

    DIALECT-SPECIFIC: SQLite stores timestamps as ISO text and has date() with modifiers; PostgreSQL gets
    interval arithmetic on the UTC wall time.
    """
    if conn.dialect.name == "sqlite":
        return sa.func.date(column, f"{-offset_hours:+d} hours")
    shifted = sa.func.timezone("UTC", column) - sa.text(f"interval '{int(offset_hours)} hours'")
    return sa.func.to_char(shifted, "YYYY-MM-DD")


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def reviews_per_day(
    conn: sa.Connection, user_id: str, since: datetime | None, offset_hours: int
) -> dict[date, int]:
    """Reviews per study day since `since` (all time if None). Reads only the (user, time) index."""
    day = _day(conn, review_log.c.reviewed_at, offset_hours).label("day")
    query = sa.select(day, sa.func.count()).where(review_log.c.user_id == user_id)
    if since is not None:
        query = query.where(review_log.c.reviewed_at >= _bind(since))
    return {_as_date(d): int(n) for d, n in conn.execute(query.group_by(day))}


def time_spent_ms(conn: sa.Connection, user_id: str, since: datetime) -> int:
    query = sa.select(sa.func.coalesce(sa.func.sum(review_log.c.duration_ms), 0)).where(
        review_log.c.user_id == user_id, review_log.c.reviewed_at >= _bind(since)
    )
    return int(conn.execute(query).scalar_one())


def reviewed_between(conn: sa.Connection, user_id: str, start: datetime, end: datetime) -> bool:
    query = sa.select(review_log.c.id).where(
        review_log.c.user_id == user_id,
        review_log.c.reviewed_at >= _bind(start),
        review_log.c.reviewed_at < _bind(end),
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
            cards.c.due < _bind(until),
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
        query = query.where(review_log.c.reviewed_at >= _bind(since))
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
            cards.c.due > _bind(after),
            questions.c.retired_at.is_(None),
        )
    ).scalar()
    return utc(value)
