"""Marked answers in the store: kept per question, newest last, removable, never for a missing question."""

from __future__ import annotations

import pytest

from mldrill.app.marks import examples_for, mark_answer, marked_answers, unmark
from mldrill.errors import NotFound, UsageError
from mldrill.store import Store
from tests.context import ctx_at
from tests.store.factories import LATER, NOW, q, source


@pytest.fixture
def ids(store: Store) -> list[int]:
    store.save_source(source("/x/a.md", [q("What is overfitting?"), q("What is dropout?")]), NOW)
    return [x.id for x in store.list_questions()]


def test_marked_answers_round_trip(store: Store, ids: list[int]) -> None:
    first, second = ids
    a = mark_answer(ctx_at(store, NOW), first, "  it memorises noise  ", True)
    b = mark_answer(ctx_at(store, LATER), first, "it is underfitting", False, source="study")
    mark_answer(ctx_at(store, NOW), second, "it drops units", True)
    found = marked_answers(ctx_at(store), first)
    assert [(m.id, m.text, m.correct, m.source) for m in found] == [
        (a, "it memorises noise", True, "grade"),
        (b, "it is underfitting", False, "study"),
    ]
    assert found[0].created_at == NOW and found[0].user_id == "local"
    assert [(e.text, e.correct) for e in examples_for(ctx_at(store), first)] == [
        ("it memorises noise", True),
        ("it is underfitting", False),
    ]
    assert unmark(ctx_at(store), a).text == "it memorises noise"
    assert [m.id for m in marked_answers(ctx_at(store), first)] == [b]
    assert len(marked_answers(ctx_at(store), second)) == 1


def test_bad_marks_are_refused_and_store_nothing(store: Store, ids: list[int]) -> None:
    with pytest.raises(NotFound):
        mark_answer(ctx_at(store, NOW), 999_999, "text", True)
    with pytest.raises(UsageError, match="empty"):
        mark_answer(ctx_at(store, NOW), ids[0], "   ", True)
    with pytest.raises(ValueError, match="source"):
        mark_answer(ctx_at(store, NOW), ids[0], "text", True, source="web-scrape")
    with pytest.raises(NotFound, match="no marked answer with id 5"):
        unmark(ctx_at(store), 5)
    assert marked_answers(ctx_at(store), ids[0]) == []


def test_marked_answers_survive_a_reimport_that_retires_the_question(store: Store, ids: list[int]) -> None:
    mark_answer(ctx_at(store, NOW), ids[0], "it memorises noise", True)
    store.save_source(source("/x/a.md", [q("What is dropout?")]), LATER)  # the first question is retired
    assert [m.text for m in marked_answers(ctx_at(store), ids[0])] == ["it memorises noise"]


def test_undecodable_text_is_stored_readably(store: Store, ids: list[int]) -> None:
    mark_answer(ctx_at(store, NOW), ids[0], "noise \udcff memorised", True)
    assert marked_answers(ctx_at(store), ids[0])[0].text == "noise ? memorised"
