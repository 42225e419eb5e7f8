"""Saving sources: idempotent re-import, edits in place, retire / un-retire, all-or-nothing transactions."""

from __future__ import annotations

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mldrill.models import NoteRecord, Resource
from mldrill.store import QuestionFilter, Store
from mldrill.store.save import save_source
from tests.store.factories import LATER, LATEST, NOW, q, source


def _ids(store: Store, include_retired: bool = False) -> dict[str, int]:
    found = store.list_questions(QuestionFilter(include_retired=include_retired))
    return {x.record.prompt: x.id for x in found}


def _dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to compare the store before and after."""
    tables = ["sources", "questions", "notes", "company_topics", "dupe_groups", "dupe_members", "meta"]
    with store.read() as conn:
        dump = {
            t: sorted(map(tuple, conn.execute(sa.text(f"SELECT * FROM {t}")).all()), key=repr) for t in tables
        }
        if conn.dialect.name == "sqlite":  # PostgreSQL's search index is an expression, with no rows
            dump["fts"] = sorted(
                map(tuple, conn.execute(sa.text("SELECT rowid, * FROM questions_fts")).all()), key=repr
            )
    return dump


BANK = [
    q("What is overfitting?", "Fitting noise.", difficulty="easy", topic="ml/basics", line=3),
    q("Explain dropout.", "Randomly zeroing units.", tags=["regularisation"], line=10),
    q("What is a confusion matrix?", None, companies=["Google"], line=20),
]


def test_first_import_adds_everything(store: Store) -> None:
    result = store.save_source(source("bank.md", BANK), NOW)
    assert (result.status, result.added, result.updated, result.unchanged, result.retired) == (
        "added",
        3,
        0,
        0,
        0,
    )
    stored = store.list_questions()
    assert [x.record.prompt for x in stored] == [r.prompt for r in BANK]
    assert stored[0].record.difficulty == "easy" and stored[0].record.topic == "ml/basics"
    assert stored[1].record.tags == ["regularisation"]
    assert stored[2].record.answer is None and stored[2].record.companies == ["Google"]
    assert all(x.source_path == "bank.md" for x in stored)


def test_same_content_twice_changes_nothing(store: Store) -> None:
    store.save_source(source("bank.md", BANK), NOW)
    before = _dump(store)
    result = store.save_source(source("bank.md", BANK), LATER)
    assert result.status == "unchanged"
    assert (result.added, result.updated, result.unchanged, result.retired) == (0, 0, 3, 0)
    assert _dump(store) == before


def test_edited_prompt_keeps_its_id(store: Store) -> None:
    store.save_source(source("bank.md", BANK), NOW)
    ids = _ids(store)
    edited = [BANK[0], q("Explain dropout in neural networks.", "Randomly zeroing units."), BANK[2]]
    result = store.save_source(source("bank.md", edited), LATER)
    assert (result.added, result.updated, result.unchanged, result.retired) == (0, 1, 2, 0)
    assert _ids(store)["Explain dropout in neural networks."] == ids["Explain dropout."]


def test_edited_answer_keeps_its_id(store: Store) -> None:
    store.save_source(source("bank.md", BANK), NOW)
    ids = _ids(store)
    edited = [q("What is overfitting?", "Memorising the training set.", line=3), BANK[1], BANK[2]]
    result = store.save_source(source("bank.md", edited), LATER)
    assert result.updated == 1
    assert store.get_question(ids["What is overfitting?"]).record.answer == "Memorising the training set."


def test_removed_question_is_retired_then_restored(store: Store) -> None:
    store.save_source(source("bank.md", BANK), NOW)
    ids = _ids(store)
    result = store.save_source(source("bank.md", [BANK[0], BANK[2]]), LATER)
    assert result.retired == 1
    assert "Explain dropout." not in _ids(store)
    gone = store.get_question(ids["Explain dropout."])
    assert gone.retired
    assert ids["Explain dropout."] in _ids(store, include_retired=True).values()

    result = store.save_source(source("bank.md", BANK), LATEST)
    assert (result.added, result.updated, result.retired) == (0, 1, 0)
    back = store.get_question(ids["Explain dropout."])
    assert not back.retired
    assert _ids(store) == ids


def test_new_question_in_the_middle_shifts_lines_without_counting_edits(store: Store) -> None:
    store.save_source(source("bank.md", BANK), NOW)
    ids = _ids(store)
    moved = [
        BANK[0],
        q("What is batch normalisation?", "Normalising activations.", line=8),
        q("Explain dropout.", "Randomly zeroing units.", tags=["regularisation"], line=14),
        q("What is a confusion matrix?", None, companies=["Google"], line=24),
    ]
    result = store.save_source(source("bank.md", moved), LATER)
    assert (result.added, result.updated, result.unchanged) == (1, 0, 3)
    assert store.get_question(ids["Explain dropout."]).record.line == 14


def test_match_by_key_survives_a_rewrite(store: Store) -> None:
    store.save_source(source("deck.md", [q("What is bagging?", "Averaging.", key="bagging")]), NOW)
    [old] = store.list_questions()
    rewritten = q("Describe bootstrap aggregation and why it helps.", "Something else.", key="bagging")
    store.save_source(source("deck.md", [rewritten]), LATER)
    [new] = store.list_questions()
    assert new.id == old.id and new.record.prompt.startswith("Describe bootstrap")


def test_keyed_question_is_not_matched_by_prompt(store: Store) -> None:
    store.save_source(source("deck.md", [q("What is bagging?", key="a")]), NOW)
    result = store.save_source(source("deck.md", [q("What is bagging?", key="b")]), LATER)
    assert (result.added, result.retired) == (1, 1)


def test_same_prompt_in_different_inner_files_stays_apart(store: Store) -> None:
    first = [q("What is recall?", inner_file="a.md"), q("What is recall?", inner_file="b.md")]
    store.save_source(source("dump.txt", first, fmt="repo-dump"), NOW)
    ids = {x.record.inner_file: x.id for x in store.list_questions()}
    second = [q("What is recall?", "Changed.", inner_file="b.md"), q("What is recall?", inner_file="a.md")]
    store.save_source(source("dump.txt", second, fmt="repo-dump"), LATER)
    after = {x.record.inner_file: (x.id, x.record.answer) for x in store.list_questions()}
    assert after == {"a.md": (ids["a.md"], "An answer."), "b.md": (ids["b.md"], "Changed.")}


def test_rewritten_prompt_with_the_same_answer_keeps_its_id(store: Store) -> None:
    answer = (
        "Precision is the share of flagged cases that are real; recall is the share of real cases flagged."
    )
    store.save_source(source("bank.md", [q("Precision vs recall?", answer)]), NOW)
    [old] = store.list_questions()
    store.save_source(
        source("bank.md", [q("How do the two metrics from a confusion matrix differ?", answer)]), LATER
    )
    [new] = store.list_questions()
    assert new.id == old.id


def test_unrelated_replacement_is_a_new_question(store: Store) -> None:
    store.save_source(source("bank.md", [q("What is overfitting?", "Fitting noise.")]), NOW)
    result = store.save_source(
        source("bank.md", [q("Design a feed ranking system.", "Candidates, ranking.")]), LATER
    )
    assert (result.added, result.retired) == (1, 1)


def test_own_answer_survives_reimport_and_source_answer_is_kept(store: Store) -> None:
    store.save_source(source("bank.md", BANK), NOW)
    qid = _ids(store)["What is a confusion matrix?"]
    store.set_own_answer("local", qid, "A table of predicted vs actual classes.", LATER)
    edited = [BANK[0], BANK[1], q("What is a confusion matrix?", "Counts by class.", companies=["Google"])]
    store.save_source(source("bank.md", edited), LATEST)
    found = store.get_question(qid, "local")
    assert found.own_answer == "A table of predicted vs actual classes."
    assert store.get_question(qid, "ada").own_answer is None  # own answers are per user
    assert store.get_question(qid).own_answer is None
    assert found.record.answer == "Counts by class."


def test_notes_and_company_topics_are_replaced(store: Store) -> None:
    first = source("notes.md", [], notes=[NoteRecord("Old", "x")], company_topics={"Meta": ["ranking"]})
    store.save_source(first, NOW)
    second = source(
        "notes.md",
        [],
        notes=[NoteRecord("Ask about the team", "y", kind="tip"), NoteRecord("Sleep", "z")],
        company_topics={"Google": ["search", "ads"]},
    )
    assert store.save_source(second, LATER).status == "updated"
    assert [n.title for n in store.notes()] == ["Ask about the team", "Sleep"]
    assert store.company_topics() == {"Google": ["ads", "search"]}


def test_all_fields_round_trip(store: Store) -> None:
    record = q(
        "Explain **attention**.",
        "Weighted sum of values.",
        difficulty="hard",
        topic="deep-learning/transformers",
        tags=["attention", "transformers"],
        companies=["OpenAI"],
        time_minutes=8.0,
        rubric=["Queries, keys, values.", "Softmax of scaled dot products."],
        insight="Mentions the scaling.",
        resources=[Resource("Paper", "https://example.org/paper")],
        line=12,
        prompt_line=13,
        inner_file="docs/a.md",
        key="attention",
        origin="source",
    )
    store.save_source(source("deck.md", [record]), NOW)
    [stored] = store.list_questions()
    assert stored.record == record


def test_crash_inside_the_transaction_leaves_the_store_unchanged(store: Store) -> None:
    store.save_source(source("bank.md", BANK), NOW)
    before = _dump(store)

    class Crash(Exception):
        pass

    edited = source("bank.md", [BANK[0], q("Brand new?", "Yes.")], notes=[NoteRecord("n", "b")])
    try:
        with store.write() as conn:
            save_source(conn, edited, LATER)
            raise Crash
    except Crash:
        pass
    assert _dump(store) == before


def test_a_record_that_cannot_be_stored_rolls_back_the_whole_file(store: Store) -> None:
    store.save_source(source("bank.md", BANK), NOW)
    before = _dump(store)
    bad = q("Unserialisable tags", tags=[object()])  # fails after the first rows were written
    try:
        store.save_source(source("bank.md", [BANK[0], q("Another new one?"), bad]), LATER)
    except Exception:
        pass
    else:
        raise AssertionError("the bad record should have failed")
    assert _dump(store) == before


def test_remove_source_retires_and_reimport_restores(store: Store) -> None:
    store.save_source(source("bank.md", BANK), NOW)
    ids = _ids(store)
    info, retired = store.remove_source("bank.md", LATER)
    assert retired == 3 and info.path == "bank.md"
    assert store.list_questions() == []
    [src] = store.sources()
    assert src.removed_at is not None and src.retired == 3
    store.save_source(source("bank.md", BANK), LATEST)
    assert _ids(store) == ids
    assert store.sources()[0].removed_at is None


# Any text the importer can hand over: it refuses files with NUL bytes (PostgreSQL could not store them either).
_texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
    min_size=1,
    max_size=40,
)
_records = st.builds(
    q,
    prompt=_texts,
    answer=st.one_of(st.none(), _texts),
    difficulty=st.sampled_from([None, "easy", "medium", "hard"]),
    key=st.one_of(st.none(), st.sampled_from(["a", "b", "c"])),
    tags=st.lists(_texts, max_size=3),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.lists(_records, max_size=8), second=st.lists(_records, max_size=8))
def test_reimport_is_idempotent_for_any_sources(store: Store, first: list, second: list) -> None:
    store.save_source(source("p.md", first), NOW)
    store.save_source(source("p.md", second), LATER)
    before = _dump(store)
    again = store.save_source(source("p.md", second), LATEST)
    assert again.status == "unchanged" and again.added == again.updated == again.retired == 0
    assert _dump(store) == before
    active = store.list_questions(QuestionFilter(source="p.md"))
    assert [x.record.prompt for x in active] == [r.prompt for r in second]
