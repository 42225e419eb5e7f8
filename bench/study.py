"""`mldrill stats`, the home screen and one study step on a big store (100,000 cards, 1,000,000 reviews).

    python bench/study.py [--cards 100000] [--log 1000000] [--runs 5] [--steps 2000] [--db PATH] [--seed 7]
                          [--no-reference]

The store is built once (bulk inserts through the store's own tables, seeded; about half a minute) and cached in
the temp folder under a name made of the parameters, so reruns start at once (--db: use this path instead). Each
of `--cards` questions has a card of the local user (mostly in review, some learning, some new); `--log` review-log
rows are spread over two years. Then, on the same store:

  stats / home, subprocess    `mldrill stats` and `mldrill` (the home screen), median of --runs fresh processes,
                              beside `python -c pass`: the whole command, start-up included
  stats / home, in process    study_stats.study_stats and study_stats.home_summary, median of --runs calls: the
                              database work and the figures alone
  baseline, same run          the same functions on the 275-question built-in deck (as ratios), and once the
                              straightforward computation of tests/study/stats_reference.py on the big store (what
                              `stats` did before the optimisation: every row into Python, py-fsrs per card)
  study step                  study.next_card + study.record_review beside the same work in raw sqlite3 (one
                              indexed SELECT, then BEGIN IMMEDIATE, one INSERT and one UPDATE, COMMIT), on a copy
                              of the cached store; target <= 5 ms a step

Targets: `stats` and the home screen <= 300 ms at 100,000 cards / 1,000,000 reviews.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(1, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from mldrill.app import study  # noqa: E402
from mldrill.app.context import LOCAL_USER, Context  # noqa: E402
from mldrill.app.stats import home_summary, study_stats  # noqa: E402
from mldrill.clock import fixed_clock  # noqa: E402
from mldrill.schedule import ScheduleSettings  # noqa: E402
from mldrill.store import Store  # noqa: E402
from mldrill.store import reviews as db  # noqa: E402
from mldrill.store.schema import questions, sources  # noqa: E402

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
SETTINGS = study.StudySettings(schedule=ScheduleSettings(fuzz=True), reviews_per_day=10**6)
CHUNK = 50_000
BUILD_VERSION = 3  # part of the cache file's name: bump when build() changes
TARGET_MS = 300.0


def ctx_at(store: Store, when: datetime = NOW, rng: random.Random | None = None) -> Context:
    """The local user's use-case context on `store`, its clock stopped at `when`."""
    return Context(store, LOCAL_USER, fixed_clock(when), rng or random.Random(0))


def _snapshot(qid: int, state: int, due: datetime, rng: random.Random) -> str:
    """A card snapshot as `db.snapshot` writes it (the same keys), formatted directly: 2 per review row."""
    return (
        f'{{"buried_until":null,"difficulty":{rng.uniform(1, 10)!r},"due":"{due.isoformat()}",'
        f'"lapses":1,"last_review":"{(due - timedelta(days=9)).isoformat()}","question_id":{qid},'
        f'"reps":9,"stability":{rng.uniform(1, 200)!r},"state":{state},"step":null}}'
    )


