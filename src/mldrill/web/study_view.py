"""How a study card and a grade read on a page and in the JSON API: plain dicts built from the use-case layer's
objects (`StudyCard`, the grader's `Grade`), so the templates and `/api/grade` show the same things.

No rule lives here: verdicts, unsure grades and the preselected rating come from `mldrill.verdicts` and
`mldrill.app.study`.
"""

from __future__ import annotations

import math
from typing import Any

from mldrill.app.study import QueueCounts, StudyCard, preselected_rating, suggested_rating
from mldrill.models import DEFAULT_MINUTES
from mldrill.ratings import RATING_NAMES
from mldrill.verdicts import (
    STATUS_MARK,
    UNSURE_MESSAGE,
    is_unsure,
    point_explanation,
    point_status,
    verdict_text,
)

STATUS_WORDS = {"covered": "covered", "contradicted": "contradicted", "missed": "missed"}


def _get(value: Any, name: str, default: Any = None) -> Any:
    if isinstance(value, dict):
        return value.get(name, default)
    return getattr(value, name, default)


def _number(value: Any) -> float | None:
    """A finite number, else None (JSON has no NaN)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def counts_dict(counts: QueueCounts) -> dict[str, int]:
    return {"new": counts.new, "learning": counts.learning, "review": counts.review}


def card_meta(card: StudyCard) -> list[str]:
    """The card's line above the prompt: id, kind, difficulty, topic, time budget, companies."""
    record = card.question.record
    minutes = record.time_minutes or DEFAULT_MINUTES.get(record.difficulty, 5.0)
    parts = [
        f"#{card.question.id}",
        card.kind,
        record.difficulty or "difficulty not given",
        record.topic or "no topic",
        f"{minutes:g} min",
    ]
    if record.companies:
        parts.append("asked by " + ", ".join(record.companies))
    return parts


def point_view(point: Any) -> dict[str, Any]:
    """One rubric point of a grade: its text, covered / contradicted / missed, why, and the evidence (the answer
    sentence that covers or contradicts it, or, for a missed point, the nearest sentence and how near it was)."""
    status = point_status(point)
    matched = _get(point, "matched") or _get(point, "evidence")
    similarity = _number(_get(point, "similarity"))
    probability = _number(_get(point, "probability"))
    explanation = point_explanation(point)
    evidence = str(matched) if matched else None
    return {
        "text": str(_get(point, "text", "") or ""),
        "status": status,
        "mark": STATUS_MARK[status],
        "explanation": explanation,
        "evidence": evidence,
        # a missed point's nearest sentence is shown as such; a covered one's is already quoted in the explanation
        "nearest": evidence if status == "missed" else None,
        "similarity": similarity,
        "probability": probability,
        "kind": str(_get(point, "kind", "rubric") or "rubric"),
        "weight": _number(_get(point, "weight")),
    }


def grade_view(grade: Any) -> dict[str, Any]:
    """A grade as the page and `/api/grade` show it."""
    unsure = is_unsure(grade)
    suggested = suggested_rating(grade)
    preselected = preselected_rating(grade)
    points = [point_view(p) for p in (_get(grade, "points") or [])]
    examples = _get(grade, "examples")
    return {
        "verdict": str(_get(grade, "verdict", "") or ""),
        "verdict_text": verdict_text(grade),
        "score": _number(_get(grade, "score")),
        "confidence": _number(_get(grade, "confidence")),
        "leaning": str(_get(grade, "leaning", "") or "") or None,
        "unsure": unsure,
        "unsure_message": UNSURE_MESSAGE if unsure else None,
        "suggested_rating": suggested,
        "suggested_name": RATING_NAMES.get(suggested) if suggested else None,
        "preselected_rating": preselected,
        "points": points,
        "covered": sum(1 for p in points if p["status"] == "covered"),
        "missed": [str(m) for m in (_get(grade, "missed") or [])],
        "mode": str(_get(grade, "mode", "") or "") or None,
        "notes": [str(n) for n in (_get(grade, "notes") or [])],
        "examples": None
        if examples is None
        else {
            "count": int(_get(examples, "count", 0) or 0),
            "nearest_correct": bool(_get(examples, "nearest_correct", False)),
            "similarity": _number(_get(examples, "similarity")),
        },
    }
