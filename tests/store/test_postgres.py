"""What only a server store has: explicit migrations, connection errors, session settings, the search index.

Tests that need a server take `pg_server` (skipped without MLDRILL_TEST_PG_URL, failed under CI); the
others run everywhere, as long as psycopg is installed (it is in requirements.lock).
"""

from __future__ import annotations

import sys

import pytest
import sqlalchemy as sa

from mldrill.errors import MissingExtra, StoreError
from mldrill.store import Store
from mldrill.store import engine as store_engine
from mldrill.store.fts import PG_DOCUMENT
from tests.pg import PgServer
from tests.store.factories import NOW, q, source

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize(
    ("given", "url"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u:pw@h:5433/db", "postgresql+psycopg://u:pw@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg2://u@h/db"),
    ],
)
def test_postgres_urls_get_the_psycopg_driver(given: str, url: str) -> None:
    assert store_engine.database_url(given) == url


def test_an_unreachable_server_is_one_line_without_the_password() -> None:
    target = "postgresql://bob:s3cret@/mldrill?host=/nonexistent-socket-dir"
    with pytest.raises(StoreError) as raised:
        Store.open(target)
    message = str(raised.value)
    assert "postgresql://bob:***@/mldrill?host=/nonexistent-socket-dir" in message
    assert "s3cret" not in message and "\n" not in message
    assert "server runs" in message


def test_missing_psycopg_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    with pytest.raises(MissingExtra, match=r"pip install 'mldrill\[server\]'"):
        Store.open("postgresql://u@/db?host=/nowhere")


def test_open_never_migrates_an_empty_database(pg_server: PgServer) -> None:
    with pg_server.database(migrated=False) as url:
        with pytest.raises(StoreError) as raised:
            Store.open(url)
        assert str(raised.value) == (
            f"the store {url} has no mldrill tables yet; run `mldrill --db {url} db upgrade` first"
        )
        assert store_engine.current(url).current is None  # still empty


def test_open_refuses_a_schema_that_is_behind(pg_server: PgServer) -> None:
    with pg_server.database(migrated=False) as url:
        store_engine.upgrade(url, "0003")
        with pytest.raises(
            StoreError, match=f"at schema 0003, behind {store_engine.head_revision()}.*db upgrade"
        ):
            Store.open(url)
        assert store_engine.current(url).current == "0003"
        store_engine.upgrade(url)
        Store.open(url).close()


def test_sessions_are_utc_with_snapshot_reads_and_one_writer(pg_server: PgServer) -> None:
    with pg_server.database(migrated=True) as url, Store.open(url) as store:
        with store.read() as conn:
            assert conn.exec_driver_sql("SHOW TimeZone").scalar() == "UTC"
            assert conn.exec_driver_sql("SHOW transaction_isolation").scalar() == "repeatable read"
        with store.write() as conn:
            assert conn.exec_driver_sql("SHOW transaction_isolation").scalar() == "read committed"
            locks = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
            ).scalar()
            assert locks == 1
        store.save_source(source("a.md", [q("What is a timestamp?")]), NOW)
        [stored] = store.sources()
        assert stored.imported_at == NOW and stored.imported_at.utcoffset() is not None
        assert stored.to_dict()["imported_at"] == "2025-01-15T09:30:00+00:00"


def test_search_uses_the_index_of_migration_0006(pg_server: PgServer) -> None:
    with pg_server.database(migrated=True) as url, Store.open(url) as store:
        store.save_source(source("a.md", [q(f"What is topic {i}?", f"Answer {i}.") for i in range(50)]), NOW)
        with store.read() as conn:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = "\n".join(
                r[0]
                for r in conn.execute(
                    sa.text(
                        f"EXPLAIN SELECT id FROM questions AS q "
                        f"WHERE ({PG_DOCUMENT}) @@ to_tsquery('english', 'topic')"
                    )
                )
            )
        assert "ix_questions_search" in plan


def test_snippet_marks_of_any_text(pg_server: PgServer) -> None:
    """Marks are put in after ts_headline, so quotes, commas and `=` in them need no escaping."""
    with pg_server.database(migrated=True) as url, Store.open(url) as store:
        store.save_source(source("a.md", [q("What is dropout?", "Zeroing units, a=b, at random.")]), NOW)
        [(_, hit)] = store.search("zeroing", marks=('<m a="1,2">', "</m=>"))
        assert '<m a="1,2">Zeroing</m=>' in hit.snippet


def test_text_the_server_refuses_is_a_store_error(pg_server: PgServer) -> None:
    with pg_server.database(migrated=True) as url, Store.open(url) as store:
        store.save_source(source("a.md", [q("What is NUL?")]), NOW)
        [question] = store.list_questions()
        with pytest.raises(StoreError, match="NUL"):
            store.set_own_answer("local", question.id, "a\x00b", NOW)
        assert store.get_question(question.id).own_answer is None
