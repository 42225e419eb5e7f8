"""Fixtures: the built-in deck imported once per test run, copied into each test's own store file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mldrill.app import library
from mldrill.store import Store
from tests.context import ctx_at
from tests.interview.helpers import START


@pytest.fixture(scope="session")
def deck_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("deck") / "deck.db"
    with Store.open(str(path)) as store:
        library.ensure_builtin_deck(ctx_at(store, START))
    return path


@pytest.fixture
def deck_path(deck_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of the deck store for one test."""
    target = tmp_path / "store.db"
    with Store.open(str(deck_db)) as store, store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(deck_db, target)
    return target


@pytest.fixture
def deck_store(deck_path: Path) -> Iterator[Store]:
    with Store.open(str(deck_path)) as store:
        yield store
