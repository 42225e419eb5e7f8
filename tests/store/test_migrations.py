from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from mldrill.errors import StoreError
from mldrill.store import Store
from mldrill.store import engine as store_engine
from mldrill.store.schema import metadata

QUESTION_BANK_TABLES = {
    "meta",
    "sources",
    "questions",
    "notes",
    "company_topics",
    "dupe_groups",
    "dupe_members",
}


def test_open_creates_the_schema(store: Store) -> None:
    tables = set(sa.inspect(store.engine).get_table_names())
    assert QUESTION_BANK_TABLES | {"questions_fts", "alembic_version"} <= tables
    with store.engine.connect() as conn:
        assert store_engine.current_revision(conn) == store_engine.head_revision()


def test_first_migration_creates_only_the_question_bank(tmp_path: Path) -> None:
    engine = store_engine.create_engine(str(tmp_path / "s.db"))
    store_engine.migrate(engine, target="0001")
    tables = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    assert tables >= QUESTION_BANK_TABLES
    assert not tables & {"cards", "review_log", "attempts"}  # a later migration adds study tables


def test_schema_module_mirrors_the_migrations(store: Store) -> None:
    inspector = sa.inspect(store.engine)
    for table in metadata.sorted_tables:
        migrated = {c["name"] for c in inspector.get_columns(table.name)}
        assert migrated == {c.name for c in table.columns}, table.name


def test_head_read_from_the_scripts_is_alembic_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(store_engine.MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == store_engine.head_revision()


def test_store_is_at_head_and_reopening_is_a_no_op(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    Store.open(db).close()
    with Store.open(db) as again, again.engine.connect() as conn:
        assert store_engine.current_revision(conn) == store_engine.head_revision()


def test_sqlite_pragmas(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == store_engine.BUSY_TIMEOUT_MS


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(sa.exc.IntegrityError), store.write() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO notes (source_id, position, title, body, kind, line) VALUES (999, 0, 't', 'b', 'note', 1)"
            )
        )


def test_missing_folder_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(str(tmp_path / "nowhere" / "s.db"))


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not sqlite\n" * 100)
    with pytest.raises(StoreError, match=str(bogus)):
        Store.open(str(bogus))


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    with Store.open(db) as s, s.write() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="9999"):
        Store.open(db)
