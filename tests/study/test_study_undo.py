"""Undo puts card and log back byte for byte; at every point the cards equal a replay of the log."""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mldrill.app import study
from mldrill.app.study_session import Session
from mldrill.schedule import ScheduleSettings
from mldrill.store import Store
from mldrill.store.reviews import UndoRefused
from tests.context import ctx_at
from tests.study.helpers import NOW, PLAIN, dump, fill, replay_errors


def test_undo_of_a_first_review_restores_the_new_card(filled: tuple[Store, list[int]], db_path: str) -> None:
    store, ids = filled
    before = dump(db_path)
    recorded = study.record_review(ctx_at(store, NOW), ids[0], 3, PLAIN, duration_ms=4200)
    assert dump(db_path) != before
    study.undo_review(ctx_at(store), recorded.review_id)
    assert dump(db_path) == before


def test_undo_restores_a_review_card_with_fuzz(filled: tuple[Store, list[int]], db_path: str) -> None:
    store, ids = filled
    fuzzy = study.StudySettings(schedule=ScheduleSettings(fuzz=True))
    rng = random.Random(3)
    now = NOW
    for rating in (3, 3, 3):
        recorded = study.record_review(ctx_at(store, now, rng=rng), ids[0], rating, fuzzy)
        now = recorded.after.due or now
    before = dump(db_path)
    recorded = study.record_review(ctx_at(store, now + timedelta(days=3), rng=rng), ids[0], 1, fuzzy, 777)
    study.undo_review(ctx_at(store), recorded.review_id)
    assert dump(db_path) == before


def test_undo_is_refused_after_a_later_review_of_the_card(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    first = study.record_review(ctx_at(store, NOW), ids[0], 3, PLAIN)
    study.record_review(ctx_at(store, NOW + timedelta(minutes=10)), ids[0], 3, PLAIN)
    with pytest.raises(UndoRefused, match="reviewed again"):
        study.undo_review(ctx_at(store), first.review_id)


def test_undo_is_refused_when_the_card_changed_since(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    recorded = study.record_review(ctx_at(store, NOW), ids[0], 3, PLAIN)
    study.bury(ctx_at(store, NOW), ids[0], PLAIN)
    with pytest.raises(UndoRefused, match="changed"):
        study.undo_review(ctx_at(store), recorded.review_id)
    assert replay_errors(store) == []


def test_session_undo_goes_back_several_steps(filled: tuple[Store, list[int]], db_path: str) -> None:
    store, _ = filled
    session = Session.start(ctx_at(store, NOW, rng=random.Random(0)), PLAIN)
    first = session.current
    assert first is not None
    start = dump(db_path)
    session.rate(3)
    session.rate(1)
    again = session.undo()
    assert again is not None and session.reviewed == 1
    back = session.undo()
    assert back is not None and back.question.id == first.question.id and back.kind == "new"
    assert dump(db_path) == start
    with pytest.raises(UndoRefused, match="nothing to undo"):
        session.undo()


# The property: review / undo / quit at random


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("undo") / "template.db"
    with Store.open(str(path)) as store:
        fill(store)
    yield path


Step = tuple[str, int, int, int]  # (action, question index, rating, minutes to wait before it)
steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("review"), st.integers(0, 9), st.integers(1, 4), st.sampled_from([0, 1, 10, 60, 1440 * 3])
        ),
        st.tuples(st.just("undo"), st.just(0), st.just(0), st.just(0)),
        st.tuples(st.just("quit"), st.just(0), st.just(0), st.just(0)),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps)
def test_store_always_equals_a_replay_of_the_log(template: Path, plan: list[Step]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "s.db")
        shutil.copy(template, path)
        store = Store.open(path)
        ids = fill_ids(store)
        undo_stack: list[tuple[int, Any]] = []  # (review id, dump before it), this sitting only
        now = NOW
        try:
            for action, index, rating, wait in plan:
                if action == "review":
                    now += timedelta(minutes=wait)
                    before = dump(path)
                    recorded = study.record_review(
                        ctx_at(store, now), ids[index], rating, PLAIN, duration_ms=wait
                    )
                    undo_stack.append((recorded.review_id, before))
                elif action == "undo" and undo_stack:
                    review_id, before = undo_stack.pop()
                    study.undo_review(ctx_at(store), review_id)
                    assert dump(path) == before
                elif action == "quit":
                    store.close()
                    store = Store.open(path)
                    undo_stack.clear()
                assert replay_errors(store) == []
        finally:
            store.close()


def fill_ids(store: Store) -> list[int]:
    return sorted(q.id for q in store.list_questions())


def test_replay_catches_a_tampered_card(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    study.record_review(ctx_at(store, NOW), ids[0], 3, PLAIN)
    with store.write() as conn:
        conn.execute(
            sa.text("UPDATE cards SET stability = stability + 1 WHERE question_id = :id"), {"id": ids[0]}
        )
    assert replay_errors(store) != []
