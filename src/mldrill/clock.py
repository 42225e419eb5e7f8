"""The one clock: what "now" is for every command, and how stored times read back.

`now()` is the current instant in UTC, unless `$MLDRILL_NOW` (ISO 8601) pins it — for tests and reproducible
reports; every command reads the time through here (via the use-case context). `utc()` turns a time read back
from a database (SQLite hands them back naive; they are stored in UTC) into an aware UTC one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from mldrill.errors import UsageError

Clock = Callable[[], datetime]
ENV = "MLDRILL_NOW"


def utc(value: datetime | None) -> datetime | None:
    """`value` as an aware UTC time: a naive one is taken to be UTC, an aware one is converted."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def pinned(env: Mapping[str, str] | None = None) -> datetime | None:
    """The time `$MLDRILL_NOW` pins, or None; a value that is not ISO 8601 is a usage error naming it."""
    raw = (os.environ if env is None else env).get(ENV, "").strip()
    if not raw:
        return None
    try:
        return utc(datetime.fromisoformat(raw))
    except ValueError as exc:
        raise UsageError(f"${ENV}={raw!r} is not an ISO 8601 time (e.g. 2026-03-01T09:00:00Z)") from exc


def now(env: Mapping[str, str] | None = None) -> datetime:
    """Now, in UTC; `$MLDRILL_NOW` pins it."""
    fixed = pinned(env)
    return fixed if fixed is not None else datetime.now(UTC)


def system_clock(env: Mapping[str, str] | None = None) -> Clock:
    """A clock for one invocation: a pinned time stays pinned, else the real time, read at each call."""
    fixed = pinned(env)
    if fixed is not None:
        return lambda: fixed
    return lambda: datetime.now(UTC)


def fixed_clock(at: datetime) -> Clock:
    """A clock that always says `at` (a test double passed in as an argument)."""
    when = utc(at)
    assert when is not None
    return lambda: when
