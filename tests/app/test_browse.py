"""Use-cases behind the web library: browse (filters, search and paging together), the filter choices, and
imports of uploaded bytes."""

from __future__ import annotations

import pytest

from mldrill.app import library, study
from mldrill.models import QuestionFilter
from mldrill.store import Store
from tests.context import ctx_at
from tests.store.decks import deck
from tests.store.factories import LATER, NOW

pytestmark = pytest.mark.importer

ALGEBRA = deck(
    ("a1", "What is a matrix inverse?", "A matrix whose product with the original is the identity."),
    ("a2", "What is a matrix rank?", None),
    ("a3", "What is an eigenvector of a matrix?", "A vector the matrix only scales."),
    topic="math/linear-algebra",
)
STATS = deck(
    ("s1", "What is a p-value?", "The chance of data this extreme if the null hypothesis holds."),
    ("s2", "What does a confidence interval for a matrix norm mean?", None),
    topic="stats",
)


@pytest.fixture
def filled(store: Store) -> Store:
    report = library.import_uploads(
        ctx_at(store, NOW), [("algebra.md", ALGEBRA.encode()), ("stats.md", STATS.encode())]
    )
    assert report.ok, report.to_dict()
    return store


def _prompts(page: library.BrowsePage) -> list[str]:
    return [q.record.prompt for q in page.items]


def test_a_listing_comes_a_page_at_a_time_with_the_total(filled: Store) -> None:
    ctx = ctx_at(filled)
    first = library.browse(ctx, QuestionFilter(), limit=2)
    second = library.browse(ctx, QuestionFilter(), limit=2, offset=2)
    last = library.browse(ctx, QuestionFilter(), limit=2, offset=4)
    assert [first.total, second.total, last.total] == [5, 5, 5]
    assert len(first.items) == len(second.items) == 2 and len(last.items) == 1
    every = _prompts(first) + _prompts(second) + _prompts(last)
    assert len(set(every)) == 5
    assert library.browse(ctx, QuestionFilter(), limit=2, offset=10).items == []


def test_filters_narrow_a_listing(filled: Store) -> None:
    ctx = ctx_at(filled)
    assert library.browse(ctx, QuestionFilter(topic="math")).total == 3
    unanswered = library.browse(ctx, QuestionFilter(unanswered=True))
    assert sorted(_prompts(unanswered)) == [
        "What does a confidence interval for a matrix norm mean?",
        "What is a matrix rank?",
    ]
    rank = unanswered.items[1] if "rank" in unanswered.items[1].record.prompt else unanswered.items[0]
    study.save_own_answer(ctx, rank.id, "The number of independent columns.")
    assert _prompts(library.browse(ctx, QuestionFilter(unanswered=True))) == [
        "What does a confidence interval for a matrix norm mean?"
    ]


def test_a_search_among_filtered_questions_counts_and_pages_its_hits(filled: Store) -> None:
    ctx = ctx_at(filled)
    everywhere = library.browse(ctx, QuestionFilter(), "matrix", marks=("<", ">"))
    assert everywhere.total == 4 and everywhere.query == "matrix"
    assert all("<matrix>" in everywhere.snippets[q.id].lower() for q in everywhere.items)
    in_stats = library.browse(ctx, QuestionFilter(topic="stats"), "matrix")
    assert _prompts(in_stats) == ["What does a confidence interval for a matrix norm mean?"]
    assert in_stats.total == 1
    paged = library.browse(ctx, QuestionFilter(topic="math"), "matrix", limit=2, offset=2)
    assert paged.total == 3 and len(paged.items) == 1
    assert set(paged.snippets) == {paged.items[0].id}
    assert library.browse(ctx, QuestionFilter(), "zebra").total == 0


def test_a_page_needs_a_positive_limit(filled: Store) -> None:
    with pytest.raises(library.UsageError, match="limit"):
        library.browse(ctx_at(filled), QuestionFilter(), limit=0)


def test_filter_choices_name_topics_with_their_parents_companies_and_sources(filled: Store) -> None:
    choices = library.filter_choices(ctx_at(filled))
    assert choices["topics"] == ["math", "math/linear-algebra", "stats"]
    assert choices["companies"] == ["Acme"]
    assert choices["difficulties"] == ["easy", "medium", "hard"]
    assert choices["sources"] == ["upload/algebra.md", "upload/stats.md"]


def test_retired_questions_leave_the_choices(filled: Store) -> None:
    ctx = ctx_at(filled)
    library.remove_source(ctx, "upload/stats.md")
    assert library.filter_choices(ctx)["topics"] == ["math", "math/linear-algebra"]


def test_uploads_are_stored_by_name_and_an_upload_again_updates_in_place(store: Store) -> None:
    seen: list[tuple[int, int, str]] = []
    first = library.import_uploads(
        ctx_at(store, NOW), [("folder/algebra.md", ALGEBRA.encode())], on_progress=lambda *a: seen.append(a)
    )
    assert [(f.stored_path, f.status, f.added) for f in first.files] == [
        ("upload/folder/algebra.md", "added", 3)
    ]
    assert seen == [(0, 1, "folder/algebra.md"), (1, 1, "")]
    shorter = deck(
        ("a1", "What is a matrix inverse?", "The identity comes out."), topic="math/linear-algebra"
    )
    again = library.import_uploads(ctx_at(store, LATER), [("folder/algebra.md", shorter.encode())])
    assert (again.files[0].status, again.files[0].updated, again.files[0].retired) == ("updated", 1, 2)
    assert store.count_questions(QuestionFilter(source="algebra.md")) == 1


def test_one_bad_upload_does_not_stop_the_others(store: Store) -> None:
    report = library.import_uploads(ctx_at(store), [("empty.md", b"  \n"), ("stats.md", STATS.encode())])
    assert not report.ok
    assert "empty.md" in (report.files[0].error or "") and "empty" in (report.files[0].error or "")
    assert report.files[1].added == 2
