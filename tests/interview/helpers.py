"""Test doubles for interview tests: a clock moved by hand and a word-matching grader; and a planned interview
written straight to the store."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from mldrill.models import QuestionRecord
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


def word_grader(record: QuestionRecord, answer: str) -> dict[str, Any]:
    """A point is covered when the answer has at least half of its longer words; shaped like the real Grade."""
    said = _words(answer)
    points = []
    for text in record.rubric:
        wanted = _words(text)
        share = len(wanted & said) / len(wanted) if wanted else 0.0
        points.append({"text": text, "covered": share >= 0.5, "probability": share, "weight": 1.0})
    covered = sum(p["covered"] for p in points)
    score = 5.0 * covered / len(points) if points else 0.0
    verdict = "pass" if score >= 3 else "partial" if score >= 1.5 else "fail"
    rating = 1 if score < 1.5 else 2 if score < 3 else 3 if score < 4.5 else 4
    return {
        "score": score,
        "verdict": verdict,
        "points": points,
        "missed": [p["text"] for p in points if not p["covered"]],
        "suggested_rating": rating,
    }


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
