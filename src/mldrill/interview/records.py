"""An interview as stored, as plain data: the interview, its items (one per question) and their follow-ups, and
the one-line summary listings show. The store (`mldrill.store.interviews`) reads and writes them; nothing here
touches a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


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