def cached_store(n_cards: int, n_log: int, seed: int) -> str:
    """The store for these parameters, built on first use and kept in the temp folder."""
    name = f"mldrill-bench-study-{n_cards}-{n_log}-{seed}-v{BUILD_VERSION}.db"
    path = Path(tempfile.gettempdir()) / name
    if not path.exists():
        t0 = time.perf_counter()
        partial = path.with_suffix(f".{os.getpid()}.partial")
        build(str(partial), n_cards, n_log, seed)
        for suffix in ("-wal", "-shm"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
        partial.rename(path)
        size = path.stat().st_size / 1e6
        print(
            f"built {n_cards} cards, {n_log} review-log rows in {time.perf_counter() - t0:.0f} s ({size:.0f} MB)"
        )
    return str(path)


def build(path: str, n_cards: int, n_log: int, seed: int) -> None:
    rng = random.Random(seed)
    with Store.open(path) as store, store.write() as conn:
        source_id = conn.execute(
            sources.insert().values(
                path="bench.md",
                format="deck",
                content_hash="0" * 64,
                size_bytes=0,
                warnings=[],
                imported_at=NOW,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        topics = ["ml/basics", "ml/trees", "dl/cnn", "dl/rnn", "stats", "systems", "nlp", "rl"]
        for start in range(0, n_cards, CHUNK):
            conn.execute(
                questions.insert(),
                [
                    dict(
                        source_id=source_id,
                        line=i,
                        position=i,
                        prompt=f"Question {i}?",
                        prompt_norm=f"question {i}",
                        answer=f"Answer {i}.",
                        answer_origin="source",
                        topic=topics[i % len(topics)],
                        tags=[],
                        companies=["Google"] if i % 3 == 0 else [],
                        rubric=[],
                        resources=[],
                        created_at=NOW,
                        updated_at=NOW,
                    )
                    for i in range(start, min(start + CHUNK, n_cards))
                ],
            )
        ids = [r[0] for r in conn.execute(sa.select(questions.c.id).order_by(questions.c.id))]
        rows = []
        for qid in ids:
            kind = rng.random()
            if kind < 0.05:  # new
                rows.append(
                    dict(
                        user_id="local",
                        question_id=qid,
                        state=0,
                        step=None,
                        stability=None,
                        difficulty=None,
                        due=None,
                        last_review=None,
                        reps=0,
                        lapses=0,
                    )
                )
                continue
            state = 1 if kind < 0.07 else 2
            due = NOW + timedelta(minutes=rng.randint(-60 * 24 * 30, 60 * 24 * 90))
            rows.append(
                dict(
                    user_id="local",
                    question_id=qid,
                    state=state,
                    step=0 if state == 1 else None,
                    stability=rng.uniform(1, 200),
                    difficulty=rng.uniform(1, 10),
                    due=due,
                    last_review=due - timedelta(days=rng.randint(1, 60)),
                    reps=rng.randint(1, 30),
                    lapses=rng.randint(0, 3),
                )
            )
        for start in range(0, len(rows), CHUNK):
            conn.execute(db.cards.insert(), rows[start : start + CHUNK])
        rating_choices = (1, 3, 3, 3, 4)
        span = (60 * 24, 60 * 24 * 730)
        for start in range(0, n_log, CHUNK):
            batch = []
            for _ in range(min(CHUNK, n_log - start)):
                qid = ids[int(rng.random() * len(ids))]
                when = NOW - timedelta(minutes=rng.randint(*span))
                batch.append(
                    {
                        "user_id": "local",
                        "question_id": qid,
                        "rating": rating_choices[int(rng.random() * 5)],
                        "reviewed_at": when,
                        "duration_ms": rng.randint(2000, 60000),
                        "state_before": 2,
                        "state_after": 2,
                        "card_before": _snapshot(qid, 2, when, rng),
                        "card_after": _snapshot(qid, 2, when + timedelta(days=9), rng),
                    }
                )
            conn.execute(db.review_log.insert(), batch)
    with sqlite3.connect(path) as raw:
        raw.execute("ANALYZE")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def timed(step: Callable[[int], None], n: int) -> list[float]:
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        step(i)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def mldrill_step(store: Store, rng: random.Random) -> Callable[[int], None]:
    def step(i: int) -> None:
        now = NOW + timedelta(seconds=i)
        card = study.next_card(ctx_at(store, now), SETTINGS)
        assert card is not None
        study.record_review(
            ctx_at(store, now, rng=rng), card.question.id, rng.choice((1, 3, 3, 4)), SETTINGS, 5000
        )

    return step


def bare_step(path: str, rng: random.Random) -> Callable[[int], None]:
    conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    snapshot = json.dumps({"x": "y" * 200})

    def step(i: int) -> None:
        now = (NOW + timedelta(seconds=i)).strftime("%Y-%m-%d %H:%M:%S.%f")
        conn.execute("BEGIN")
        row = conn.execute(
            "SELECT id, question_id, stability FROM cards WHERE user_id = 'local' AND state = 2 AND due <= ? "
            "ORDER BY due LIMIT 1",
            (now,),
        ).fetchone()
        conn.execute("COMMIT")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO review_log (user_id, question_id, rating, reviewed_at, duration_ms, state_before, "
            "state_after, card_before, card_after) VALUES ('local', ?, 3, ?, 5000, 2, 2, ?, ?)",
            (row[1], now, snapshot, snapshot),
        )
        due = (NOW + timedelta(days=rng.randint(1, 90))).strftime("%Y-%m-%d %H:%M:%S.%f")
        conn.execute(
            "UPDATE cards SET due = ?, last_review = ?, reps = reps + 1 WHERE id = ?", (due, now, row[0])
        )
        conn.execute("COMMIT")

    return step


def report(name: str, ms: list[float]) -> float:
    median = statistics.median(ms)
    p95 = sorted(ms)[int(len(ms) * 0.95)]
    print(f"{name:<30} median {median:6.2f} ms   mean {statistics.fmean(ms):6.2f} ms   p95 {p95:6.2f} ms")
    return median


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def command_ms(args: list[str], runs: int, env: dict[str, str]) -> float:
    def run() -> None:
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    run()  # warm the page cache
    return median_ms(run, runs)


def line(
    name: str, ms: float, target: float | None = TARGET_MS, base: tuple[str, float] | None = None
) -> None:
    extra = f"   {ms / target:5.2f}x the {target:.0f} ms target" if target else ""
    if base:
        extra += f"   {ms / base[1]:6.1f}x {base[0]}"
    print(f"  {name:<38} {ms:8.1f} ms{extra}")


def deck_store(folder: str) -> str:
    """A fresh store holding the built-in deck (`mldrill init`), with no reviews."""
    path = str(Path(folder) / "deck.db")
    env = {**os.environ, "MLDRILL_DB": path, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run([sys.executable, "-m", "mldrill", "init"], check=True, capture_output=True, env=env)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--log", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5, help="processes / calls timed per figure (median)")
    ap.add_argument("--steps", type=int, default=2000, help="study steps timed (0: skip)")
    ap.add_argument("--db", help="use (or create) the store at this path instead of the cached one")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-reference", action="store_true", help="skip the straightforward baseline (slow)")
    args = ap.parse_args()
    if args.db and not Path(args.db).exists():
        build(args.db, args.cards, args.log, args.seed)
    path = args.db or cached_store(args.cards, args.log, args.seed)
    env = {**os.environ, "MLDRILL_DB": path, "MLDRILL_NOW": NOW.isoformat(), "PYTHONPATH": str(ROOT / "src")}
    mldrill = [sys.executable, "-m", "mldrill"]
    with Store.open(path) as store:
        with store.read() as conn:
            n_cards = conn.execute(sa.select(sa.func.count()).select_from(db.cards)).scalar_one()
            n_log = conn.execute(sa.select(sa.func.count()).select_from(db.review_log)).scalar_one()
        print(f"store: {n_cards} cards, {n_log} review-log rows ({path}); medians of {args.runs}")
        settings = study.load_settings(ctx_at(store))
        print("subprocess (start-up included):")
        bare = command_ms([sys.executable, "-c", "pass"], args.runs, env)
        line("python -c pass", bare, None)
        line("mldrill stats", command_ms([*mldrill, "stats"], args.runs, env), base=("python -c pass", bare))
        line("mldrill (home screen)", command_ms(mldrill, args.runs, env), base=("python -c pass", bare))
        print("in process (the database work and the figures):")
        stats_ms = median_ms(lambda: study_stats(ctx_at(store, NOW), settings), args.runs)
        home_ms = median_ms(lambda: home_summary(ctx_at(store, NOW), settings), args.runs)
        with tempfile.TemporaryDirectory() as folder, Store.open(deck_store(folder)) as deck:
            deck_settings = study.load_settings(ctx_at(deck))
            deck_stats = median_ms(lambda: study_stats(ctx_at(deck, NOW), deck_settings), args.runs)
            deck_home = median_ms(lambda: home_summary(ctx_at(deck, NOW), deck_settings), args.runs)
        line("study_stats", stats_ms, base=("the deck's", deck_stats))
        line("home_summary", home_ms, base=("the deck's", deck_home))
        line("study_stats, built-in deck (275)", deck_stats, None)
        line("home_summary, built-in deck (275)", deck_home, None)
        if not args.no_reference:
            from tests.study.stats_reference import reference_stats

            t0 = time.perf_counter()
            want = reference_stats(store, NOW, settings)
            reference_ms = (time.perf_counter() - t0) * 1000
            same = study_stats(ctx_at(store, NOW), settings).to_dict() == want
            line("straightforward stats (baseline, once)", reference_ms, base=("study_stats", stats_ms))
            print(f"  study_stats == straightforward figures: {same}")
    if args.steps:
        with tempfile.TemporaryDirectory() as folder:
            copy = str(Path(folder) / "steps.db")
            shutil.copyfile(path, copy)
            rng = random.Random(args.seed)
            with Store.open(copy) as store:
                print(f"study step, {args.steps} steps each (on a copy of the store):")
                mldrill_step(store, rng)(0)  # warm the statement cache
                mine = report("mldrill next card + review", timed(mldrill_step(store, rng), args.steps))
                bare_ms = report("bare sqlite read + write", timed(bare_step(copy, rng), args.steps))
                print(f"ratio (mldrill / bare): {mine / bare_ms:.1f}x   target: mldrill <= 5 ms a step")
                counts = timed(
                    lambda i: study.queue_counts(ctx_at(store, NOW + timedelta(hours=1)), SETTINGS), 200
                )
                report("queue counts (each screen)", counts)


if __name__ == "__main__":
    main()
