"""`mldrill db upgrade` and `mldrill db current`, on each backend (PostgreSQL only with MLDRILL_TEST_PG_URL)."""

from __future__ import annotations

import json

from typer.testing import CliRunner, Result

from mldrill.cli import app
from mldrill.store import Store
from mldrill.store import engine as store_engine

runner = CliRunner(env={"COLUMNS": "200"})
HEAD = store_engine.head_revision()


def run(target: str, *args: str) -> Result:
    return runner.invoke(app, ["--db", target, *args])


def test_current_and_upgrade_of_an_empty_store(blank_target: str) -> None:
    before = run(blank_target, "db", "current", "--json")
    assert before.exit_code == 0, before.output
    assert json.loads(before.stdout) == {
        "store": blank_target,
        "revision": None,
        "head": HEAD,
        "at_head": False,
    }
    assert run(blank_target, "db", "current").stdout.startswith("none (empty: run `mldrill db upgrade`")

    upgraded = run(blank_target, "db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    assert f"to {HEAD}" in upgraded.stderr
    assert run(blank_target, "db", "current").stdout.strip() == f"{HEAD} (head)"

    again = run(blank_target, "db", "upgrade", "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == {
        "store": blank_target,
        "revision": HEAD,
        "head": HEAD,
        "at_head": True,
        "previous": HEAD,
    }
    with Store.open(blank_target) as store:  # usable at once
        assert store.stats()["questions"] == 0


def test_upgrade_from_an_older_revision(blank_target: str) -> None:
    engine = store_engine.create_engine(blank_target)
    store_engine.migrate(engine, target="0002")
    engine.dispose()
    assert run(blank_target, "db", "current").stdout.strip() == (
        f"0002 (not the head {HEAD}: run `mldrill db upgrade`)"
    )
    upgraded = run(blank_target, "db", "upgrade", "--json")
    assert upgraded.exit_code == 0, upgraded.output
    assert json.loads(upgraded.stdout)["previous"] == "0002"
    assert json.loads(run(blank_target, "db", "current", "--json").stdout)["at_head"] is True


def test_a_command_on_an_unmigrated_store(blank_target: str) -> None:
    """An SQLite file upgrades itself; a server store is refused, with the command that fixes it."""
    result = run(blank_target, "list")
    if blank_target.startswith("postgresql://"):
        assert result.exit_code == 1
        assert "has no mldrill tables yet" in result.stderr
        assert "db upgrade" in result.stderr and blank_target in result.stderr
        assert json.loads(run(blank_target, "db", "current", "--json").stdout)["revision"] is None
    else:
        assert result.exit_code == 0, result.output
        assert json.loads(run(blank_target, "db", "current", "--json").stdout)["at_head"] is True


def test_current_of_a_missing_sqlite_file_creates_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "none.db"
    result = run(str(path), "db", "current")
    assert result.exit_code == 0 and result.stdout.startswith("none")
    assert not path.exists()


def test_a_newer_store_is_named_as_such(store_target: str) -> None:
    with Store.open(store_target) as store, store.write() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    assert "newer than this mldrill" in run(store_target, "db", "current").stdout
    refused = run(store_target, "db", "upgrade")
    assert refused.exit_code == 1 and "9999" in refused.stderr and "upgrade mldrill" in refused.stderr
