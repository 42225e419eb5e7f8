"""The shipped parameters: both modes present, features as the code computes them, sane probabilities, and
answer models whose verdicts move the right way."""

from __future__ import annotations

from mldrill.grade.evidence import feature_names
from mldrill.grade.examples import EMBEDDING_EXAMPLE_FEATURES, LEXICAL_EXAMPLE_FEATURES
from mldrill.grade.model import load_answer_model, load_params
from mldrill.grade.score import rating_for
from mldrill.grade.verdict import SHAPES, answer_features


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
        probs.append(model.probability({**base, "cos_best": cos, "recall_loc": cos, "tok_loc": cos}))
    assert probs == sorted(probs) and probs[0] >= 0.0 and probs[-1] <= 1.0
    conflict = model.probability({**base, "cos_best": 0.9, "conflict": 1.0})
    assert conflict <= model.probability({**base, "cos_best": 0.9, "conflict": 0.0})


def test_answer_models_order_the_verdicts() -> None:
    order = {"fail": 0, "partial": 1, "pass": 2}
    for mode in ("embedding", "lexical"):
        for shape in SHAPES:
            model = load_answer_model(mode, shape)
            assert model.cut_partial < model.cut_pass
            judged = [model.judge(answer_features([p / 10] * 4, [False] * 4, [1.0] * 4)) for p in range(11)]
            scores = [j.score for j in judged]
            assert scores == sorted(scores) and scores[0] < 1.5 and scores[-1] >= 3.0, (mode, shape)
            leanings = [order[j.leaning] for j in judged]
            assert (
                leanings == sorted(leanings) and judged[0].leaning == "fail" and judged[-1].leaning == "pass"
            )
            # pass exactly when the score reaches 3.0
            assert all((j.leaning == "pass") == (j.score >= 3.0) for j in judged), (mode, shape)
            contradicted = model.judge(
                answer_features([0.9, 0.9, 0.9, 0.25], [False] * 3 + [True], [1.0] * 4)
            )
            clean = model.judge(answer_features([0.9, 0.9, 0.9, 0.25], [False] * 4, [1.0] * 4))
            assert contradicted.score <= clean.score


def test_ratings_follow_the_verdict_and_unsure_is_never_again() -> None:
    assert rating_for("fail", 1.0) == 1 and rating_for("partial", 2.0) == 2
    assert rating_for("pass", 3.5) == 3 and rating_for("pass", 4.8) == 4
    assert rating_for("unsure", 0.5) >= 2 and rating_for("unsure", 3.2) >= 2
