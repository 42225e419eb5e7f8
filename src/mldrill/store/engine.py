"""Engine set-up and migrations.

SQLite connections get WAL mode, a busy timeout and foreign keys; transactions are begun explicitly (deferred
for reads, IMMEDIATE for writes) instead of relying on the sqlite3 module's implicit ones, so DDL and reads
are transactional too. Migrations run through Alembic on open, and only when the store is not at `HEAD`: the
common case reads one row and never imports Alembic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from mldrill.errors import StoreError

# The newest revision in migrations/versions/ (a test checks it against Alembic's own view).
HEAD = "0001"
BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "mldrill_write"

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def database_url(target: str) -> str:
    """A SQLAlchemy URL for `target`: a URL as given, else a path to an SQLite file."""
    if "://" in target:
        return target
    path = Path(target).expanduser()
    if not path.parent.is_dir():
        raise StoreError(f"cannot create the store {path}: folder {path.parent} does not exist")
    if path.is_dir():
        raise StoreError(f"cannot open the store {path}: it is a folder; pass a file path with --db")
    return f"sqlite:///{path}"


def create_engine(target: str) -> Engine:
    engine = sa.create_engine(database_url(target))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # no implicit transactions: `_sqlite_on_begin` starts them
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: sa.Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def current_revision(connection: sa.Connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to `HEAD` (no-op when it is there already)."""
    with engine.connect() as conn:
        revision = current_revision(conn)
    if revision == HEAD:
        return
    from alembic import command
    from alembic.config import Config
    from alembic.util.exc import CommandError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        config.attributes["connection"] = conn
        try:
            command.upgrade(config, "head")
        except CommandError as exc:
            raise StoreError(
                f"the store's schema ({revision}) is not one this mldrill knows: {exc}; "
                "upgrade mldrill or pass another --db"
            ) from exc
