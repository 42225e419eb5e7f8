"""Engine set-up and migrations.

SQLite connections get WAL mode, a busy timeout and foreign keys; transactions are begun explicitly (deferred
for reads, IMMEDIATE for writes) instead of relying on the sqlite3 module's implicit ones, so DDL and reads
are transactional too. Migrations run through Alembic on open, and only when the store is not at the newest
revision (read from the scripts' headers): the common case reads one row and never imports Alembic.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from mldrill.errors import MissingExtra, StoreError

BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "mldrill_write"

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^revision\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*=\s*(?:[\"']([^\"']+)[\"']|None)", re.MULTILINE)


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
    url = database_url(target)
    try:
        engine = sa.create_engine(url, json_serializer=_json_dumps)
    except ModuleNotFoundError as exc:
        raise MissingExtra(exc.name or "a database driver", "postgres", f"The store {target}") from exc
    except sa.exc.ArgumentError as exc:
        raise StoreError(f"cannot use the store {target}: {exc}; pass a file path or a database URL") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


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


def head_revision() -> str | None:
    """The newest migration, read from the scripts without importing Alembic; None when unclear."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema to the newest revision (or `target`); a no-op, without Alembic, when it is there."""
    with engine.connect() as conn:
        revision = current_revision(conn)
    if revision is not None and revision == (head_revision() if target == "head" else target):
        return
    from alembic import command
    from alembic.config import Config
    from alembic.util.exc import CommandError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        config.attributes["connection"] = conn
        try:
            command.upgrade(config, target)
        except CommandError as exc:
            raise StoreError(
                f"the store's schema ({revision}) is not one this mldrill knows: {exc}; "
                "upgrade mldrill or pass another --db"
            ) from exc
