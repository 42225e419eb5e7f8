"""The interviewer's follow-up: every rubric point of the built-in deck makes one well-formed question, and a point
the answer already covered (or whose subject it already talks about) is never asked about."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

import mldrill
from mldrill.ingest.deck import parse_deck
from mldrill.interview.followup import already_said, question_for, reconsider_question
from mldrill.interview.grading import AnswerGrade, PointResult, choose_followup, followup_prompt

DECK_DIR = Path(mldrill.__file__).parent / "deck"
# A question must not end on a word that leaves the phrase open ("... the?", "... of?", "... and?").
DANGLING_END = {
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "that",
    "which",
    "not",
    "no",
    "its",
    "their",
    "but",
    "so",
}
# Nor read as a cut-off fragment such as "about without non-linearities" or "about not ...".
FRAGMENT = re.compile(
    r"\babout (?:without|with|not|no|never|of|to|by|for|than)\b|\b(?:without|not) (?:about|of)\b", re.I
)


def deck_points() -> list[str]:
    points: list[str] = []
    for path in sorted(DECK_DIR.glob("*.md")):
        extracted = parse_deck(path.read_text(encoding="utf-8"), str(path))
        points += [p for q in extracted.questions for p in q.rubric]
    return points


POINTS = deck_points()


def test_the_deck_has_rubric_points() -> None:
    assert len(POINTS) > 1000


def test_every_deck_point_makes_one_well_formed_question() -> None:
    problems = []
    for point in POINTS:
        q = question_for(point)
        words = q.rstrip("?").split()
        checks = {
            "ends with ?": q.endswith("?") and q.count("?") == 1,
            "starts with a capital": q[:1].isupper(),
            "no doubled spaces": "  " not in q,
            "nothing cut off with …": "…" not in q and "..." not in q,
            "no dash fragment": "—" not in q and " - " not in q,
            "no leading fragment": not FRAGMENT.search(q),
            "no dangling last word": bool(words) and words[-1].lower().strip(",") not in DANGLING_END,
            "no doubled word": not any(a.lower() == b.lower() for a, b in itertools.pairwise(words)),
            "at most 30 words": len(words) <= 30,
            "balanced brackets": q.count("(") == q.count(")"),
        }
        failed = [name for name, ok in checks.items() if not ok]
        if failed:
            problems.append(f"{point!r} -> {q!r}: {', '.join(failed)}")
    assert not problems, "\n".join(problems[:40])


def test_most_deck_points_get_a_question_shaped_by_the_point() -> None:
    generic = [p for p in POINTS if question_for(p).startswith(("What can you tell me", "What else would"))]
    assert len(generic) < 0.03 * len(POINTS), generic[:20]


@pytest.mark.parametrize(
    ("point", "question"),
    [
        (
            "L1 sets some coefficients exactly to zero, performing feature selection.",
            "What does L1 do to some coefficients?",
        ),
        (
            "Learning curves tell them apart: a wide train–validation gap signals high variance.",
            "How do learning curves tell them apart?",
        ),
        (
            "Prefer recall when misses are costly, e.g. disease screening or a first-stage retriever.",
            "When would you prefer recall?",
        ),
        (
            "Without non-linearities, extra depth adds no expressive power.",
            "Without non-linearities, what does extra depth add?",
        ),
        ("Temperature divides the logits before the softmax.", "What does temperature do to the logits?"),
        ("KL divergence is not symmetric.", "Is KL divergence symmetric?"),
        (
            "Leakage is information available in training that will not exist at prediction time.",
            "What is leakage?",
        ),
        (
            "Imputation statistics must be fitted on training data only.",
            "What should imputation statistics be fitted on?",
        ),
        (
            "Increasing model capacity lowers bias and raises variance.",
            "How does increasing model capacity affect bias?",
        ),
        (
            "The best inner CV score is optimistic because it is a maximum over noisy estimates.",
            "Why is the best inner CV score optimistic?",
        ),
        (
            "Explains that the number of pairs grows quadratically, which is why so few people suffice.",
            "How does the number of pairs grow?",
        ),
        (
            "Computes the complement: probability that all birthdays are distinct.",
            "How would you compute the complement?",
        ),
        (
            "Distinguishes a confidence interval from a Bayesian credible interval.",
            "How would you distinguish a confidence interval from a Bayesian credible interval?",
        ),
        (
            "It does not measure effect size or practical importance.",
            "Does it measure effect size or practical importance?",
        ),
        (
            "EM never decreases the likelihood but converges only to a local optimum.",
            "Does EM ever decrease the likelihood?",
        ),
        (
            "Novelty effect: a temporary lift because the change is new, fading over time.",
            "What is the novelty effect?",
        ),
        (
            "Pitfall: fix the stopping rule in advance rather than stopping at the first significant result.",
            "How would you fix the stopping rule?",
        ),
        (
            "With a uniform prior, or with lots of data, MAP and MLE coincide.",
            "With a uniform prior or with lots of data, when do MAP and MLE coincide?",
        ),
    ],
)
def test_the_question_follows_the_points_shape(point: str, question: str) -> None:
    assert question_for(point) == question


def test_a_contradicted_point_is_asked_to_be_reconsidered() -> None:
    assert reconsider_question("L2 shrinks all weights smoothly towards zero.") == (
        "Could you reconsider what you said about L2?"
    )


def _grade(
    *points: tuple[str, str], score: float = 2.0, weights: dict[str, float] | None = None
) -> AnswerGrade:
    results = [
        PointResult(text, status == "covered", weight=(weights or {}).get(text, 1.0), status=status)
        for text, status in points
    ]
    return AnswerGrade(score, "partial", results, 2, confidence=0.7, leaning="partial")


ACCURACY_ANSWER = (
    "Accuracy is the share of predictions that are correct. With 99% negatives, accuracy is 99% for a model that "
    "always says negative, so accuracy hides that it finds no positives."
)


def test_a_point_whose_subject_the_answer_already_covers_is_not_asked() -> None:
    point = "Accuracy is misleading when one class dominates the data."
    assert already_said(point, ACCURACY_ANSWER)
    g = _grade((point, "missed"))
    assert choose_followup(g, ACCURACY_ANSWER) is None  # not "You did not say anything about accuracy"


def test_the_followup_skips_covered_and_already_said_points_for_the_next_missed_one() -> None:
    covered = "Accuracy counts the share of correct predictions."
    said = "Accuracy is misleading when one class dominates the data."
    missed = "Precision and recall separate the two kinds of error."
    g = _grade((covered, "covered"), (said, "missed"), (missed, "missed"))
    follow = choose_followup(g, ACCURACY_ANSWER)
    assert follow is not None and follow.point == missed and follow.point_index == 2
    assert follow.prompt == followup_prompt(missed) == "What do precision and recall separate?"
    assert "accuracy" not in follow.prompt.lower()


def test_the_heaviest_missed_point_comes_first_and_a_contradiction_counts() -> None:
    light = "Dropout is switched off at inference."
    heavy = "L2 shrinks all weights smoothly towards zero."
    g = _grade((light, "missed"), (heavy, "contradicted"), weights={heavy: 2.0})
    follow = choose_followup(g, "Dropout zeroes activations.")
    assert follow is not None and follow.point == heavy
    assert follow.prompt == "Could you reconsider what you said about L2?"


def test_no_followup_when_nothing_suitable_is_left() -> None:
    assert (
        choose_followup(_grade(("Bias is systematic error.", "covered")), "Bias is systematic error.") is None
    )
    assert choose_followup(_grade(("Variance is spread.", "missed"), score=5.0), "") is None
    g = _grade(("Variance measures spread across training sets.", "missed"))
    assert choose_followup(g, "Variance measures how much predictions spread across training sets.") is None


def test_old_stored_grades_without_status_follow_hit() -> None:
    g = AnswerGrade.from_dict(
        {"score": 2.5, "verdict": "partial", "points": [{"text": "Bias is systematic error.", "hit": False}]}
    )
    follow = choose_followup(g, "Variance is spread.")
    assert follow is not None and follow.prompt == "What is bias?"
