"""What a candidate must be able to trust, with the real model: correct answers in any words are not failed,
a wrong key fact is, extra correct content never costs anything, and an unsure grade never says Again."""

from __future__ import annotations

import pytest

from mldrill.grade import Embedder, grade_answer
from mldrill.grade.dataset import deck_questions, load_interview
from mldrill.models import QuestionRecord

OVERFITTING = QuestionRecord(
    prompt="What is overfitting?",
    answer="The model fits the noise: it does well on the training data but poorly on unseen data.",
)
C_MAIN = QuestionRecord(prompt="Where does a C program start executing?", answer="In the main function.")
HASH = QuestionRecord(
    prompt="What does a hash table use to find the slot for a key?",
    answer="A hash function that maps the key to an index in the array.",
)
ACCURACY = QuestionRecord(
    prompt="Is accuracy always a good metric?",
    rubric=[
        "Accuracy is misleading when classes are imbalanced.",
        "A trivial majority-class model can reach high accuracy.",
        "Precision and recall measure the two kinds of error separately.",
        "Precision–recall curves are more informative than ROC for rare positives.",
        "The metric should reflect the real costs of errors.",
    ],
)


def deck(qid: str) -> QuestionRecord:
    prompt, rubric, answer = deck_questions()[qid]
    return QuestionRecord(prompt=prompt, rubric=list(rubric), answer=answer)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (OVERFITTING, "training error low, test error high because it learned noise"),
        (OVERFITTING, "when the model memorizes the training set and does badly on new data"),
        (C_MAIN, "it starts excuting at main"),
        (HASH, "it hashes the key to get the array index"),
    ],
)
def test_short_correct_answers_in_other_words_are_not_failed(
    question: QuestionRecord, answer: str, embedder: Embedder
) -> None:
    g = grade_answer(question, answer, embedder=embedder)
    assert g.verdict in ("pass", "partial"), (g.score, g.verdict, g.confidence)


def test_a_reversed_key_fact_fails(embedder: Embedder) -> None:
    one_point = QuestionRecord(
        prompt="What does L1 regularisation do to the weights?",
        answer="L1 sets some weights exactly to zero, which selects features.",
    )
    g = grade_answer(one_point, "L2 sets weights exactly to zero", embedder=embedder)
    assert g.verdict == "fail" and g.suggested_rating == 1
    assert g.points[0].contradicted and g.points[0].explanation.startswith("contradicted by")


def test_swapped_definitions_fail_although_they_use_the_right_words(embedder: Embedder) -> None:
    g = grade_answer(
        deck("es-mle-vs-map"),
        "MLE maximises the posterior p(theta | data), while MAP maximises the likelihood p(data | theta).",
        embedder=embedder,
    )
    assert g.verdict == "fail"
    assert sum(p.contradicted for p in g.points) >= 1


STRONG_LEAKAGE = """\
- Leakage means the model gets information during training that it would not have when it predicts for real.
- Target leakage: a feature produced by the outcome or only recorded after it, like 'refund issued' for churn.
- Scaling or imputing on all the data before the split lets statistics of the test rows into training.
- Splitting time series or per-user data at random leaks the future, or the same customer, into both sides.
- To prevent it, compute every feature as of the prediction time and fit the preprocessing inside each CV fold.
- Red flag: a validation score that is too good to be true, or one feature that dominates the importances."""

EXTRA = """\
- Leakage also hides in joins: a customer table refreshed last night already knows who churned.
- Duplicated rows across train and test inflate scores in the same way, so deduplicate before splitting.
- Kaggle competitions have been won through leaks, which is why their organisers audit winning features."""


def test_a_strong_answer_in_bullets_passes_with_every_point_explained(embedder: Embedder) -> None:
    g = grade_answer(deck("fa-data-leakage"), STRONG_LEAKAGE, embedder=embedder)
    assert g.verdict == "pass" and g.score >= 3.5 and g.suggested_rating >= 3
    assert sum(p.covered for p in g.points) >= 5
    for p in g.points:
        assert p.explanation
        if p.covered:
            assert p.explanation.startswith("covered by") and p.matched and p.matched in STRONG_LEAKAGE


def test_correct_extra_content_and_order_do_not_lower_the_grade(embedder: Embedder) -> None:
    question = deck("fa-data-leakage")
    plain = grade_answer(question, STRONG_LEAKAGE, embedder=embedder)
    padded = grade_answer(question, STRONG_LEAKAGE + "\n" + EXTRA, embedder=embedder)
    reordered = grade_answer(question, "\n".join(reversed(STRONG_LEAKAGE.splitlines())), embedder=embedder)
    assert padded.verdict == "pass" and padded.score >= plain.score - 0.1
    assert reordered.verdict == "pass" and abs(reordered.score - plain.score) <= 0.5


def test_misleading_is_not_read_as_a_negation(embedder: Embedder) -> None:
    g = grade_answer(
        ACCURACY,
        "No. Accuracy is misleading with imbalanced classes: if 95% of emails are not spam, predicting "
        "'not spam' every time gets 95% accuracy and catches nothing. Look at precision and recall, or F1, "
        "and a precision-recall curve when positives are rare.",
        embedder=embedder,
    )
    assert not g.points[0].contradicted and g.points[0].covered
    assert g.verdict != "fail" and g.leaning == "pass"


def test_an_unsure_grade_never_suggests_again(embedder: Embedder) -> None:
    """Over our whole interview set: some grades are unsure (so this can fail), and none of them is Again."""
    deck_qs = deck_questions()
    unsure = []
    for item in load_interview():
        prompt, rubric, answer = deck_qs[item.question_id]
        g = grade_answer(
            QuestionRecord(prompt=prompt, rubric=list(rubric), answer=answer), item.answer, embedder=embedder
        )
        assert 0.0 <= g.confidence <= 1.0 and g.leaning in ("fail", "partial", "pass")
        if not g.sure:
            unsure.append(g)
    assert unsure
    assert all(g.verdict == "unsure" and g.suggested_rating >= 2 for g in unsure)
