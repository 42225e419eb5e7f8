"""The interview tables: migration 0003 and its mirror, keystroke batches, history."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mldrill.store import Store
from mldrill.store import engine as store_engine
from mldrill.store import interviews as db
from tests.context import ctx_at
from tests.interview.helpers import START, insert_interview

TABLES = {"interviews", "interview_items", "interview_followups", "interview_keystrokes", "interview_reports"}


def test_migration_creates_the_tables_and_the_module_mirrors_them(store: Store) -> None:
    inspector = sa.inspect(store.engine)
    assert set(inspector.get_table_names()) >= TABLES
    for table in db.metadata.sorted_tables:
        migrated = {c["name"] for c in inspector.get_columns(table.name)}
        assert migrated == {c.name for c in table.columns}, table.name


def test_migration_chains_after_study_and_downgrades(blank_target: str) -> None:
    engine = store_engine.create_engine(blank_target)
    store_engine.migrate(engine, target="0002")
    assert not TABLES & set(sa.inspect(engine).get_table_names())
    store_engine.migrate(engine)
    assert set(sa.inspect(engine).get_table_names()) >= TABLES
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(store_engine.MIGRATIONS_DIR))
    with engine.connect().execution_options(**{store_engine.WRITE_OPTION: True}) as conn, conn.begin():
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
    assert not TABLES & set(sa.inspect(engine).get_table_names())
    engine.dispose()


def _one_item(store: Store) -> tuple[int, int]:
    from mldrill.models import QuestionRecord
    from tests.store.factories import source

    store.save_source(source("/x/a.md", [QuestionRecord("What is a tensor?", "An array.")]), START)
    qid = store.list_questions()[0].id
    iid = insert_interview(store, [(qid, 60.0)], minutes=5)
    with store.write() as conn:
        return iid, db.load_interview(conn, iid, "local").items[0].id


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(str(tmp_path_factory.mktemp("k") / "s.db")) as store:
        yield store


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drafts=st.lists(st.text(max_size=30), min_size=1, max_size=12))
def test_keystroke_batches_replay_to_the_draft(shared_store: Store, drafts: list[str]) -> None:
    interview_id, item_id = _one_item(shared_store)
    for n, text in enumerate(drafts):
        with shared_store.write() as conn:
            db.save_draft(conn, item_id, "answer", text, n * 100, START)
    with shared_store.read() as conn:
        batches = db.keystroke_batches(conn, item_id, "answer")
        draft = db.load_interview(conn, interview_id, "local").items[0].draft
    assert draft == drafts[-1]
    assert db.replay(batches) == drafts[-1]
    assert len(batches) == sum(1 for a, b in zip(["", *drafts], drafts, strict=False) if a != b)


def test_a_batch_stores_only_the_change(store: Store) -> None:
    interview_id, item_id = _one_item(store)
    with store.write() as conn:
        assert db.save_draft(conn, item_id, "answer", "hello wor", 10, START)
        assert db.save_draft(conn, item_id, "answer", "hello world", 20, START)
        assert db.save_draft(conn, item_id, "answer", "hello there", 30, START)
        assert not db.save_draft(conn, item_id, "answer", "hello there", 40, START)
    with store.read() as conn:
        assert db.keystroke_batches(conn, item_id, "answer") == [
            (1, 0, "hello wor"),
            (2, 9, "ld"),
            (3, 6, "there"),
        ]
        assert db.load_interview(conn, interview_id, "local").items[0].elapsed_ms == 40


def test_history_reads_study_and_interviews(store: Store) -> None:
    from mldrill.app import study

    _, item_id = _one_item(store)
    qid = store.list_questions()[0].id
    study.record_review(ctx_at(store, START), qid, 1, study.load_settings(ctx_at(store)))
    with store.write() as conn:
        db.update_item(conn, item_id, status="answered", score=1.5)
    with store.read() as conn:
        h = db.question_history(conn, "local")[qid]
    assert (h.reps, h.last_rating, h.asked, h.last_score) == (1, 1, 1, 1.5)
    assert h.seen
