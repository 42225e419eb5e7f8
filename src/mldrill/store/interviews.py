"""All SQL of mock interviews: interviews, their questions (items), follow-ups, saved keystroke batches, reports.

SQLAlchemy Core on a connection the caller opened with `Store.read()` or `Store.write()`, so one step of an
interview (save a batch, submit an answer with its grade) is one transaction. The tables are created by migration
0003 (`migrations/versions/v0003_interviews.py`); this module mirrors them, and a test checks the two agree.

The person's study history (cards, review log of migration 0002) is read here by table name, for the planner.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from mldrill.errors import NotFound

LOCAL_USER = "local"
PARTS = ("answer", "followup")

metadata = sa.MetaData()

interviews = sa.Table(
    "interviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.String(100), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("company", sa.Text),
    sa.Column("level", sa.String(20), nullable=False),
    sa.Column("minutes", sa.Float, nullable=False),
    sa.Column("topics", sa.Text, nullable=False),
    sa.Column("seed", sa.BigInteger, nullable=False),
    sa.Column("plan", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True)),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
)

items = sa.Table(
    "interview_items",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("interview_id", sa.Integer, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("question_id", sa.Integer, nullable=False),
    sa.Column("budget_s", sa.Float, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("draft", sa.Text, nullable=False),
    sa.Column("elapsed_ms", sa.Integer, nullable=False),
    sa.Column("overtime", sa.Boolean, nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True)),
    sa.Column("submitted_at", sa.DateTime(timezone=True)),
    sa.Column("grade", sa.Text),
    sa.Column("score", sa.Float),
    sa.Column("suggested_rating", sa.Integer),
    sa.Column("rating", sa.Integer),
    sa.Column("review_id", sa.Integer),
)

followups = sa.Table(
    "interview_followups",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("item_id", sa.Integer, nullable=False),
    sa.Column("point", sa.Text, nullable=False),
    sa.Column("point_index", sa.Integer, nullable=False),
    sa.Column("prompt", sa.Text, nullable=False),
    sa.Column("budget_s", sa.Float, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("draft", sa.Text, nullable=False),
    sa.Column("elapsed_ms", sa.Integer, nullable=False),
    sa.Column("overtime", sa.Boolean, nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True)),
    sa.Column("submitted_at", sa.DateTime(timezone=True)),
    sa.Column("grade", sa.Text),
    sa.Column("score", sa.Float),
)

keystrokes = sa.Table(
    "interview_keystrokes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("item_id", sa.Integer, nullable=False),
    sa.Column("part", sa.String(10), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("elapsed_ms", sa.Integer, nullable=False),
    sa.Column("keep", sa.Integer, nullable=False),
    sa.Column("inserted", sa.Text, nullable=False),
)

reports = sa.Table(
    "interview_reports",
    metadata,
    sa.Column("interview_id", sa.Integer, primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("score", sa.Float),
    sa.Column("data", sa.Text, nullable=False),
)

# The study tables of migration 0002, read (never written) for the person's history.
_cards = sa.table(
    "cards",
    sa.column("user_id"),
    sa.column("question_id"),
    sa.column("state"),
    sa.column("reps"),
    sa.column("lapses"),
)
_review_log = sa.table(
    "review_log",
    sa.column("id", sa.Integer),
    sa.column("user_id", sa.String),
    sa.column("question_id", sa.Integer),
    sa.column("rating", sa.Integer),
    sa.column("reviewed_at", sa.DateTime(timezone=True)),
)


def utc(value: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; they are stored in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _bind(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> Any:
    return json.loads(text) if text else None


# Rows


@dataclass
class FollowupRow:
    id: int
    item_id: int
    point: str
    point_index: int
    prompt: str
    budget_s: float
    status: str  # active | answered | overtime | skipped
    draft: str
    elapsed_ms: int
    overtime: bool
    started_at: datetime | None
    submitted_at: datetime | None
    grade: dict[str, Any] | None
    score: float | None


@dataclass
class ItemRow:
    id: int
    interview_id: int
    position: int
    question_id: int
    budget_s: float
    status: str  # pending | active | answered | overtime | skipped | unreached
    draft: str
    elapsed_ms: int
    overtime: bool
    started_at: datetime | None
    submitted_at: datetime | None
    grade: dict[str, Any] | None
    score: float | None
    suggested_rating: int | None
    rating: int | None
    review_id: int | None
    followup: FollowupRow | None = None


@dataclass
class InterviewRow:
    id: int
    user_id: str
    status: str  # planned | running | finished | abandoned
    company: str | None
    level: str
    minutes: float
    topics: list[str]
    seed: int
    plan: dict[str, Any]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    items: list[ItemRow] = field(default_factory=list)


@dataclass(frozen=True)
class InterviewSummary:
    id: int
    status: str
    company: str | None
    level: str
    minutes: float
    created_at: datetime
    finished_at: datetime | None
    questions: int
    score: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "company": self.company,
            "level": self.level,
            "minutes": self.minutes,
            "created_at": self.created_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "questions": self.questions,
            "score": self.score,
        }


def _followup(row: sa.RowMapping) -> FollowupRow:
    return FollowupRow(
        id=row["id"],
        item_id=row["item_id"],
        point=row["point"],
        point_index=row["point_index"],
        prompt=row["prompt"],
        budget_s=row["budget_s"],
        status=row["status"],
        draft=row["draft"],
        elapsed_ms=row["elapsed_ms"],
        overtime=bool(row["overtime"]),
        started_at=utc(row["started_at"]),
        submitted_at=utc(row["submitted_at"]),
        grade=_load(row["grade"]),
        score=row["score"],
    )


def _item(row: sa.RowMapping) -> ItemRow:
    return ItemRow(
        id=row["id"],
        interview_id=row["interview_id"],
        position=row["position"],
        question_id=row["question_id"],
        budget_s=row["budget_s"],
        status=row["status"],
        draft=row["draft"],
        elapsed_ms=row["elapsed_ms"],
        overtime=bool(row["overtime"]),
        started_at=utc(row["started_at"]),
        submitted_at=utc(row["submitted_at"]),
        grade=_load(row["grade"]),
        score=row["score"],
        suggested_rating=row["suggested_rating"],
        rating=row["rating"],
        review_id=row["review_id"],
    )


# Interviews


def insert_interview(
    conn: sa.Connection,
    user_id: str,
    *,
    company: str | None,
    level: str,
    minutes: float,
    topics: list[str],
    seed: int,
    plan: dict[str, Any],
    questions: list[tuple[int, float]],
    now: datetime,
) -> int:
    """Store a planned interview and its questions ((question id, budget in seconds), in order)."""
    result = conn.execute(
        interviews.insert().values(
            user_id=user_id,
            status="planned",
            company=company,
            level=level,
            minutes=minutes,
            topics=_json(topics),
            seed=seed,
            plan=_json(plan),
            created_at=_bind(now),
        )
    )
    interview_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    if questions:
        conn.execute(
            items.insert(),
            [
                {
                    "interview_id": interview_id,
                    "position": n,
                    "question_id": qid,
                    "budget_s": budget,
                    "status": "pending",
                    "draft": "",
                    "elapsed_ms": 0,
                    "overtime": False,
                }
                for n, (qid, budget) in enumerate(questions)
            ],
        )
    return int(interview_id)


def load_interview(conn: sa.Connection, interview_id: int, user_id: str = LOCAL_USER) -> InterviewRow:
    """The interview with its items and follow-ups; raises NotFound."""
    row = (
        conn.execute(
            sa.select(interviews).where(interviews.c.id == interview_id, interviews.c.user_id == user_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"no interview {interview_id}; see `mldrill interviews`")
    result = InterviewRow(
        id=row["id"],
        user_id=row["user_id"],
        status=row["status"],
        company=row["company"],
        level=row["level"],
        minutes=row["minutes"],
        topics=list(_load(row["topics"]) or []),
        seed=int(row["seed"]),
        plan=_load(row["plan"]) or {},
        created_at=utc(row["created_at"]) or row["created_at"],
        started_at=utc(row["started_at"]),
        finished_at=utc(row["finished_at"]),
    )
    query = sa.select(items).where(items.c.interview_id == interview_id).order_by(items.c.position)
    result.items = [_item(r) for r in conn.execute(query).mappings()]
    by_id = {item.id: item for item in result.items}
    if by_id:
        fq = sa.select(followups).where(followups.c.item_id.in_(list(by_id)))
        for r in conn.execute(fq).mappings():
            by_id[r["item_id"]].followup = _followup(r)
    return result


def list_interviews(
    conn: sa.Connection, user_id: str = LOCAL_USER, limit: int | None = None
) -> list[InterviewSummary]:
    """The person's interviews, newest first, with their question counts and report scores."""
    counts = (
        sa.select(items.c.interview_id, sa.func.count().label("n")).group_by(items.c.interview_id).subquery()
    )
    query = (
        sa.select(interviews, counts.c.n, reports.c.score)
        .outerjoin(counts, counts.c.interview_id == interviews.c.id)
        .outerjoin(reports, reports.c.interview_id == interviews.c.id)
        .where(interviews.c.user_id == user_id)
        .order_by(interviews.c.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        InterviewSummary(
            id=r["id"],
            status=r["status"],
            company=r["company"],
            level=r["level"],
            minutes=r["minutes"],
            created_at=utc(r["created_at"]) or r["created_at"],
            finished_at=utc(r["finished_at"]),
            questions=int(r["n"] or 0),
            score=r["score"],
        )
        for r in conn.execute(query).mappings()
    ]


def latest_unfinished(conn: sa.Connection, user_id: str = LOCAL_USER) -> int | None:
    """The newest interview that was planned or started and neither finished nor abandoned."""
    query = (
        sa.select(interviews.c.id)
        .where(interviews.c.user_id == user_id, interviews.c.status.in_(("planned", "running")))
        .order_by(interviews.c.id.desc())
        .limit(1)
    )
    return conn.execute(query).scalar()


def update_interview(conn: sa.Connection, interview_id: int, **values: Any) -> None:
    for name in ("started_at", "finished_at"):
        if name in values:
            values[name] = _bind(values[name])
    conn.execute(interviews.update().where(interviews.c.id == interview_id).values(**values))


# History, for the planner


def recent_question_ids(conn: sa.Connection, user_id: str, last_n: int) -> set[int]:
    """Questions asked in the person's last `last_n` started interviews."""
    if last_n <= 0:
        return set()
    recent = (
        sa.select(interviews.c.id)
        .where(interviews.c.user_id == user_id, interviews.c.started_at.is_not(None))
        .order_by(interviews.c.id.desc())
        .limit(last_n)
        .subquery()
    )
    query = sa.select(items.c.question_id).where(items.c.interview_id.in_(sa.select(recent.c.id)))
    return {int(q) for q in conn.execute(query).scalars()}


@dataclass(frozen=True)
class QuestionHistory:
    """What the person's history says about one question."""

    reps: int = 0  # study reviews
    lapses: int = 0
    last_rating: int | None = None  # of the newest review
    asked: int = 0  # times asked in an interview (answered, overtime or skipped)
    last_score: float | None = None  # newest interview score (0-5); a skip counts as 0

    @property
    def seen(self) -> bool:
        return self.reps > 0 or self.asked > 0


def question_history(conn: sa.Connection, user_id: str) -> dict[int, QuestionHistory]:
    study: dict[int, tuple[int, int]] = {}
    if sa.inspect(conn).has_table("cards"):
        query = sa.select(_cards.c.question_id, _cards.c.reps, _cards.c.lapses).where(
            _cards.c.user_id == user_id
        )
        study = {int(q): (int(r or 0), int(lp or 0)) for q, r, lp in conn.execute(query)}
    last_rating: dict[int, int] = {}
    if sa.inspect(conn).has_table("review_log"):
        newest = (
            sa.select(sa.func.max(_review_log.c.id))
            .where(_review_log.c.user_id == user_id)
            .group_by(_review_log.c.question_id)
        )
        query = sa.select(_review_log.c.question_id, _review_log.c.rating).where(_review_log.c.id.in_(newest))
        last_rating = {int(row[0]): int(row[1]) for row in conn.execute(query)}
    asked: dict[int, list[float]] = {}
    asked_query = (
        sa.select(items.c.question_id, items.c.status, items.c.score)
        .join(interviews, interviews.c.id == items.c.interview_id)
        .where(interviews.c.user_id == user_id, items.c.status.in_(("answered", "overtime", "skipped")))
        .order_by(items.c.interview_id, items.c.position)
    )
    for qid, status, score in conn.execute(asked_query):
        asked.setdefault(int(qid), []).append(0.0 if status == "skipped" else float(score or 0.0))
    result = {}
    for qid in set(study) | set(last_rating) | set(asked):
        reps, lapses = study.get(qid, (0, 0))
        scores = asked.get(qid, [])
        result[qid] = QuestionHistory(
            reps=reps,
            lapses=lapses,
            last_rating=last_rating.get(qid),
            asked=len(scores),
            last_score=scores[-1] if scores else None,
        )
    return result


def review_at(conn: sa.Connection, user_id: str, question_id: int, at: datetime) -> int | None:
    """The id of a review of this card recorded at exactly `at`, if any (a finish that crashed before it noted
    the review it had recorded leaves one)."""
    query = sa.select(sa.func.max(_review_log.c.id)).where(
        _review_log.c.user_id == user_id,
        _review_log.c.question_id == question_id,
        _review_log.c.reviewed_at == _bind(at),
    )
    value = conn.execute(query).scalar()
    return None if value is None else int(value)


# Items and follow-ups


def update_item(conn: sa.Connection, item_id: int, **values: Any) -> None:
    _prepare(values)
    conn.execute(items.update().where(items.c.id == item_id).values(**values))


def insert_followup(
    conn: sa.Connection,
    item_id: int,
    *,
    point: str,
    point_index: int,
    prompt: str,
    budget_s: float,
    now: datetime,
) -> int:
    result = conn.execute(
        followups.insert().values(
            item_id=item_id,
            point=point,
            point_index=point_index,
            prompt=prompt,
            budget_s=budget_s,
            status="active",
            draft="",
            elapsed_ms=0,
            overtime=False,
            started_at=_bind(now),
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def update_followup(conn: sa.Connection, item_id: int, **values: Any) -> None:
    _prepare(values)
    conn.execute(followups.update().where(followups.c.item_id == item_id).values(**values))


def _prepare(values: dict[str, Any]) -> None:
    for name in ("started_at", "submitted_at"):
        if name in values:
            values[name] = _bind(values[name])
    if "grade" in values and values["grade"] is not None:
        values["grade"] = _json(values["grade"])


# Keystroke batches


def _part_table(part: str) -> tuple[sa.Table, sa.ColumnElement[bool]]:
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, not {part!r}")
    return (items, items.c.id) if part == "answer" else (followups, followups.c.item_id)


def save_draft(
    conn: sa.Connection, item_id: int, part: str, text: str, elapsed_ms: int, now: datetime
) -> bool:
    """Save one keystroke batch: the draft now reads `text`. Logs the change as a delta; True if the text changed.

    An unchanged text only updates the time used.
    """
    table, key = _part_table(part)
    old = conn.execute(sa.select(table.c.draft).where(key == item_id)).scalar()
    if old is None:
        raise NotFound(f"no {part} to save for interview item {item_id}")
    values: dict[str, Any] = {"elapsed_ms": int(elapsed_ms)}
    changed = text != old
    if changed:
        keep = _common_prefix(old, text)
        seq = conn.execute(
            sa.select(sa.func.coalesce(sa.func.max(keystrokes.c.seq), 0)).where(
                keystrokes.c.item_id == item_id, keystrokes.c.part == part
            )
        ).scalar_one()
        conn.execute(
            keystrokes.insert().values(
                item_id=item_id,
                part=part,
                seq=int(seq) + 1,
                saved_at=_bind(now),
                elapsed_ms=int(elapsed_ms),
                keep=keep,
                inserted=text[keep:],
            )
        )
        values["draft"] = text
    conn.execute(table.update().where(key == item_id).values(**values))
    return changed


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def keystroke_batches(conn: sa.Connection, item_id: int, part: str) -> list[tuple[int, int, str]]:
    """(seq, characters kept, inserted text) of every saved batch of one answer, in order."""
    query = (
        sa.select(keystrokes.c.seq, keystrokes.c.keep, keystrokes.c.inserted)
        .where(keystrokes.c.item_id == item_id, keystrokes.c.part == part)
        .order_by(keystrokes.c.seq)
    )
    return [(int(s), int(k), str(t)) for s, k, t in conn.execute(query)]


def replay(batches: list[tuple[int, int, str]]) -> str:
    """The text the batches build up, from an empty draft."""
    text = ""
    for _seq, keep, inserted in batches:
        text = text[:keep] + inserted
    return text


# Reports


def save_report(
    conn: sa.Connection, interview_id: int, data: dict[str, Any], score: float | None, now: datetime
) -> None:
    encoded = _json(data)
    updated = conn.execute(
        reports.update()
        .where(reports.c.interview_id == interview_id)
        .values(data=encoded, score=score, created_at=_bind(now))
    ).rowcount
    if not updated:
        conn.execute(
            reports.insert().values(
                interview_id=interview_id, data=encoded, score=score, created_at=_bind(now)
            )
        )


def get_report(conn: sa.Connection, interview_id: int) -> dict[str, Any] | None:
    raw = conn.execute(sa.select(reports.c.data).where(reports.c.interview_id == interview_id)).scalar()
    return _load(raw)
