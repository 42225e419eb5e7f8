"""Reading the store: questions with filters, sources, notes, company topics, meta values, counts."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from mldrill.clock import utc
from mldrill.errors import NotFound
from mldrill.models import Question, QuestionFilter, QuestionRecord, Resource
from mldrill.store.common import upsert
from mldrill.store.schema import company_topics, dupe_groups, dupe_members, meta, notes, questions, sources
from mldrill.store.user_tables import own_answers

__all__ = ["QuestionFilter"]


@dataclass
class SourceInfo:
    id: int
    path: str
    format: str
    content_hash: str
    size_bytes: int
    imported_at: datetime
    removed_at: datetime | None
    warnings: list[str] = field(default_factory=list)
    questions: int = 0  # active
    answered: int = 0
    retired: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["imported_at"] = self.imported_at.isoformat()
        d["removed_at"] = self.removed_at.isoformat() if self.removed_at else None
        return d


@dataclass
class StoredNote:
    id: int
    title: str
    body: str
    topic: str | None
    kind: str
    line: int
    inner_file: str | None
    source_path: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_QUESTION_COLUMNS = (questions, sources.c.path.label("source_path"), dupe_members.c.group_id)


def _question_query(user: str | None) -> sa.Select[Any]:
    """Questions with their source and dupe group, and `user`'s own answer (none when `user` is None)."""
    if user is None:
        own: sa.ColumnElement[Any] = sa.null().label("own_text")
    else:
        own = own_answers.c.text.label("own_text")
    query = (
        sa.select(*_QUESTION_COLUMNS, own)
        .select_from(questions)
        .outerjoin(sources, sources.c.id == questions.c.source_id)
        .outerjoin(dupe_members, dupe_members.c.question_id == questions.c.id)
    )
    if user is not None:
        query = query.outerjoin(
            own_answers, sa.and_(own_answers.c.question_id == questions.c.id, own_answers.c.user_id == user)
        )
    return query


def _json_contains(column: sa.ColumnElement[Any], value: str) -> sa.ColumnElement[bool]:
    """Case-insensitive membership of a string in a JSON list column (portable: a LIKE on its text)."""
    needle = json.dumps(value.lower(), ensure_ascii=False)
    return sa.func.lower(sa.cast(column, sa.Text)).contains(needle, autoescape=True)


def question_clause(f: QuestionFilter, user: str | None = None) -> sa.ColumnElement[bool]:
    """A WHERE clause on `questions` for the filter (active questions only unless it says otherwise);
    "unanswered" counts `user`'s own answers as answers.

    It names no other table in the FROM list: the question list and the study queues both filter with it.
    """
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
        parts.append(_json_contains(questions.c.companies, f.company))
    if f.tag:
        parts.append(_json_contains(questions.c.tags, f.tag))
    if f.unanswered:
        parts.append(questions.c.answer.is_(None))
        if user is not None:
            mine = own_answers.alias("own_filter")  # the listing may join own_answers itself
            own = (
                sa.select(mine.c.question_id)
                .where(mine.c.question_id == questions.c.id, mine.c.user_id == user)
                .correlate(questions)
            )
            parts.append(~own.exists())
    if f.source:
        matching = (
            sa.select(sources.c.id)
            .where(
                sa.or_(sources.c.path == f.source, sources.c.path.endswith("/" + f.source, autoescape=True))
            )
            .correlate(None)  # a query that joins `sources` itself must not capture this one's
        )
        parts.append(questions.c.source_id.in_(matching))
    if f.ids is not None:
        parts.append(questions.c.id.in_(f.ids))
    return sa.and_(sa.true(), *parts)


