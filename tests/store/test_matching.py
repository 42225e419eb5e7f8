from __future__ import annotations

from mldrill.store.matching import Incoming, Stored, match_questions


def stored(i: int, prompt: str, key: str | None = None, inner: str | None = None, **kw: object) -> Stored:
    return Stored(id=i, key=key, prompt_norm=prompt, inner_file=inner, position=i, **kw)  # type: ignore[arg-type]


def incoming(
    prompt: str, key: str | None = None, inner: str | None = None, answer: str | None = None
) -> Incoming:
    return Incoming(key=key, prompt_norm=prompt, inner_file=inner, answer=answer)


def test_key_then_prompt_then_similarity() -> None:
    old = [
        stored(1, "what is bagging", key="bagging"),
        stored(2, "explain dropout"),
        stored(3, "what does batch normalization do during training"),
    ]
    new = [
        incoming("describe bootstrap aggregation", key="bagging"),
        incoming("what does batch normalization do at training time"),
        incoming("explain dropout"),
        incoming("design a recommender"),
    ]
    assert match_questions(old, new) == {0: 1, 2: 2, 1: 3}


def test_similarity_prefers_the_best_pair() -> None:
    old = [stored(1, "what is precision"), stored(2, "what is recall in classification")]
    new = [incoming("what is recall in binary classification"), incoming("what is precision exactly")]
    assert match_questions(old, new) == {0: 2, 1: 1}


def test_active_rows_are_preferred_to_retired_ones() -> None:
    old = [stored(1, "explain dropout", retired=True), stored(2, "explain dropout")]
    assert match_questions(old, [incoming("explain dropout")]) == {0: 2}


def test_inner_files_are_kept_apart() -> None:
    old = [stored(1, "what is recall", inner="a.md")]
    assert match_questions(old, [incoming("what is recall", inner="b.md")]) == {}


def test_duplicate_keys_pair_in_order() -> None:
    old = [stored(1, "x", key="k"), stored(2, "y", key="k")]
    assert match_questions(old, [incoming("y", key="k"), incoming("x", key="k")]) == {0: 1, 1: 2}


def test_many_edits_are_paired_near_their_place() -> None:
    """Enough leftovers to use the windowed comparison: each edit still finds its original."""
    old = [
        stored(i, f"what is item{i} in model{i % 7} training", answer=f"answer {i} text") for i in range(800)
    ]
    new = [
        incoming(f"explain item{i} in model{i % 7} training", answer=f"answer {i} text")
        for i in range(0, 800, 2)
    ]
    assert match_questions(old, new) == {n: 2 * n for n in range(400)}
