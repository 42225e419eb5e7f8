"""All SQL of mock interviews: interviews, their questions (items) and follow-ups, and reports, here; saved
keystroke batches in `store.drafts`, the planner's reading of history in `store.interview_history`, the tables in
`store.interview_tables` (all re-exported here, so `from mldrill.store import interviews as db` reaches them).

SQLAlchemy Core on a connection the caller opened with `Store.read()` or `Store.write()`, so one step of an
interview (save a batch, submit an answer with its grade) is one transaction. The tables are created by migration
0003 (`migrations/versions/v0003_interviews.py`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mldrill.errors import NotFound
from mldrill.interview.records import FollowupRow, InterviewRow, InterviewSummary, ItemRow
from mldrill.store.common import LOCAL_USER, bind_utc, dump_json, load_json, new_id, upsert, utc
from mldrill.store.drafts import PARTS, keystroke_batches, replay, save_draft
from mldrill.store.interview_history import QuestionHistory, question_history, recent_question_ids, review_at
from mldrill.store.interview_tables import followups, interviews, items, keystrokes, metadata, reports

__all__ = [
    "LOCAL_USER",
    "PARTS",
    "FollowupRow",
    "InterviewRow",
    "InterviewSummary",
    "ItemRow",
    "QuestionHistory",
    "followups",
    "get_report",
    "insert_followup",
    "insert_interview",
    "interviews",
    "items",
    "keystroke_batches",
    "keystrokes",
    "latest_unfinished",
    "list_interviews",
    "load_interview",
    "metadata",
    "question_history",
    "recent_question_ids",
    "replay",
    "reports",
    "review_at",
    "save_draft",
    "save_report",
    "update_followup",
    "update_interview",
    "update_item",
    "utc",
]

# A question or follow-up not yet answered: nothing typed, no time used.
_UNANSWERED: dict[str, Any] = {"draft": "", "elapsed_ms": 0, "overtime": False}


# Rows: plain data in mldrill.interview.records


def _answer_fields(row: sa.RowMapping) -> dict[str, Any]:
    """The answer columns an item and a follow-up share (see `interview_tables._answer_columns`)."""
    return {
        "budget_s": row["budget_s"],
        "status": row["status"],
        "draft": row["draft"],
        "elapsed_ms": row["elapsed_ms"],
        "overtime": bool(row["overtime"]),
        "started_at": utc(row["started_at"]),
        "submitted_at": utc(row["submitted_at"]),
        "grade": load_json(row["grade"]),
        "score": row["score"],
    }


def _followup(row: sa.RowMapping) -> FollowupRow:
    return FollowupRow(
        id=row["id"],
        item_id=row["item_id"],
        point=row["point"],
        point_index=row["point_index"],
        prompt=row["prompt"],
        **_answer_fields(row),
    )


def _item(row: sa.RowMapping) -> ItemRow:
    return ItemRow(
        id=row["id"],
        interview_id=row["interview_id"],
        position=row["position"],
        question_id=row["question_id"],
        **_answer_fields(row),
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
            topics=dump_json(topics),
            seed=seed,
            plan=dump_json(plan),
            created_at=bind_utc(now),
        )
    )
    interview_id = new_id(result)
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
                    **_UNANSWERED,
                }
                for n, (qid, budget) in enumerate(questions)
            ],
        )
    return interview_id


def load_interview(conn: sa.Connection, interview_id: int, user_id: str) -> InterviewRow:
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
        topics=list(load_json(row["topics"]) or []),
        seed=int(row["seed"]),
        plan=load_json(row["plan"]) or {},
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


def list_interviews(conn: sa.Connection, user_id: str, limit: int | None = None) -> list[InterviewSummary]:
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


def latest_unfinished(conn: sa.Connection, user_id: str) -> int | None:
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
            values[name] = bind_utc(values[name])
    conn.execute(interviews.update().where(interviews.c.id == interview_id).values(**values))


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
            **_UNANSWERED,
            started_at=bind_utc(now),
        )
    )
    return new_id(result)


def update_followup(conn: sa.Connection, item_id: int, **values: Any) -> None:
    _prepare(values)
    conn.execute(followups.update().where(followups.c.item_id == item_id).values(**values))


def _prepare(values: dict[str, Any]) -> None:
    for name in ("started_at", "submitted_at"):
        if name in values:
            values[name] = bind_utc(values[name])
    if "grade" in values and values["grade"] is not None:
        values["grade"] = dump_json(values["grade"])


# Reports


def save_report(
    conn: sa.Connection, interview_id: int, data: dict[str, Any], score: float | None, now: datetime
) -> None:
    values = {"data": dump_json(data), "score": score, "created_at": bind_utc(now)}
    upsert(conn, reports, {"interview_id": interview_id}, values)


def get_report(conn: sa.Connection, interview_id: int) -> dict[str, Any] | None:
    raw = conn.execute(sa.select(reports.c.data).where(reports.c.interview_id == interview_id)).scalar()
    return load_json(raw)