def to_question(row: sa.RowMapping) -> Question:
    record = QuestionRecord(
        prompt=row["prompt"],
        answer=row["answer"],
        difficulty=row["difficulty"],
        topic=row["topic"],
        tags=list(row["tags"]),
        companies=list(row["companies"]),
        time_minutes=row["time_minutes"],
        rubric=list(row["rubric"]),
        insight=row["insight"],
        resources=[Resource(**r) for r in row["resources"]],
        line=row["line"],
        prompt_line=row["prompt_line"],
        inner_file=row["inner_file"],
        key=row["key"],
        origin=row["answer_origin"],
    )
    return Question(
        id=row["id"],
        record=record,
        source_path=row["source_path"],
        retired=row["retired_at"] is not None,
        dupe_group=row["group_id"],
        own_answer=row["own_text"],
    )


def list_questions(
    conn: sa.Connection,
    f: QuestionFilter,
    limit: int | None = None,
    offset: int = 0,
    user: str | None = None,
) -> list[Question]:
    """Questions matching `f`, in source order; each with `user`'s own answer (None: no user's)."""
    query = _question_query(user).where(question_clause(f, user))
    query = query.order_by(sources.c.path, questions.c.position, questions.c.id)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [to_question(r) for r in conn.execute(query).mappings()]


def count_questions(conn: sa.Connection, f: QuestionFilter, user: str | None = None) -> int:
    query = sa.select(sa.func.count()).select_from(questions).where(question_clause(f, user))
    return int(conn.execute(query).scalar_one())


def get_question(conn: sa.Connection, question_id: int, user: str | None = None) -> Question:
    """The question with this id (retired ones too), with `user`'s own answer; raises NotFound."""
    row = conn.execute(_question_query(user).where(questions.c.id == question_id)).mappings().first()
    if row is None:
        raise NotFound(f"no question with id {question_id}; see `mldrill list` or `mldrill search`")
    return to_question(row)


def questions_by_id(conn: sa.Connection, ids: list[int], user: str | None = None) -> dict[int, Question]:
    if not ids:
        return {}
    query = _question_query(user).where(questions.c.id.in_(ids))
    return {q.id: q for q in (to_question(r) for r in conn.execute(query).mappings())}


def list_sources(conn: sa.Connection, include_removed: bool = True) -> list[SourceInfo]:
    counts = (
        sa.select(
            questions.c.source_id,
            sa.func.count().filter(questions.c.retired_at.is_(None)).label("active"),
            sa.func.count()
            .filter(questions.c.retired_at.is_(None), questions.c.answer.is_not(None))
            .label("answered"),
            sa.func.count().filter(questions.c.retired_at.is_not(None)).label("retired"),
        )
        .group_by(questions.c.source_id)
        .subquery()
    )
    query = sa.select(sources, counts.c.active, counts.c.answered, counts.c.retired).outerjoin(
        counts, counts.c.source_id == sources.c.id
    )
    if not include_removed:
        query = query.where(sources.c.removed_at.is_(None))
    result = []
    for r in conn.execute(query.order_by(sources.c.path)).mappings():
        result.append(
            SourceInfo(
                id=r["id"],
                path=r["path"],
                format=r["format"],
                content_hash=r["content_hash"],
                size_bytes=r["size_bytes"],
                imported_at=utc(r["imported_at"]) or r["imported_at"],
                removed_at=utc(r["removed_at"]),
                warnings=list(r["warnings"]),
                questions=r["active"] or 0,
                answered=r["answered"] or 0,
                retired=r["retired"] or 0,
            )
        )
    return result


def find_source(conn: sa.Connection, path: str) -> SourceInfo:
    """The stored source named `path`: exactly, as an absolute path, or by its unique trailing components."""
    candidates = list_sources(conn)
    for wanted in (path, str(Path(path).expanduser().resolve())):
        exact = [s for s in candidates if s.path == wanted]
        if exact:
            return exact[0]
    tail = [s for s in candidates if s.path.endswith("/" + path.lstrip("/"))]
    if len(tail) == 1:
        return tail[0]
    if len(tail) > 1:
        names = ", ".join(s.path for s in tail)
        raise NotFound(f"{path!r} names several sources ({names}); give the full path")
    raise NotFound(f"no source {path!r}; see `mldrill sources` for the stored paths")


