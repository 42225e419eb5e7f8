"""Small helpers the SQL modules share: times in and out of the database, JSON columns, new ids, upserts."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from mldrill.clock import utc

LOCAL_USER = "local"  # the one person of a local store
__all__ = ["LOCAL_USER", "bind_utc", "dump_json", "load_json", "new_id", "upsert", "utc"]


def bind_utc(value: datetime | None) -> datetime | None:
    """A time about to be stored: the same instant in UTC."""
    return None if value is None else value.astimezone(UTC)


def dump_json(value: Any, default: Callable[[Any], Any] | None = None) -> str:
    """Stable JSON text for a column: sorted keys, non-ASCII kept as is."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=default)


def load_json(text: str | None) -> Any:
    """The value of a JSON text column; None for an empty one."""
    return json.loads(text) if text else None


def new_id(result: sa.CursorResult[Any]) -> int:
    """The primary key of the row an INSERT added."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def upsert(conn: sa.Connection, table: sa.Table, key: dict[str, Any], values: dict[str, Any]) -> None:
    """Insert the row whose columns equal `key`, or update it if it exists (in the caller's transaction).

    One INSERT ... ON CONFLICT DO UPDATE on SQLite and PostgreSQL (the key must be the primary key or unique);
    an UPDATE, then an INSERT when it found nothing, elsewhere.
    """
    conflict = [table.c[k] for k in key]
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects import sqlite

        lite = sqlite.insert(table).values(**key, **values)
        conn.execute(lite.on_conflict_do_update(index_elements=conflict, set_=values))
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        pg = postgresql.insert(table).values(**key, **values)
        conn.execute(pg.on_conflict_do_update(index_elements=conflict, set_=values))
        return
    where = sa.and_(*(table.c[name] == value for name, value in key.items()))
    if conn.execute(table.update().where(where).values(**values)).rowcount == 0:
        conn.execute(table.insert().values(**key, **values))
