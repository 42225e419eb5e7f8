"""The person's history, as the interview planner reads it: past interviews and the study tables (read only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from mldrill.store.common import bind_utc
from mldrill.store.interview_tables import interviews, items
from mldrill.store.study_tables import cards, review_log


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


def _study(conn: sa.Connection, user_id: str) -> dict[int, tuple[int, int]]:
    """(reps, lapses) of each of the person's cards."""
    if not sa.inspect(conn).has_table("cards"):
        return {}
    query = sa.select(cards.c.question_id, cards.c.reps, cards.c.lapses).where(cards.c.user_id == user_id)
    return {int(q): (int(r or 0), int(lp or 0)) for q, r, lp in conn.execute(query)}


def _last_ratings(conn: sa.Connection, user_id: str) -> dict[int, int]:
    """The rating of the newest review of each question."""
    if not sa.inspect(conn).has_table("review_log"):
        return {}
    newest = (
        sa.select(sa.func.max(review_log.c.id))
        .where(review_log.c.user_id == user_id)
        .group_by(review_log.c.question_id)
    )
    query = sa.select(review_log.c.question_id, review_log.c.rating).where(review_log.c.id.in_(newest))
    return {int(row[0]): int(row[1]) for row in conn.execute(query)}


def _interview_scores(conn: sa.Connection, user_id: str) -> dict[int, list[float]]:
    """The scores of each question asked in the person's interviews, oldest first (a skip counts as 0)."""
    query = (
        sa.select(items.c.question_id, items.c.status, items.c.score)
        .join(interviews, interviews.c.id == items.c.interview_id)
        .where(interviews.c.user_id == user_id, items.c.status.in_(("answered", "overtime", "skipped")))
        .order_by(items.c.interview_id, items.c.position)
    )
    asked: dict[int, list[float]] = {}
    for qid, status, score in conn.execute(query):
        asked.setdefault(int(qid), []).append(0.0 if status == "skipped" else float(score or 0.0))
    return asked


def question_history(conn: sa.Connection, user_id: str) -> dict[int, QuestionHistory]:
    study = _study(conn, user_id)
    last_rating = _last_ratings(conn, user_id)
    asked = _interview_scores(conn, user_id)
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
    query = sa.select(sa.func.max(review_log.c.id)).where(
        review_log.c.user_id == user_id,
        review_log.c.question_id == question_id,
        review_log.c.reviewed_at == bind_utc(at),
    )
    value = conn.execute(query).scalar()
    return None if value is None else int(value)
