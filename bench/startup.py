"""How long everyday commands take, beside a bare `python -c pass` (medians of fresh processes), and where it goes.

    python bench/startup.py [--runs 11] [--search TEXT]

On a fresh store holding the built-in deck (`mldrill init`, MLDRILL_DB in a temp folder), times `mldrill --help`,
`list --limit 5`, `show ID`, `search TEXT` and the home screen (`mldrill` with no command), each with its ratio to
`python -c pass` and its target (issue 11: --help <= 150 ms and <= 5x python -c pass; the others <= 250 ms).

Then, for each command, one run under `-X importtime`: the import time of the heavy packages it loaded
(sqlalchemy, typer + click, rich, numpy, onnxruntime; each package's own modules counted once, wherever imported)
and of all imports together. Last, in one fresh process, the database work alone: opening the store (engine,
revision check), the built-in deck's check that every command does, and each command's queries (first call, as
the command pays it, SQL compilation included).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = {
    "sqlalchemy": ("sqlalchemy",),
    "typer+click": ("typer", "click"),
    "rich": ("rich",),
    "numpy": ("numpy",),
    "onnxruntime": ("onnxruntime",),
}

DB_WORK = """
import json, sys, time
t0 = time.perf_counter()
from mldrill.store import Store
t1 = time.perf_counter()
from mldrill.app import library, study
from mldrill.app.context import LOCAL_USER, Context
from mldrill.app.stats import home_summary
from mldrill.models import QuestionFilter
t2 = time.perf_counter()
out = {"import store": t1 - t0, "import use-cases": t2 - t1}
def timed(name, fn):
    t = time.perf_counter(); fn(); out[name] = time.perf_counter() - t
store = None
def open_store():
    global store
    store = Store.open(sys.argv[1])
timed("open store", open_store)
ctx = Context(store, LOCAL_USER)
timed("deck check", lambda: library.ensure_builtin_deck(ctx, only_if_installed=True))
timed("list --limit 5", lambda: library.list_questions(ctx, QuestionFilter(), 5))
timed("show ID", lambda: library.question_detail(ctx, int(sys.argv[2])))
timed("search TEXT", lambda: library.search(ctx, sys.argv[3], 20))
timed("home", lambda: home_summary(ctx, study.load_settings(ctx)))
print(json.dumps(out))
"""


def median_seconds(command: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_times(command: list[str], env: dict[str, str]) -> tuple[dict[str, float], float]:
    """Seconds of import per heavy group (each module counted once, under its outermost ancestor of the same
    group) and of all imports, from one run under -X importtime."""
    result = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]], capture_output=True, text=True, env=env, check=True
    )
    entries = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        _, cumulative, name = line[len("import time:") :].split("|")
        depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
        entries.append((depth, int(cumulative), name.strip()))

    def group(module: str) -> str | None:
        top = module.split(".")[0]
        return next((g for g, tops in HEAVY.items() if top in tops), None)

    totals = dict.fromkeys(HEAVY, 0.0)
    everything = 0.0
    stack: list[tuple[int, str]] = []  # ancestors of the entry, reading the post-order output backwards
    for depth, cumulative, name in reversed(entries):
        while stack and stack[-1][0] >= depth:
            stack.pop()
        g = group(name)
        if depth == 0:
            everything += cumulative / 1e6
        if g is not None and all(group(a) != g for _, a in stack):
            totals[g] += cumulative / 1e6
        stack.append((depth, name))
    return totals, everything


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--search", default="gradient descent")
    args = parser.parse_args()
    python = sys.executable
    mldrill = [python, "-m", "mldrill"]

    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "bench.db")
        env = {**os.environ, "MLDRILL_DB": db, "PYTHONPATH": str(ROOT / "src")}
        subprocess.run([*mldrill, "init"], check=True, capture_output=True, env=env)
        listed = subprocess.run(
            [*mldrill, "list", "--json", "--limit", "1"], check=True, capture_output=True, text=True, env=env
        )
        qid = json.loads(listed.stdout)[0]["id"]
        commands = {
            "mldrill --help": ([*mldrill, "--help"], 150.0),
            "mldrill list --limit 5": ([*mldrill, "list", "--limit", "5"], 250.0),
            f"mldrill show {qid}": ([*mldrill, "show", str(qid)], 250.0),
            f"mldrill search {args.search!r}": ([*mldrill, "search", args.search], 250.0),
            "mldrill (home screen)": (mldrill, 250.0),
        }
        for command, _ in commands.values():  # warm the page cache and the bytecode
            subprocess.run(command, check=True, capture_output=True, env=env)
        bare = median_seconds([python, "-c", "pass"], args.runs, env)
        print(f"medians of {args.runs} fresh processes; store: the built-in deck (`mldrill init`)")
        print(f"  {'python -c pass':<34} {bare * 1000:7.1f} ms")
        for name, (command, target) in commands.items():
            t = median_seconds(command, args.runs, env)
            extra = ", and <= 5x python -c pass" if name == "mldrill --help" else ""
            verdict = "ok" if t * 1000 <= target and (not extra or t <= 5 * bare) else "over"
            print(
                f"  {name:<34} {t * 1000:7.1f} ms   {t / bare:5.1f}x python -c pass   "
                f"target <= {target:.0f} ms{extra}: {verdict}"
            )
        print("imports (one run under -X importtime, ms):")
        print(f"  {'':<34} " + " ".join(f"{g:>12}" for g in HEAVY) + f" {'all imports':>12}")
        for name, (command, _) in commands.items():
            totals, everything = import_times(command, env)
            cells = " ".join(f"{totals[g] * 1000:12.1f}" if totals[g] else f"{'-':>12}" for g in HEAVY)
            print(f"  {name:<34} {cells} {everything * 1000:12.1f}")
        work = subprocess.run(
            [python, "-c", DB_WORK, db, str(qid), args.search],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        print("the database work alone, in one fresh process (first calls, ms):")
        for name, seconds in json.loads(work.stdout.strip().splitlines()[-1]).items():
            print(f"  {name:<34} {seconds * 1000:7.1f}")


if __name__ == "__main__":
    main()
