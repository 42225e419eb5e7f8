"""The shipped parameters: both modes present, features as the code computes them, sane probabilities."""

from __future__ import annotations

from mldrill.grade.examples import EMBEDDING_EXAMPLE_FEATURES, LEXICAL_EXAMPLE_FEATURES
from mldrill.grade.features import feature_names
from mldrill.grade.model import load_params
from mldrill.grade.score import _credit, rating_for, verdict_for


def test_both_modes_match_the_feature_code() -> None:
    params = load_params()
    assert set(params) == {"embedding", "lexical", "embedding+examples", "lexical+examples"}
    assert params["embedding"].features == feature_names(True)
    assert params["lexical"].features == feature_names(False)
    assert params["embedding+examples"].features == EMBEDDING_EXAMPLE_FEATURES
    assert params["lexical+examples"].features == LEXICAL_EXAMPLE_FEATURES
    assert all(0.0 < m.threshold < 1.0 and m.trees for m in params.values())


def test_marked_answers_move_the_probability_the_right_way() -> None:
    for mode in ("embedding+examples", "lexical+examples"):
        model = load_params()[mode]
        base = {**dict.fromkeys(model.features, 0.3), "ex_count": 1.0}
        probs = []
        for sim in (0.1, 0.3, 0.5, 0.7, 0.9):
            like_correct = {k: sim for k in model.features if k.endswith(("_correct", "_margin", "_vote"))}
            probs.append(model.probability({**base, **like_correct}))
        assert probs == sorted(probs) and probs[-1] > probs[0], mode
        like_incorrect = [
            model.probability({**base, **{k: sim for k in model.features if k.endswith("_incorrect")}})
            for sim in (0.1, 0.5, 0.9)
        ]
        assert like_incorrect == sorted(like_incorrect, reverse=True), mode


def test_more_similarity_never_lowers_the_probability() -> None:
    model = load_params()["embedding"]
    base = dict.fromkeys(model.features, 0.3)
    probs = []
    for cos in (0.1, 0.3, 0.5, 0.7, 0.9):
        probs.append(model.probability({**base, "cos_best": cos, "recall_new": cos, "tok_recall_new": cos}))
    assert probs == sorted(probs) and probs[0] >= 0.0 and probs[-1] <= 1.0
    conflict = model.probability({**base, "cos_best": 0.9, "neg_scope": 1.0})
    assert conflict <= model.probability({**base, "cos_best": 0.9, "neg_scope": 0.0})


def test_credit_puts_the_threshold_on_the_pass_line() -> None:
    assert _credit(0.5, 0.5) == 0.6 and _credit(0.0, 0.5) == 0.0 and _credit(1.0, 0.5) == 1.0
    credits = [_credit(p / 20, 0.5) for p in range(21)]
    assert credits == sorted(credits)
    assert verdict_for(3.0) == "pass" and verdict_for(2.99) == "partial" and verdict_for(1.49) == "fail"
    assert rating_for("fail", 1.0) == 1 and rating_for("partial", 2.0) == 2
    assert rating_for("pass", 3.5) == 3 and rating_for("pass", 4.8) == 4
