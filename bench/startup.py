"""How long `mldrill --help` takes, beside a bare `python -c pass` (median of several runs, in subprocesses).

    python bench/startup.py [--runs N]

Also times `mldrill list --limit 1` on a store holding the built-in deck: the cost of a command that opens the
store (SQLAlchemy, a revision check, the deck's hash check).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def median_seconds(command: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    python = sys.executable
    mldrill = [python, "-m", "mldrill"]

    bare = median_seconds([python, "-c", "pass"], args.runs)
    help_time = median_seconds([*mldrill, "--help"], args.runs)
    print(f"python -c pass         {bare * 1000:7.1f} ms")
    print(f"mldrill --help         {help_time * 1000:7.1f} ms   ({help_time / bare:.1f}x python -c pass)")

    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "MLDRILL_DB": str(Path(folder) / "bench.db")}
        subprocess.run([*mldrill, "init"], check=True, capture_output=True, env=env)
        list_time = median_seconds([*mldrill, "list", "--limit", "1"], args.runs, env)
    print(f"mldrill list --limit 1 {list_time * 1000:7.1f} ms   ({list_time / bare:.1f}x python -c pass)")


if __name__ == "__main__":
    main()
