"""How a grade reads to a person, the same in every screen and report: the verdict with its confidence, the word
for an unsure grade, and one line per rubric point saying why it counts as covered, contradicted or missed.

Works on the grader's `Grade`, on `interview.grading.AnswerGrade` and on their stored dicts alike; nothing here
imports the grader.
"""

from __future__ import annotations

from typing import Any

from mldrill.ratings import UNSURE

__all__ = [
    "UNSURE",
    "UNSURE_MESSAGE",
    "is_unsure",
    "point_explanation",
    "point_status",
    "shorten",
    "verdict_text",
]
UNSURE_MESSAGE = "The grader is unsure — compare with the model answer and rate it yourself."
STATUS_MARK = {"covered": "✓", "contradicted": "✗", "missed": "✗"}
_QUOTE_LIMIT = 120


def _get(grade: Any, name: str, default: Any = None) -> Any:
    if isinstance(grade, dict):
        return grade.get(name, default)
    return getattr(grade, name, default)


def is_unsure(grade: Any) -> bool:
    """True when the grader could not tell (verdict "unsure", or `sure` false)."""
    if grade is None:
        return False
    sure = _get(grade, "sure")
    if isinstance(sure, bool):
        return not sure
    return str(_get(grade, "verdict", "") or "") == UNSURE


def confidence_of(grade: Any) -> float | None:
    value = _get(grade, "confidence")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def verdict_text(grade: Any) -> str:
    """ "partial (confidence 0.72)"; "unsure (leaning pass, confidence 0.55)"; the bare verdict when the grade
    has no confidence (older stored grades)."""
    verdict = str(_get(grade, "verdict", "") or "?")
    confidence = confidence_of(grade)
    leaning = str(_get(grade, "leaning", "") or "")
    if is_unsure(grade):
        details = [f"leaning {leaning}"] if leaning and leaning != UNSURE else []
        if confidence is not None:
            details.append(f"confidence {confidence:.2f}")
        return f"{UNSURE} ({', '.join(details)})" if details else UNSURE
    return f"{verdict} (confidence {confidence:.2f})" if confidence is not None else verdict


def point_status(point: Any) -> str:
    """covered | contradicted | missed, read from a point object or dict of any of the shapes in use."""
    status = _get(point, "status")
    if status in STATUS_MARK:
        return str(status)
    hit = _get(point, "hit", _get(point, "covered"))
    if hit:
        return "covered"
    return "contradicted" if _get(point, "contradicted") else "missed"


def point_explanation(point: Any) -> str:
    """The grader's one-line explanation of a point, or one made from its status and evidence when it gave none."""
    given = str(_get(point, "explanation", "") or "").strip()
    if given:
        return given
    status = point_status(point)
    evidence = _get(point, "evidence") or _get(point, "matched")
    quoted = f'"{shorten(str(evidence))}"' if evidence and status != "missed" else ""
    if status == "covered":
        return f"covered by {quoted}" if quoted else "covered"
    if status == "contradicted":
        return f"contradicted by {quoted}" if quoted else "contradicted"
    return "not stated in the answer"


def shorten(text: str, limit: int = _QUOTE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
