"""Engine set-up and migrations, for SQLite (a file) and PostgreSQL (a server, through psycopg 3).

SQLite connections get WAL mode, a busy timeout and foreign keys; transactions are begun explicitly (deferred
for reads, IMMEDIATE for writes) instead of relying on the sqlite3 module's implicit ones, so DDL and reads
are transactional too. PostgreSQL gets the same guarantees: a read transaction is one snapshot (REPEATABLE
READ), and write transactions take one advisory lock first, so writers run one at a time as on SQLite (no
write-write races in read-modify-write code), waiting at most the busy timeout. Sessions use UTC.

Migrations run through Alembic, and only when the store is not at the newest revision (read from the scripts'
headers): the common case reads one row and never imports Alembic. An SQLite store migrates itself on open;
a PostgreSQL one only through `mldrill db upgrade` (`upgrade()` here), and opening one that is behind fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_PASSWORD = re.compile(r"(://[^/@:?#]*:)[^/@?#]*@")
# Key of the advisory lock PostgreSQL write transactions take (per database): the bytes of "mldrill!".
WRITE_LOCK_KEY = int.from_bytes(b"mldrill!", "big") & 0x7FFF_FFFF_FFFF_FFFF


def database_url(target: str) -> str:
    """A SQLAlchemy URL for `target`: a URL as given, else a path to an SQLite file.

    `postgresql://` and `postgres://` (the forms libpq and most hosts print) get the psycopg 3 driver.
    """
    if "://" in target:
        for scheme in _POSTGRES_SCHEMES:
            if target.startswith(scheme):
                return "postgresql+psycopg://" + target[len(scheme) :]
        return target
    path = Path(target).expanduser()
    if not path.parent.is_dir():
        raise StoreError(f"cannot create the store {path}: folder {path.parent} does not exist")
    if path.is_dir():
        raise StoreError(f"cannot open the store {path}: it is a folder; pass a file path with --db")
    return f"sqlite:///{path}"


def display(target: str) -> str:
    """`target` fit to print: a URL's password becomes ***."""
    return _PASSWORD.sub(r"\1***@", target)


def is_server(db_engine: Engine) -> bool:
    """Whether the store is a database server (migrated only by `mldrill db upgrade`), not an SQLite file."""
    return db_engine.dialect.name != "sqlite"


def create_engine(target: str) -> Engine:
    url = database_url(target)
    try:
        engine = sa.create_engine(url, json_serializer=_json_dumps)
    except ModuleNotFoundError as exc:
        raise MissingExtra(exc.name or "a database driver", "server", f"The store {display(target)}") from exc
    except sa.exc.ArgumentError as exc:
        raise StoreError(
            f"cannot use the store {display(target)}: {exc}; pass a file path or a database URL"
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgres_on_connect)
        event.listen(engine, "begin", _postgres_on_begin)
    return engine


@contextmanager
def connection_errors(target: str) -> Iterator[None]:
    """A database that cannot be reached or read becomes a one-line StoreError naming it (never its password)."""
    try:
        yield
    except sa.exc.DBAPIError as exc:
        hint = "check that the server runs and the URL is right" if "://" in target else "check the path"
        raise StoreError(
            f"cannot open the store {display(target)}: {reason(exc)}; {hint}, or pass --db"
        ) from exc


def reason(exc: sa.exc.DBAPIError) -> str:
    """The driver's message, first line only (libpq adds hints on further lines)."""
    text = str(exc.orig).strip()
    return text.splitlines()[0] if text else type(exc.orig).__name__


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


def _postgres_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SET TIME ZONE 'UTC'")
        cursor.execute(f"SET lock_timeout = {BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()
    dbapi_connection.commit()  # a SET inside a transaction that is rolled back would not stay


def _postgres_on_begin(connection: sa.Connection) -> None:
    """The first statement of each transaction: the write lock for writers, a snapshot for readers."""
    if connection.get_execution_options().get(WRITE_OPTION, False):
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
    else:
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


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


@dataclass(frozen=True)
class SchemaStatus:
    """Where a store's schema stands: its revision (None when empty) and the newest one this mldrill has."""

    current: str | None
    head: str | None

    @property
    def at_head(self) -> bool:
        return self.current is not None and self.current == self.head

    @property
    def known(self) -> bool:
        """Whether this mldrill has the store's revision (False for a store made by a newer mldrill)."""
        return self.current is None or self.current in _known_revisions()


def schema_status(db_engine: Engine) -> SchemaStatus:
    with db_engine.connect() as conn:
        return SchemaStatus(current_revision(conn), head_revision())


def require_head(db_engine: Engine, target: str) -> None:
    """Refuse a server store whose schema is behind (or empty): it is migrated only on purpose."""
    status = schema_status(db_engine)
    if status.at_head:
        return
    where = display(target)
    if status.current is None:
        state = "has no mldrill tables yet"
    elif status.known:
        state = f"is at schema {status.current}, behind {status.head}"
    else:
        raise StoreError(
            f"the store {where} has schema {status.current}, which this mldrill does not know; "
            "upgrade mldrill or pass another --db"
        )
    raise StoreError(f"the store {where} {state}; run `mldrill --db {where} db upgrade` first")


def upgrade(target: str, revision: str = "head") -> tuple[SchemaStatus, SchemaStatus]:
    """Migrate the store at `target` (SQLite or a server); return its status before and after."""
    db_engine = create_engine(target)
    try:
        with connection_errors(target):
            before = schema_status(db_engine)
            migrate(db_engine, revision)
            return before, schema_status(db_engine)
    finally:
        db_engine.dispose()


def current(target: str) -> SchemaStatus:
    """The schema status of the store at `target`, without changing it (a missing SQLite file stays missing)."""
    url = database_url(target)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return SchemaStatus(None, head_revision())
    db_engine = create_engine(target)
    try:
        with connection_errors(target):
            return schema_status(db_engine)
    finally:
        db_engine.dispose()


def _known_revisions() -> set[str]:
    found = (
        _REVISION.search(p.read_text(encoding="utf-8")) for p in (MIGRATIONS_DIR / "versions").glob("*.py")
    )
    return {m.group(1) for m in found if m is not None}
