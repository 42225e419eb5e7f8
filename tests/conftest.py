"""Shared fixtures: a real store on each backend (an SQLite file in tmp_path; a fresh PostgreSQL database when
MLDRILL_TEST_PG_URL is set, see tests/pg.py); the `importer` marker."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from mldrill.store import Store
from tests import pg

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "importer: goes through the real importer (mldrill.ingest parsers), not only hand-built sources",
    )


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pg.PgServer]:
    server = pg.connect(os.environ.get(pg.ENV))
    yield server
    server.close()


def _target(request: pytest.FixtureRequest, tmp_path: Path, migrated: bool) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    server: pg.PgServer = request.getfixturevalue("pg_server")
    with server.database(migrated=migrated) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a test's store lives, on each backend: an SQLite path (created on first open) or the URL of a new
    PostgreSQL database already at the newest schema (as `mldrill db upgrade` leaves it)."""
    yield from _target(request, tmp_path, migrated=True)


@pytest.fixture(params=BACKENDS)
def blank_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Like `store_target`, but a PostgreSQL database without any table (never migrated)."""
    yield from _target(request, tmp_path, migrated=False)


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    with Store.open(store_target) as opened:
        yield opened
