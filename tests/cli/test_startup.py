"""`mldrill --help` must not load the heavy parts (store, importer, numpy, the grader's model)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sqlalchemy", "alembic", "numpy", "onnxruntime", "yaml", "ftfy", "mldrill.store", "mldrill.ingest")

PROBE = """
import sys
from mldrill.cli import app
try:
    app(["--help"])
except SystemExit as exc:
    assert exc.code == 0, exc.code
heavy = {heavy!r}
print("loaded:" + ",".join(sorted(m for m in sys.modules if m in heavy)))
"""


def test_help_loads_nothing_heavy() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "loaded:"


def test_console_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mldrill", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "Usage" in result.stdout
