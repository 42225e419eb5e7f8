"""Full-text search: BM25 order, snippets, sync with every write, hostile input never raises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mldrill.store import Store
from mldrill.store.fts import match_expression
from tests.store.factories import LATER, NOW, q, source

BANK = [
    q("What is dropout?", "Randomly zeroing activations during training to reduce overfitting."),
    q(
        "Explain batch normalisation.",
        "Normalises activations; it also has a mild regularising effect, like dropout.",
    ),
    q("How does gradient boosting work?", "Trees fitted to residuals.", tags=["ensembles"]),
    q("What is a transformer?", None, topic="deep-learning/transformers"),
]


@pytest.fixture
def bank(store: Store) -> Store:
    store.save_source(source("bank.md", BANK), NOW)
    return store


def _prompts(store: Store, text: str) -> list[str]:
    return [x.record.prompt for x, _ in store.search(text)]


def test_prompt_matches_rank_above_answer_matches(bank: Store) -> None:
    assert _prompts(bank, "dropout") == ["What is dropout?", "Explain batch normalisation."]


def test_stemming_and_other_columns(bank: Store) -> None:
    assert _prompts(bank, "trees") == ["How does gradient boosting work?"]
    assert _prompts(bank, "ensemble") == ["How does gradient boosting work?"]  # tag, stemmed
    assert _prompts(bank, "transformers") == ["What is a transformer?"]


def test_snippet_marks_the_matched_words(bank: Store) -> None:
    [(_, hit)] = bank.search("residuals", marks=("<b>", "</b>"))
    assert "<b>residuals</b>" in hit.snippet
    assert hit.score > 0


def test_all_words_first_then_any(bank: Store) -> None:
    assert _prompts(bank, "dropout training") == ["What is dropout?"]
    assert set(_prompts(bank, "dropout boosting")) == {
        "What is dropout?",
        "Explain batch normalisation.",
        "How does gradient boosting work?",
    }


def test_index_follows_edits_retirement_and_own_answers(bank: Store) -> None:
    bank.save_source(source("bank.md", [BANK[0], BANK[2], BANK[3]]), LATER)
    assert _prompts(bank, "normalisation") == []  # retired
    [transformer] = [x for x, _ in bank.search("transformer")]
    bank.set_own_answer(
        "local", transformer.id, "Self-attention layers stacked with feed-forward blocks.", LATER
    )
    found = [x.record.prompt for x, _ in bank.search("attention", user="local")]
    assert found == ["What is a transformer?"]  # a user's own answer is searched for that user
    assert [x for x, _ in bank.search("attention", user="ada")] == []
    bank.save_source(source("bank.md", [q("What is dropout?", "Dropping units at random.")]), LATER)
    assert _prompts(bank, "zeroing") == []
    assert _prompts(bank, "random") == ["What is dropout?"]


@pytest.mark.parametrize(
    "hostile",
    [
        '"foo',
        "AND(",
        "dropout AND",
        "NOT",
        "OR OR",
        "prompt:dropout",
        "drop*",
        "^dropout",
        "(",
        ")",
        '""',
        "'",
        "-x",
        "NEAR(a b)",
        "\\",
        "{prompt}: x",
        "a\x00b",
        "",
        "   ",
        "✓✓",
        "_",
        "__init__",
    ],
)
def test_hostile_queries_never_raise(bank: Store, hostile: str) -> None:
    bank.search(hostile)


def test_operators_are_taken_as_words(bank: Store) -> None:
    assert match_expression('"foo AND(bar') == '"foo" "AND" "bar"'
    assert match_expression("?!") is None
    assert _prompts(bank, "dropout OR")[0] == "What is dropout?"  # "OR" is a plain word here


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60))
def test_any_text_is_a_valid_query(bank: Store, text: str) -> None:
    bank.search(text, limit=5)
