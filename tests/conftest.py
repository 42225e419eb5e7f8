"""Shared fixtures: a real SQLite store in tmp_path; the `importer` marker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mldrill.store import Store


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "importer: goes through the real importer (mldrill.ingest parsers), not only hand-built sources",
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(str(tmp_path / "store.db")) as opened:
        yield opened
