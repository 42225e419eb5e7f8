from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mldrill.store import Store
from tests.study.helpers import fill


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "study.db")


@pytest.fixture
def filled(db_path: str) -> Iterator[tuple[Store, list[int]]]:
    with Store.open(db_path) as store:
        yield store, fill(store)
