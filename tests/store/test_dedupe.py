"""Near-duplicate grouping: the pure functions, then the groups the store keeps."""

from __future__ import annotations

import random

import pytest

from mldrill.ingest.dedupe import group_duplicates, normalise_prompt, pick_canonical, similar
from mldrill.store import Store
from tests.store.factories import LATER, NOW, q, source


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("What is a confusion matrix?", "what is confusion matrix"),
        ("1. [E] Q3: What is the **bias-variance** trade-off?", "what is bias variance trade off"),
        ("Q12: Explain dropout.", "explain dropout"),
        ("Question 4) Explain [dropout](https://x.org/d)", "explain dropout"),
        ("- (Hard) Why use ReLU?", "why use relu"),
        ("What is a confusion matrix? - Google, Amazon Interview Question", "what is confusion matrix"),
        ("How does regularisation help?", "how does regularization help"),
        ("", ""),
        ("?!…", ""),
    ],
)
def test_normalise_prompt(raw: str, expected: str) -> None:
    assert normalise_prompt(raw) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("What is a confusion matrix?", "Q7: what is the confusion matrix", True),
        ("Explain the bias-variance trade-off.", "1. Explain the bias variance trade off!", True),
        ("What is L1 regularization?", "What is L2 regularization?", False),
        ("What is bagging?", "What is boosting?", False),
        (
            "Why do we need a validation set, and how big should it be?",
            "Why do we need a validation set?",
            False,
        ),
    ],
)
def test_similar(a: str, b: str, same: bool) -> None:
    assert similar(normalise_prompt(a), normalise_prompt(b)) is same


def test_groups_are_transitive_and_in_input_order() -> None:
    items = [
        (10, "what is gradient descent used for in training"),
        (11, "explain attention"),
        (12, "what is gradient descent used for in model training"),
        (13, "what is gradient descent used in model training"),
        (14, "explain attention"),
        (15, ""),
        (16, ""),
    ]
    groups = sorted(group_duplicates(items))
    assert groups == [[10, 12, 13], [11, 14]]


def test_pick_canonical_prefers_the_earliest_answered() -> None:
    assert pick_canonical([5, 3, 9], answered={9, 5}) == 5
    assert pick_canonical([5, 3, 9], answered=set()) == 3


def test_grouping_matches_brute_force_on_random_prompts() -> None:
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(40)]
    texts = [" ".join(rng.sample(vocab, rng.randint(1, 7))) for _ in range(300)]
    items = list(enumerate(texts))
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i):
            if similar(texts[i], texts[j]):
                parent[find(i)] = find(j)
    expected: dict[int, list[int]] = {}
    for i in range(len(texts)):
        expected.setdefault(find(i), []).append(i)
    assert sorted(group_duplicates(items)) == sorted(g for g in expected.values() if len(g) > 1)


def test_large_bank_groups_without_comparing_every_pair() -> None:
    rng = random.Random(1)
    vocab = [f"w{i}" for i in range(5000)]
    texts = ["what is " + " ".join(rng.choices(vocab, k=rng.randint(2, 10))) for _ in range(12_000)]
    items = list(enumerate(texts)) + [(20_000 + i, texts[i] + " please") for i in range(0, 12_000, 100)]
    groups = group_duplicates(items)
    assert {20_000 + i for i in range(0, 12_000, 100) if len(texts[i].split()) >= 6} <= {
        qid for g in groups for qid in g
    }


def test_store_groups_across_sources_and_regroups_after_import(store: Store) -> None:
    store.save_source(source("a.md", [q("What is overfitting?", None), q("Explain dropout.")]), NOW)
    store.save_source(source("b.md", [q("1. What is overfitting", "Fitting noise.")]), NOW)
    [group] = store.dupe_groups()
    ids = {x.record.prompt: x.id for x in store.list_questions()}
    assert group.question_ids == [ids["What is overfitting?"], ids["1. What is overfitting"]]
    assert group.canonical_id == ids["1. What is overfitting"]  # the earliest *answered* one
    assert group.id == group.canonical_id
    assert store.get_question(ids["What is overfitting?"]).dupe_group == group.id

    store.save_source(source("b.md", [q("Explain dropout in detail.")]), LATER)
    assert store.dupe_groups() == []  # the duplicate was retired with its source's edit
