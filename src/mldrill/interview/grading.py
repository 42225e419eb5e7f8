"""Grading inside an interview: the grader's result kept in one stable shape, and the follow-up question.

The grader (`mldrill.grade.grade_answer(record, answer)`) is passed in as a function, so tests can hand in a
double; `AnswerGrade.from_grade` reads what the interview needs from its result (score 0-5, verdict, the points
hit and missed, the suggested rating) and keeps the rest of it for the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any

from mldrill.models import QuestionRecord

Grader = Callable[[QuestionRecord, str], Any]

FOLLOWUP_MIN_S = 60.0
FOLLOWUP_SHARE = 0.4  # of the question's own budget


@dataclass(frozen=True)
class PointResult:
    text: str
    hit: bool
    coverage: float = 0.0  # 0-1, how well the answer covers it
    weight: float = 1.0
    evidence: str | None = None  # the answer's sentence that covers it

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AnswerGrade:
    score: float  # 0-5
    verdict: str
    points: list[PointResult] = field(default_factory=list)
    suggested_rating: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)  # the grader's own result, as it gave it

    @property
    def hit(self) -> list[str]:
        return [p.text for p in self.points if p.hit]

    @property
    def missed(self) -> list[str]:
        return [p.text for p in self.points if not p.hit]

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "verdict": self.verdict,
            "points": [p.to_dict() for p in self.points],
            "suggested_rating": self.suggested_rating,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AnswerGrade:
        return cls(
            score=float(d.get("score") or 0.0),
            verdict=str(d.get("verdict") or ""),
            points=[PointResult(**p) for p in d.get("points", [])],
            suggested_rating=d.get("suggested_rating"),
            detail=dict(d.get("detail") or {}),
        )

    @classmethod
    def from_grade(cls, grade: Any) -> AnswerGrade:
        """Read the grader's result (an object or a dict) into this shape."""
        get = (
            grade.get if isinstance(grade, dict) else lambda name, default=None: getattr(grade, name, default)
        )
        score = float(get("score", 0.0) or 0.0)
        rating = get("suggested_rating")
        points = [_point(p) for p in (get("points") or get("coverage") or [])]
        missed = get("missed") or get("missed_points")
        if not points and missed is not None:
            points = [PointResult(_text(m), False) for m in missed]
        elif missed is not None and isinstance(missed, (list, tuple)):
            names = {_text(m) for m in missed}
            points = [
                PointResult(p.text, p.text not in names and p.hit, p.coverage, p.weight, p.evidence)
                for p in points
            ]
        return cls(
            score=max(0.0, min(5.0, score)),
            verdict=str(get("verdict", "") or ""),
            points=points,
            suggested_rating=None if rating is None else min(max(int(rating), 1), 4),
            detail=_plain(grade),
        )


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return str(value.get("text") or value.get("point") or "")
    return str(getattr(value, "text", None) or getattr(value, "point", None) or value)


def _point(value: Any) -> PointResult:
    get = value.get if isinstance(value, dict) else lambda name, default=None: getattr(value, name, default)
    coverage = get("coverage")
    if coverage is None:
        coverage = get("score", get("probability"))
    hit = get("hit", get("covered", get("matched")))
    if hit is None:
        hit = coverage is not None and float(coverage) >= 0.5
    evidence = get("evidence", get("matched") if hit else None)
    return PointResult(
        text=_text(get("point") if get("point") is not None else value),
        hit=bool(hit),
        coverage=float(coverage or (1.0 if hit else 0.0)),
        weight=float(get("weight", 1.0) or 1.0),
        evidence=None if evidence is None else str(evidence),
    )


def _plain(value: Any) -> dict[str, Any]:
    """The grader's result as JSON-able data."""
    if isinstance(value, dict):
        raw: Any = value
    elif hasattr(value, "to_dict"):
        raw = value.to_dict()
    elif is_dataclass(value) and not isinstance(value, type):
        raw = asdict(value)
    else:
        raw = {"repr": repr(value)}
    result: dict[str, Any] = _jsonable(raw)
    return result


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if hasattr(value, "item"):  # numpy scalars
        return _jsonable(value.item())
    return str(value)


def grade(grader: Grader, record: QuestionRecord, answer: str) -> AnswerGrade:
    """Grade an answer; an empty one scores 0 without asking the grader."""
    if not answer.strip():
        points = [PointResult(p, False) for p in record.rubric]
        return AnswerGrade(0.0, "no answer", points, 1)
    return AnswerGrade.from_grade(grader(record, answer))


# The follow-up


@dataclass(frozen=True)
class Followup:
    point: str
    point_index: int
    prompt: str


def choose_followup(g: AnswerGrade) -> Followup | None:
    """The most important point the answer missed (highest weight, then first listed), as a question."""
    missed = [(i, p) for i, p in enumerate(g.points) if not p.hit]
    if not missed or g.score >= 5.0:
        return None
    index, point = min(missed, key=lambda ip: (-ip[1].weight, ip[0]))
    return Followup(point.text, index, followup_prompt(point.text))


def followup_budget_s(question_budget_s: float) -> float:
    return max(FOLLOWUP_MIN_S, FOLLOWUP_SHARE * question_budget_s)


_LINK = re.compile(
    r"\s(?:is|are|was|were|means?|measures?|equals?|gives?|makes?|lowers?|raises?|reduces?|increases?|helps?|"
    r"can|could|should|must|may|might|will|would|needs?|uses?|tells?|has|have|does|do|works?|lets?|allows?|"
    r"prevents?|avoids?|controls?|depends?|scales?|keeps?|adds?|removes?|takes?|turns?|requires?|returns?|"
    r"computes?|estimates?|learns?|maps?|splits?|combines?|compares?|trades?|costs?|grows?|shrinks?|"
    r"produces?|assumes?|penali[sz]es?|normali[sz]es?|stores?|runs?|picks?|chooses?|becomes?|causes?|"
    r"leads?|finds?|matches?|ignores?|treats?|handles?|cuts?|drops?|sets?|stays?|remains?|applies|apply|"
    r"depend|differs?|holds?|outputs?|sums?|averages?|counts?|zeroe?s|zero|determines?|defines?|describes?|represents?|indicates?|shows?|captures?|encodes?|"
    r"predicts?|optimi[sz]es?|minimi[sz]es?|maximi[sz]es?|fits?|trains?|converges?|diverges?|explodes?|"
    r"vanish(?:es)?|breaks?|fails?|improves?|hurts?|only|not|because|so|when|if|which|that|"
    r"by|via)\b",
    re.I,
)


def point_subject(point: str) -> str:
    """The subject a rubric point talks about, e.g. "Variance measures how ..." -> "variance"."""
    text = re.sub(r"[`*_$]", "", point).strip().rstrip(".")
    head = re.split(r"[:;—–(]| - ", text, maxsplit=1)[0].strip()
    match = next((m for m in _LINK.finditer(" " + head) if m.start() > 0), None)
    if match:
        head = head[: match.start() - 1].strip(" ,")
    words = head.split()
    adverb = next((i for i, w in enumerate(words) if i > 0 and w.lower().endswith("ly") and len(w) > 4), None)
    if adverb is not None:  # "Dropout randomly zeroes ..." -> "Dropout"
        words = words[:adverb]
    if not words:
        words = text.split()
    if len(words) > 7:
        words = [*words[:6], "…"]
    subject = " ".join(words)
    if subject and not (len(words[0]) > 1 and words[0][:2].isupper()):  # keep acronyms as written
        subject = subject[0].lower() + subject[1:]
    return subject


def followup_prompt(point: str) -> str:
    return f"You did not say anything about {point_subject(point)} — can you?"
