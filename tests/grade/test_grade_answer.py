"""grade_answer with the real model: coverage, contradiction, degenerate answers, lexical fallback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from mldrill.grade import Embedder, Grade, NotGradable, grade_answer
from mldrill.models import QuestionRecord

FULL = (
    "L1 sets some weights exactly to zero. L2 shrinks every weight smoothly towards zero. Because of the zeros "
    "L1 selects features and yields sparse models. Elastic net mixes the two penalties."
)
FILLER = "I am a hard-working person and I always give my best at work. "


def by_text(grade: Grade, start: str) -> tuple[bool, bool]:
    point = next(p for p in grade.points if p.text.startswith(start))
    return point.covered, point.contradicted


def test_a_full_answer_passes_and_shows_its_evidence(l1_question: QuestionRecord, embedder: Embedder) -> None:
    g = grade_answer(l1_question, FULL, embedder=embedder)
    assert g.mode == "embedding" and g.verdict == "pass" and g.score >= 3.5
    assert g.suggested_rating in (3, 4) and len(g.missed) <= 1
    assert sum(p.covered for p in g.points) >= 3 and all(p.matched for p in g.points)
    elastic = next(p for p in g.points if p.text.startswith("Elastic"))
    assert elastic.matched == "Elastic net mixes the two penalties."


@pytest.mark.parametrize(
    ("answer", "point"),
    [
        ("With L1, some of the weights end up being exactly zero.", "L1 can drive"),
        ("Elastic net is a mix of the L1 and the L2 penalty.", "Elastic net"),
        ("L2 makes every weight smaller in a smooth way, pulling them towards zero.", "L2 shrinks"),
    ],
)
def test_paraphrases_of_a_point_are_found(
    l1_question: QuestionRecord, embedder: Embedder, answer: str, point: str
) -> None:
    g = grade_answer(l1_question, answer, embedder=embedder)
    assert by_text(g, point) == (True, False)
    assert by_text(g, "L1 performs") == (False, False)  # a point the answer does not make
    assert g.verdict != "pass"


@pytest.mark.parametrize(
    "answer", ["L1 shrinks weights but never to zero.", "L1 never sets weights to zero."]
)
def test_an_answer_that_contradicts_a_point_is_not_credited(
    l1_question: QuestionRecord, embedder: Embedder, answer: str
) -> None:
    g = grade_answer(l1_question, answer, embedder=embedder)
    assert by_text(g, "L1 can drive") == (False, True)
    assert g.verdict == "fail" and g.suggested_rating == 1
    assert "L1 can drive some weights exactly to zero." in g.missed


def test_a_reversed_comparison_is_a_contradiction(embedder: Embedder) -> None:
    q = QuestionRecord(
        prompt="How do you spot overfitting?", rubric=["Validation error is higher than training error."]
    )
    g = grade_answer(q, "The validation error is lower than the training error.", embedder=embedder)
    assert g.points[0].contradicted and not g.points[0].covered


@pytest.mark.parametrize(
    ("answer", "note"),
    [
        ("", "empty answer"),
        ("   \n ", "empty answer"),
        ("fine", None),
        ("regularization", None),
        ("Compare L1 and L2 regularization.", "restates the question"),
        ("I enjoy hiking in the mountains with my dog on weekends.", None),
    ],
)
def test_empty_one_word_pasted_and_off_topic_answers_score_near_zero(
    l1_question: QuestionRecord, embedder: Embedder, answer: str, note: str | None
) -> None:
    g = grade_answer(l1_question, answer, embedder=embedder)
    assert g.score <= 0.5 and g.verdict == "fail" and g.suggested_rating == 1
    assert not any(p.covered for p in g.points)
    if note:
        assert any(note in n for n in g.notes)


def test_a_5000_word_answer_is_not_rewarded_for_length(
    l1_question: QuestionRecord, embedder: Embedder
) -> None:
    short = "L1 sets some weights exactly to zero."
    padded = short + " " + FILLER * 390
    assert len(padded.split()) > 5000
    g_short = grade_answer(l1_question, short, embedder=embedder)
    g_long = grade_answer(l1_question, padded, embedder=embedder)
    assert g_long.score <= g_short.score
    assert any("long answer" in n for n in g_long.notes)
    only_filler = grade_answer(l1_question, FILLER * 400, embedder=embedder)
    assert only_filler.score <= 0.5
    # the full answer buried under filler is still found, point by point
    buried = grade_answer(l1_question, FULL + " " + FILLER * 300, embedder=embedder)
    assert buried.verdict == "pass"


def test_a_failed_answer_always_suggests_again(l1_question: QuestionRecord, embedder: Embedder) -> None:
    answers = ["", "no idea", "Both are penalties.", "L1 shrinks weights but never to zero.", FULL]
    for answer in answers:
        g = grade_answer(l1_question, answer, embedder=embedder)
        assert (g.verdict == "fail") == (g.suggested_rating == 1)
        assert 0.0 <= g.score <= 5.0


def test_points_derived_from_the_reference_when_there_is_no_rubric(embedder: Embedder) -> None:
    q = QuestionRecord(
        prompt="What does dropout do?",
        answer="- Dropout randomly switches off units during training.\n- This prevents co-adaptation and reduces "
        "overfitting.\n- At inference all units are used, with activations scaled.",
    )
    g = grade_answer(
        q,
        "While training, dropout randomly switches some units off; that reduces overfitting.",
        embedder=embedder,
    )
    assert [p.kind for p in g.points] == ["reference"] * 3
    assert g.points[0].covered and not g.points[2].covered


def test_lexical_mode_is_reported(l1_question: QuestionRecord) -> None:
    g = grade_answer(l1_question, FULL, lexical_only=True)
    assert g.mode == "lexical" and g.model is None
    assert any("lexical mode" in n for n in g.notes)
    assert (
        g.verdict in ("partial", "pass")
        and g.score > grade_answer(l1_question, "fine", lexical_only=True).score
    )
    json.dumps(g.to_dict())


def test_lexical_fallback_when_the_model_cannot_be_loaded(tmp_path: object) -> None:
    code = (
        "from mldrill.grade import grade_answer\n"
        "from mldrill.models import QuestionRecord\n"
        "q = QuestionRecord(prompt='What is L1?', rubric=['L1 drives some weights to zero.'])\n"
        "g = grade_answer(q, 'It drives some weights to zero.')\n"
        "print(g.mode, '|', g.notes[0])\n"
    )
    env = {**os.environ, "MLDRILL_MODEL_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("lexical |") and "MLDRILL_MODEL_DIR" in out


def test_grade_to_dict_is_json(l1_question: QuestionRecord, embedder: Embedder) -> None:
    d = grade_answer(l1_question, FULL, embedder=embedder).to_dict()
    assert set(d) >= {"score", "verdict", "points", "missed", "suggested_rating", "mode", "notes"}
    assert set(d["points"][0]) >= {"text", "covered", "similarity", "matched", "contradicted"}
    json.dumps(d)


def test_a_question_with_nothing_to_grade_against_says_so(embedder: Embedder) -> None:
    with pytest.raises(NotGradable, match="no reference answer"):
        grade_answer(QuestionRecord(prompt="Tell me about yourself."), "I like ML.", embedder=embedder)


def test_undecodable_text_is_graded_not_crashed() -> None:
    from mldrill.grade import grade_answer
    from mldrill.models import QuestionRecord

    q = QuestionRecord(
        prompt="What does L1 do?", answer="It zeroes weights.", rubric=["L1 sets some weights to zero"]
    )
    garbled = b"L1 \xff\xfe sets weights to zero".decode("utf-8", "surrogateescape")
    grade = grade_answer(q, garbled, lexical_only=True)
    assert 0.0 <= grade.score <= 5.0
