"""The one clock: $MLDRILL_NOW pins every command's "now"; a bad value is one clear error."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mldrill.cli import app
from mldrill.clock import fixed_clock, now, system_clock, utc
from mldrill.errors import UsageError


def test_pinned_time_is_read_as_utc() -> None:
    assert now({"MLDRILL_NOW": "2026-03-01T09:00:00Z"}) == datetime(2026, 3, 1, 9, tzinfo=UTC)
    assert now({"MLDRILL_NOW": "2026-03-01T10:00:00+01:00"}) == datetime(2026, 3, 1, 9, tzinfo=UTC)
    assert now({"MLDRILL_NOW": "2026-03-01 09:00"}) == datetime(2026, 3, 1, 9, tzinfo=UTC)  # naive = UTC
    assert system_clock({"MLDRILL_NOW": "2026-03-01T09:00:00Z"})() == datetime(2026, 3, 1, 9, tzinfo=UTC)


def test_unpinned_clock_is_the_real_time() -> None:
    before = datetime.now(UTC)
    assert before <= system_clock({})() <= datetime.now(UTC) + timedelta(seconds=1)


def test_utc_and_fixed_clock() -> None:
    assert utc(None) is None
    assert utc(datetime(2026, 1, 1, 12)) == datetime(2026, 1, 1, 12, tzinfo=UTC)
    east = datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    assert utc(east) == datetime(2026, 1, 1, 10, tzinfo=UTC)
    assert fixed_clock(east)() == datetime(2026, 1, 1, 10, tzinfo=UTC)


def test_a_bad_pinned_time_names_the_value() -> None:
    with pytest.raises(UsageError, match="'yesterday' is not an ISO 8601 time"):
        now({"MLDRILL_NOW": "yesterday"})


def test_every_command_reads_the_pinned_time(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    env = {"MLDRILL_NOW": "2026-03-01T09:00:00Z"}
    assert runner.invoke(app, ["--db", db, "init"], env=env).exit_code == 0
    stats = json.loads(runner.invoke(app, ["--db", db, "stats", "--json"], env=env).stdout)
    assert stats["now"].startswith("2026-03-01T09:00:00")
    marked = runner.invoke(app, ["--db", db, "marked", "add", "1", "--correct"], input="an answer", env=env)
    assert marked.exit_code == 0, marked.output
    [mark] = json.loads(runner.invoke(app, ["--db", db, "marked", "list", "1", "--json"], env=env).stdout)
    assert mark["created_at"].startswith("2026-03-01T09:00:00")
    bad = runner.invoke(app, ["--db", db, "stats"], env={"MLDRILL_NOW": "soon"})
    assert bad.exit_code == 1 and "$MLDRILL_NOW='soon' is not an ISO 8601 time" in bad.stderr
