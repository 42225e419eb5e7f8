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
    """Update the row whose columns equal `key`, or insert it if there is none (in the caller's transaction)."""
    where = sa.and_(*(table.c[name] == value for name, value in key.items()))
    if conn.execute(table.update().where(where).values(**values)).rowcount == 0:
        conn.execute(table.insert().values(**key, **values))
