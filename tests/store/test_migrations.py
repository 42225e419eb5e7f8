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
    inspector = sa.inspect(store.engine)
    tables = set(inspector.get_table_names())
    assert QUESTION_BANK_TABLES | {"alembic_version"} <= tables
    if store.engine.dialect.name == "sqlite":
        assert "questions_fts" in tables
    else:
        assert "questions_fts" not in tables
        assert "ix_questions_search" in {i["name"] for i in inspector.get_indexes("questions")}
    with store.engine.connect() as conn:
        assert store_engine.current_revision(conn) == store_engine.head_revision()


def test_first_migration_creates_only_the_question_bank(blank_target: str) -> None:
    engine = store_engine.create_engine(blank_target)
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


def test_store_is_at_head_and_reopening_is_a_no_op(store_target: str) -> None:
    Store.open(store_target).close()
    with Store.open(store_target) as again, again.engine.connect() as conn:
        assert store_engine.current_revision(conn) == store_engine.head_revision()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "s.db")) as store, store.engine.connect() as conn:
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


def test_a_newer_schema_is_refused(store_target: str) -> None:
    with Store.open(store_target) as s, s.write() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match=r"9999.*upgrade mldrill"):
        Store.open(store_target)


def test_every_migration_goes_down_and_up_again(store_target: str) -> None:
    """Downgrades run on each backend too (batch operations, dialect-guarded DDL), back to an empty database."""
    from alembic import command
    from alembic.config import Config

    engine = store_engine.create_engine(store_target)
    store_engine.migrate(engine)
    config = Config()
    config.set_main_option("script_location", str(store_engine.MIGRATIONS_DIR))
    with engine.connect().execution_options(**{store_engine.WRITE_OPTION: True}) as conn, conn.begin():
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
    store_engine.migrate(engine)
    assert store_engine.schema_status(engine).at_head
    engine.dispose()
