"""Grading inside an interview: the grader's result kept in one stable shape, and the follow-up question.

The grading function (`grade(record, answer) -> mldrill.grade.Grade`, normally the one grading use-case of
`mldrill.app.grading`) is passed in; `AnswerGrade.from_grade` reads what the interview needs from its `Grade`
(score 0-5, verdict, the points hit and missed, the suggested rating) and keeps the rest of it for the report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from typing import Any

from mldrill.interview.followup import already_said, point_subject, question_for, reconsider_question
from mldrill.models import QuestionRecord
from mldrill.ratings import clamp_rating
from mldrill.verdicts import UNSURE, point_explanation, point_status, verdict_text

GradeFunction = Callable[[QuestionRecord, str], Any]  # returns an mldrill.grade.Grade

FOLLOWUP_MIN_S = 60.0
FOLLOWUP_SHARE = 0.4  # of the question's own budget


@dataclass(frozen=True)
class PointResult:
    text: str
    hit: bool
    coverage: float = 0.0  # 0-1, how well the answer covers it
    weight: float = 1.0
    evidence: str | None = None  # the answer's sentence that covers (or contradicts) it
    status: str = ""  # covered | contradicted | missed; read from `hit` when a stored grade predates it
    explanation: str = ""  # the grader's one line on why, e.g. 'covered by "..."' ("" when it gave none)

    def __post_init__(self) -> None:
        if self.status not in ("covered", "contradicted", "missed") or self.hit != (self.status == "covered"):
            object.__setattr__(self, "status", "covered" if self.hit else "missed")

    @property
    def why(self) -> str:
        """One line: which sentence covers the point, which contradicts it, or that the answer does not say it."""
        return point_explanation(self)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PointResult:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


@dataclass(frozen=True)
class AnswerGrade:
    score: float  # 0-5
    verdict: str  # fail | partial | pass | unsure (the grader cannot tell: the person rates) | no answer
    points: list[PointResult] = field(default_factory=list)
    suggested_rating: int | None = None  # never 1 (Again) for an unsure grade
    detail: dict[str, Any] = field(default_factory=dict)  # the grader's own result, as it gave it
    confidence: float | None = None  # the grader's probability of its verdict (None: it gave none)
    leaning: str = ""  # the most likely verdict, also when unsure

    @property
    def sure(self) -> bool:
        return self.verdict != UNSURE

    @property
    def hit(self) -> list[str]:
        return [p.text for p in self.points if p.hit]

    @property
    def missed(self) -> list[str]:
        return [p.text for p in self.points if not p.hit]

    @property
    def verdict_text(self) -> str:
        """ "partial (confidence 0.72)", "unsure (leaning pass, confidence 0.55)"."""
        return verdict_text(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "verdict": self.verdict,
            "sure": self.sure,
            "confidence": self.confidence,
            "leaning": self.leaning,
            "points": [p.to_dict() for p in self.points],
            "suggested_rating": self.suggested_rating,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AnswerGrade:
        """Read a stored grade; those stored before confidence, `sure` and explanations existed load too."""
        verdict = str(d.get("verdict") or "")
        if d.get("sure") is False and verdict != UNSURE:
            verdict = UNSURE
        confidence = d.get("confidence")
        return cls(
            score=float(d.get("score") or 0.0),
            verdict=verdict,
            points=[PointResult.from_dict(p) for p in d.get("points", [])],
            suggested_rating=_rating(d.get("suggested_rating"), verdict),
            detail=dict(d.get("detail") or {}),
            confidence=None if confidence is None else float(confidence),
            leaning=str(d.get("leaning") or ""),
        )

    @classmethod
    def from_grade(cls, grade: Any) -> AnswerGrade:
        """Read the grader's result (an object or a dict) into this shape."""
        get = (
            grade.get if isinstance(grade, dict) else lambda name, default=None: getattr(grade, name, default)
        )
        score = float(get("score", 0.0) or 0.0)
        verdict = str(get("verdict", "") or "")
        if get("sure") is False and verdict != UNSURE:
            verdict = UNSURE
        points = [_point(p) for p in (get("points") or get("coverage") or [])]
        missed = get("missed") or get("missed_points")
        if not points and missed is not None:
            points = [PointResult(_text(m), False) for m in missed]
        elif missed is not None and isinstance(missed, (list, tuple)):
            names = {_text(m) for m in missed}
            points = [
                replace(p, hit=False, status="missed") if p.text in names and p.hit else p for p in points
            ]
        confidence = get("confidence")
        return cls(
            score=max(0.0, min(5.0, score)),
            verdict=verdict,
            points=points,
            suggested_rating=_rating(get("suggested_rating"), verdict),
            detail=_plain(grade),
            confidence=None if confidence is None else max(0.0, min(1.0, float(confidence))),
            leaning=str(get("leaning", "") or ""),
        )


def _rating(value: Any, verdict: str) -> int | None:
    """The suggested rating, 1-4; an unsure grade never suggests Again."""
    return None if value is None else clamp_rating(value, unsure=verdict == UNSURE)


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
    status = point_status(value) if get("status") or get("contradicted") is not None else ""
    evidence = get("evidence", get("matched") if hit or status == "contradicted" else None)
    return PointResult(
        text=_text(get("point") if get("point") is not None else value),
        hit=bool(hit),
        coverage=float(coverage or (1.0 if hit else 0.0)),
        weight=float(get("weight", 1.0) or 1.0),
        evidence=None if evidence is None else str(evidence),
        status=status,
        explanation=str(get("explanation", "") or ""),
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


def grade(grader: GradeFunction, record: QuestionRecord, answer: str) -> AnswerGrade:
    """Grade an answer; an empty one scores 0 without asking the grader."""
    if not answer.strip():
        points = [PointResult(p, False, explanation="not stated in the answer") for p in record.rubric]
        return AnswerGrade(0.0, "no answer", points, 1, confidence=1.0)
    return AnswerGrade.from_grade(grader(record, answer))


# The follow-up


@dataclass(frozen=True)
class Followup:
    point: str
    point_index: int
    prompt: str


def choose_followup(g: AnswerGrade, answer: str = "") -> Followup | None:
    """The follow-up on the most important point the answer did not cover (highest weight, then first listed).

    Only points the answer missed or contradicted qualify; a missed point whose main subject words the answer
    already uses is passed over (asking about it would not follow on from what was said). None when no point
    qualifies or the answer scored full marks."""
    if g.score >= 5.0:
        return None
    candidates: list[tuple[int, PointResult, str]] = []
    for i, p in enumerate(g.points):
        if p.status == "contradicted":
            candidates.append((i, p, reconsider_question(p.text)))
        elif p.status == "missed" and not already_said(p.text, answer):
            candidates.append((i, p, followup_prompt(p.text)))
    if not candidates:
        return None
    index, point, prompt = min(candidates, key=lambda c: (-c[1].weight, c[0]))
    return Followup(point.text, index, prompt)


def followup_budget_s(question_budget_s: float) -> float:
    return max(FOLLOWUP_MIN_S, FOLLOWUP_SHARE * question_budget_s)


def followup_prompt(point: str) -> str:
    """The interviewer's question about a missed point, in the point's own words (see `interview.followup`)."""
    return question_for(point)


__all__ = [
    "AnswerGrade",
    "Followup",
    "GradeFunction",
    "PointResult",
    "choose_followup",
    "followup_budget_s",
    "followup_prompt",
    "grade",
    "point_subject",
]
