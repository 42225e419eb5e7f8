"""One study step (next card + record review) on a big store, beside a bare indexed SQLite read + write.

    python bench/study.py [--cards 100000] [--log 1000000] [--steps 2000] [--db PATH] [--seed 7]

Builds (bulk inserts; about a minute) a store with `--cards` questions, each with a card of the local user
(mostly in review, some learning, some new), and `--log` review-log rows spread over two years. Then times, on the
same store:

  mldrill   study.next_card + study.record_review (SQLAlchemy Core, FSRS, one read and one write transaction)
  bare      the same work in raw sqlite3: one indexed SELECT of the most overdue card, then BEGIN IMMEDIATE,
            one INSERT into review_log and one UPDATE of the card, COMMIT

and prints milliseconds per step (median, mean, p95) for both and their ratio. Target: mldrill <= 5 ms a step.
Also times the screen's queue counts and `stats` / the home screen once, for information.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from mldrill.app import study
from mldrill.schedule import CardState, ScheduleSettings
from mldrill.store import Store
from mldrill.store import reviews as db
from mldrill.store.schema import questions, sources
from mldrill.app.stats import home_summary, study_stats

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
SETTINGS = study.StudySettings(schedule=ScheduleSettings(fuzz=True), reviews_per_day=10**6)
CHUNK = 50_000


def _snapshot(qid: int, state: int, due: datetime, rng: random.Random) -> str:
    card = CardState(
        qid, state, None, rng.uniform(1, 200), rng.uniform(1, 10), due, due - timedelta(days=9), 9, 1
    )
    return db.snapshot(card)


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
        for start in range(0, n_log, CHUNK):
            batch = []
            for _ in range(min(CHUNK, n_log - start)):
                qid = rng.choice(ids)
                when = NOW - timedelta(minutes=rng.randint(60 * 24, 60 * 24 * 730))
                batch.append(
                    dict(
                        user_id="local",
                        question_id=qid,
                        rating=rng.choice((1, 3, 3, 3, 4)),
                        reviewed_at=when,
                        duration_ms=rng.randint(2000, 60000),
                        state_before=2,
                        state_after=2,
                        card_before=_snapshot(qid, 2, when, rng),
                        card_after=_snapshot(qid, 2, when + timedelta(days=9), rng),
                    )
                )
            conn.execute(db.review_log.insert(), batch)
    with sqlite3.connect(path) as raw:
        raw.execute("ANALYZE")


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
        card = study.next_card(store, now, SETTINGS)
        assert card is not None
        study.record_review(store, card.question.id, rng.choice((1, 3, 3, 4)), now, SETTINGS, rng, 5000)

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


def once(name: str, fn: Callable[[], object]) -> None:
    t0 = time.perf_counter()
    fn()
    print(f"{name:<30} {(time.perf_counter() - t0) * 1000:8.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--log", type=int, default=1_000_000)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--db", help="reuse (or create) the store at this path instead of a temporary one")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    folder = None if args.db else tempfile.TemporaryDirectory()
    path = args.db or str(Path(folder.name) / "bench.db")  # type: ignore[union-attr]
    if not Path(path).exists():
        t0 = time.perf_counter()
        build(path, args.cards, args.log, args.seed)
        size = Path(path).stat().st_size / 1e6
        print(
            f"built {args.cards} cards, {args.log} review-log rows in {time.perf_counter() - t0:.0f} s ({size:.0f} MB)"
        )
    rng = random.Random(args.seed)
    with Store.open(path) as store:
        with store.read() as conn:
            n_cards = conn.execute(sa.select(sa.func.count()).select_from(db.cards)).scalar_one()
            n_log = conn.execute(sa.select(sa.func.count()).select_from(db.review_log)).scalar_one()
        print(f"store: {n_cards} cards, {n_log} review-log rows; {args.steps} steps each")
        mldrill_step(store, rng)(0)  # warm the statement cache
        mine = report("mldrill next card + review", timed(mldrill_step(store, rng), args.steps))
        bare = report("bare sqlite read + write", timed(bare_step(path, rng), args.steps))
        print(f"ratio (mldrill / bare): {mine / bare:.1f}x   target: mldrill <= 5 ms a step")
        counts = timed(lambda i: study.queue_counts(store, NOW + timedelta(hours=1), SETTINGS), 200)
        report("queue counts (each screen)", counts)
        once("stats (once)", lambda: study_stats(store, NOW, SETTINGS))
        once("home screen (once)", lambda: home_summary(store, NOW, SETTINGS))
    if folder is not None:
        folder.cleanup()


if __name__ == "__main__":
    main()