def list_notes(conn: sa.Connection, topic: str | None = None) -> list[StoredNote]:
    query = (
        sa.select(notes, sources.c.path.label("source_path"))
        .join(sources, sources.c.id == notes.c.source_id)
        .where(sources.c.removed_at.is_(None))
    )
    if topic:
        t = topic.strip("/")
        query = query.where(sa.or_(notes.c.topic == t, notes.c.topic.startswith(t + "/", autoescape=True)))
    rows = conn.execute(query.order_by(sources.c.path, notes.c.position)).mappings()
    return [
        StoredNote(
            r["id"],
            r["title"],
            r["body"],
            r["topic"],
            r["kind"],
            r["line"],
            r["inner_file"],
            r["source_path"],
        )
        for r in rows
    ]


def list_company_topics(conn: sa.Connection) -> dict[str, list[str]]:
    rows = conn.execute(
        sa.select(company_topics.c.company, company_topics.c.topic)
        .join(sources, sources.c.id == company_topics.c.source_id)
        .where(sources.c.removed_at.is_(None))
        .distinct()
        .order_by(company_topics.c.company, company_topics.c.topic)
    )
    result: dict[str, list[str]] = {}
    for company, topic in rows:
        result.setdefault(company, []).append(topic)
    return result


def facets(conn: sa.Connection) -> dict[str, list[str]]:
    """The distinct topics and companies of the active questions, sorted (the choices of a browse filter)."""
    active = questions.c.retired_at.is_(None)
    topics = conn.execute(
        sa.select(questions.c.topic).where(active, questions.c.topic.is_not(None)).distinct()
    )
    lists = conn.execute(sa.select(sa.cast(questions.c.companies, sa.Text)).where(active).distinct())
    names = sorted(
        {c for (raw,) in lists if raw for c in json.loads(raw) if isinstance(c, str) and c.strip()}
    )
    companies = {name.lower(): name for name in reversed(names)}  # one spelling each ("Meta" before "meta")
    return {
        "topics": sorted({t for (t,) in topics if t}),
        "companies": sorted(companies.values(), key=str.lower),
    }


def get_meta(conn: sa.Connection, key: str) -> str | None:
    return conn.execute(sa.select(meta.c.value).where(meta.c.key == key)).scalar()


def set_meta(conn: sa.Connection, key: str, value: str) -> None:
    """Set a meta value (inside the caller's write transaction)."""
    upsert(conn, meta, {"key": key}, {"value": value})


def stats(conn: sa.Connection) -> dict[str, int]:
    active = questions.c.retired_at.is_(None)
    row = conn.execute(
        sa.select(
            sa.func.count().filter(active).label("questions"),
            sa.func.count().filter(active, questions.c.answer.is_not(None)).label("answered"),
            sa.func.count().filter(questions.c.retired_at.is_not(None)).label("retired"),
        ).select_from(questions)
    ).one()
    n_sources = conn.execute(
        sa.select(sa.func.count()).select_from(sources).where(sources.c.removed_at.is_(None))
    ).scalar_one()
    n_groups = conn.execute(sa.select(sa.func.count()).select_from(dupe_groups)).scalar_one()
    return {
        "questions": row.questions,
        "answered": row.answered,
        "retired": row.retired,
        "sources": n_sources,
        "dupe_groups": n_groups,
    }


def own_answer_matches(conn: sa.Connection, user: str, text: str, limit: int) -> list[int]:
    """Ids of active questions whose `user`'s own answer holds every word of `text` (case-insensitive): own
    answers are per user, so they are not in the shared full-text index."""
    words = [w for w in text.lower().split() if w.strip('"()*')]
    if not words:
        return []
    query = (
        sa.select(own_answers.c.question_id)
        .join(questions, questions.c.id == own_answers.c.question_id)
        .where(own_answers.c.user_id == user, questions.c.retired_at.is_(None))
        .where(*(sa.func.lower(own_answers.c.text).contains(w.strip('"()*'), autoescape=True) for w in words))
        .order_by(own_answers.c.question_id)
        .limit(limit)
    )
    return [int(r[0]) for r in conn.execute(query)]
