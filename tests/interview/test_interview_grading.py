"""`AnswerGrade`: what an interview keeps of the grader's result — confidence, sure or unsure, and one explanation
per point — through `from_grade`, `to_dict` and `from_dict`; grades stored before these existed still load."""

from __future__ import annotations

import json

from mldrill.grade.score import Grade
from mldrill.grade.score import PointResult as GradePoint
from mldrill.interview.grading import AnswerGrade, PointResult


def real_grade(verdict: str = "partial", confidence: float = 0.72, rating: int = 2) -> Grade:
    """A grade as `mldrill.grade` returns it (its dataclasses, filled by hand)."""
    points = [
        GradePoint(
            "L1 can drive some weights exactly to zero.",
            True,
            0.81,
            "L1 sets weights to zero.",
            False,
            0.9,
            explanation='covered by "L1 sets weights to zero."',
        ),
        GradePoint(
            "L2 shrinks all weights smoothly.",
            False,
            0.7,
            "L2 never shrinks weights.",
            True,
            0.05,
            explanation='contradicted by "L2 never shrinks weights."',
        ),
        GradePoint(
            "Elastic net combines both.",
            False,
            0.1,
            None,
            False,
            0.02,
            explanation="not stated in the answer",
        ),
    ]
    return Grade(
        score=2.1,
        verdict=verdict,
        points=points,
        missed=[p.text for p in points if not p.covered],
        suggested_rating=rating,
        mode="embedding",
        confidence=confidence,
        leaning="partial",
    )


def test_from_grade_keeps_confidence_and_one_line_per_point() -> None:
    g = AnswerGrade.from_grade(real_grade())
    assert (g.verdict, g.sure, g.confidence, g.leaning) == ("partial", True, 0.72, "partial")
    assert g.verdict_text == "partial (confidence 0.72)"
    assert [p.status for p in g.points] == ["covered", "contradicted", "missed"]
    assert [p.why for p in g.points] == [
        'covered by "L1 sets weights to zero."',
        'contradicted by "L2 never shrinks weights."',
        "not stated in the answer",
    ]
    assert g.points[1].evidence == "L2 never shrinks weights."


def test_an_unsure_grade_is_kept_unsure_and_never_suggests_again() -> None:
    g = AnswerGrade.from_grade(real_grade("unsure", 0.55, 1))
    assert not g.sure and g.suggested_rating == 2  # even a grader that said Again
    assert g.verdict_text == "unsure (leaning partial, confidence 0.55)"
    assert (
        AnswerGrade.from_grade({"score": 1.0, "verdict": "fail", "sure": False, "suggested_rating": 1}).sure
        is False
    )


def test_round_trip_through_stored_json() -> None:
    g = AnswerGrade.from_grade(real_grade("unsure", 0.55, 3))
    stored = json.loads(json.dumps(g.to_dict()))
    assert stored["sure"] is False and stored["confidence"] == 0.55 and stored["leaning"] == "partial"
    assert stored["points"][1]["status"] == "contradicted"
    assert stored["points"][0]["explanation"].startswith("covered by")
    assert AnswerGrade.from_dict(stored) == g


def test_grades_stored_before_confidence_and_explanations_still_load() -> None:
    old = {
        "score": 2.5,
        "verdict": "partial",
        "points": [
            {"text": "A", "hit": True, "coverage": 0.8, "weight": 1.0, "evidence": "a sentence"},
            {"text": "B", "hit": False, "coverage": 0.1, "weight": 1.0, "evidence": None},
        ],
        "suggested_rating": 2,
        "detail": {},
    }
    g = AnswerGrade.from_dict(old)
    assert g.sure and g.confidence is None and g.leaning == "" and g.verdict_text == "partial"
    assert [(p.status, p.why) for p in g.points] == [
        ("covered", 'covered by "a sentence"'),
        ("missed", "not stated in the answer"),
    ]
    assert PointResult.from_dict({"text": "C", "hit": False, "future_field": 1}).status == "missed"
