from __future__ import annotations

from collections.abc import Iterator

import pytest

from mldrill.store import Store
from tests.study.helpers import fill


@pytest.fixture
def db_path(store_target: str) -> str:
    """The test's store on each backend: an SQLite file path, or a PostgreSQL URL (see tests/conftest.py)."""
    return store_target


@pytest.fixture
def filled(db_path: str) -> Iterator[tuple[Store, list[int]]]:
    with Store.open(db_path) as store:
        yield store, fill(store)
