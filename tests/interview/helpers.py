"""Test doubles for interview tests: a clock moved by hand and a word-matching grader; and a planned interview
written straight to the store."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from mldrill.grade import Grade, PointResult
from mldrill.models import QuestionRecord
from mldrill.ratings import rating_for, verdict_for_score
from mldrill.store import Store
from mldrill.store import interviews as db

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


class FakeClock:
    """A UTC clock that moves only when told to."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3}


def word_grader(record: QuestionRecord, answer: str, **_: Any) -> Grade:
    """A real `Grade`: a point is covered when the answer has at least half of its longer words; the verdict and
    rating come from the one table (`mldrill.ratings`)."""
    said = _words(answer)
    points = []
    for text in record.rubric:
        wanted = _words(text)
        share = len(wanted & said) / len(wanted) if wanted else 0.0
        covered = share >= 0.5
        points.append(
            PointResult(text, covered, share, answer if covered else None, False, share, explanation="")
        )
    hits = sum(p.covered for p in points)
    score = 5.0 * hits / len(points) if points else 0.0
    verdict = verdict_for_score(score)
    missed = [p.text for p in points if not p.covered]
    return Grade(
        score, verdict, points, missed, rating_for(verdict, score), "lexical", confidence=0.9, leaning=verdict
    )


def insert_interview(
    store: Store, questions: list[tuple[int, float]], *, minutes: float = 10, seed: int = 1
) -> int:
    """A mid-level interview of these (question id, budget in seconds), planned at START, without the planner."""
    with store.write() as conn:
        return db.insert_interview(
            conn,
            "local",
            company=None,
            level="mid",
            minutes=minutes,
            topics=[],
            seed=seed,
            plan={},
            questions=questions,
            now=START,
        )
