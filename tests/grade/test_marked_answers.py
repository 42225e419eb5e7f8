"""Grading with marked answers (earlier answers a person judged correct or incorrect), with the real model."""

from __future__ import annotations

import json

import pytest

from mldrill.grade import Embedder, Example, grade_answer
from mldrill.grade.examples import MAX_EXAMPLE_WORDS
from mldrill.models import QuestionRecord

SPOON = QuestionRecord(
    prompt="Why does a metal spoon feel colder to the touch than a wooden spoon in the same room?",
    answer="Metal conducts heat away from your hand much faster than wood does.",
)
MARKED = [
    Example("metal pulls the warmth out of your fingers quicker than wood", True),
    Example("heat leaves your hand faster into the metal", True),
    Example("the metal takes heat from your skin faster", True),
    Example("the metal spoon is at a lower temperature than the wooden one", False),
    Example("metal is colder than wood", False),
    Example("because metal is cold", False),
]


def test_without_marked_answers_the_grade_is_the_reference_only_grade(embedder: Embedder) -> None:
    answer = "the metal draws warmth from my fingers faster"
    plain = grade_answer(SPOON, answer, embedder=embedder)
    assert plain.examples is None
    assert grade_answer(SPOON, answer, embedder=embedder, examples=[]).to_dict() == plain.to_dict()


def test_an_answer_like_the_ones_marked_correct_gains(embedder: Embedder) -> None:
    answer = "the metal draws warmth from my fingers faster"
    plain = grade_answer(SPOON, answer, embedder=embedder)
    marked = grade_answer(SPOON, answer, embedder=embedder, examples=MARKED)
    assert marked.verdict == "pass" and marked.score > plain.score
    m = marked.examples
    assert m is not None and m.count == len(MARKED) and m.nearest_correct
    assert m.probability > m.probability_before
    assert any("marked answer" in n for n in marked.notes)


def test_an_answer_like_the_ones_marked_incorrect_loses(embedder: Embedder) -> None:
    answer = "because the metal is at a lower temperature"
    marked = grade_answer(SPOON, answer, embedder=embedder, examples=MARKED)
    m = marked.examples
    assert m is not None and not m.nearest_correct
    assert m.probability < m.probability_before
    assert marked.verdict == "fail" and marked.suggested_rating == 1


def test_the_reference_itself_still_passes(embedder: Embedder) -> None:
    answer = "Metal conducts heat away from the hand faster than wood."
    assert grade_answer(SPOON, answer, embedder=embedder, examples=MARKED).verdict == "pass"


def test_empty_and_restating_answers_stay_near_zero(embedder: Embedder) -> None:
    copies = [Example(SPOON.prompt, True), Example("", True)]
    for answer in ("", SPOON.prompt, "the metal spoon is colder than the wooden spoon"):
        grade = grade_answer(SPOON, answer, embedder=embedder, examples=[*MARKED, *copies])
        assert grade.score <= 0.5 and grade.verdict == "fail", answer
        assert grade.examples is None


def test_long_answers_are_graded_by_their_points_alone(embedder: Embedder) -> None:
    answer = " ".join(["Metal conducts heat away from the hand faster than wood."] * 12)
    assert len(answer.split()) > MAX_EXAMPLE_WORDS
    plain = grade_answer(SPOON, answer, embedder=embedder)
    marked = grade_answer(SPOON, answer, embedder=embedder, examples=MARKED)
    assert marked.examples is None and marked.score == plain.score
    assert any("not used" in n for n in marked.notes)


def test_lexical_mode_uses_marked_answers_and_says_so() -> None:
    answer = "the metal takes the heat from your skin faster"
    grade = grade_answer(SPOON, answer, lexical_only=True, examples=MARKED)
    assert grade.mode == "lexical" and grade.examples is not None
    assert grade.examples.nearest == "the metal takes heat from your skin faster"
    assert grade.examples.similarity == pytest.approx(1.0)


def test_a_grade_with_marked_answers_is_json(embedder: Embedder) -> None:
    grade = grade_answer(
        SPOON, "heat flows out of the hand into metal faster", embedder=embedder, examples=MARKED
    )
    data = json.loads(json.dumps(grade.to_dict()))
    assert data["examples"]["count"] == len(MARKED)
    assert 0.0 <= data["examples"]["probability"] <= 1.0


def test_undecodable_marked_answers_are_graded_not_crashed(embedder: Embedder) -> None:
    broken = [Example("metal takes heat \udcff faster", True), Example("\udc80\udc81", False)]
    grade = grade_answer(SPOON, "metal takes heat from the hand faster", embedder=embedder, examples=broken)
    assert grade.examples is not None and grade.examples.count == 2
