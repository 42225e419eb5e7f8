"""Two processes writing to the same store at once (the CLI and, later, the web app) lose nothing."""

from __future__ import annotations

import multiprocessing
import os
import random
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from mldrill.app import study
from mldrill.schedule import CardState, review
from mldrill.store import Store
from mldrill.store import reviews as study_db
from tests.context import ctx_at
from tests.study.helpers import NOW, PLAIN, fill, replay_errors

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")

PER_WRITER = 120


def _writer(path: str, name: str, start: multiprocessing.synchronize.Event, results) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(name)
    with Store.open(path) as store:
        ids = sorted(q.id for q in store.list_questions())[:4]  # both writers fight over the same four cards
        start.wait()
        done = []
        for i in range(PER_WRITER):
            question_id = rng.choice(ids)
            rating = rng.choice([1, 2, 3, 4])
            when = NOW + timedelta(minutes=i)
            recorded = study.record_review(
                ctx_at(store, when, rng=rng), question_id, rating, PLAIN, duration_ms=i
            )
            study.save_attempt(ctx_at(store, when), question_id, f"{name} {i}")
            done.append((recorded.review_id, question_id, rating))
            time.sleep(0.002)  # let the other writer in between
        results.put((name, done))


def test_two_writers_lose_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    with Store.open(path) as store:
        fill(store)
    context = multiprocessing.get_context("fork")
    start = context.Event()
    results = context.Queue()
    writers = [context.Process(target=_writer, args=(path, name, start, results)) for name in ("cli", "web")]
    for w in writers:
        w.start()
    start.set()
    reported = dict(results.get(timeout=60) for _ in writers)
    for w in writers:
        w.join(timeout=60)
        assert w.exitcode == 0
    with Store.open(path) as store:
        with store.read() as conn:
            logged = {
                r[0]: (r[1], r[2])
                for r in conn.exec_driver_sql("SELECT id, question_id, rating FROM review_log")
            }
            attempts = conn.exec_driver_sql("SELECT count(*) FROM attempts").scalar()
        assert len(logged) == 2 * PER_WRITER
        assert attempts == 2 * PER_WRITER
        for done in reported.values():
            for review_id, question_id, rating in done:
                assert logged[review_id] == (question_id, rating)
        cli_ids = {r for r, _, _ in reported["cli"]}
        web_ids = {r for r, _, _ in reported["web"]}
        assert min(web_ids) < max(cli_ids) and min(cli_ids) < max(web_ids), "the writers did not overlap"
        # every review started from the state the previous one left: no update was lost in between
        assert replay_errors(store) == []


def _hold_the_write_lock(path: str, locked: Any, seconds: float) -> None:
    with Store.open(path) as store, store.write() as conn:
        study_db.append_review(
            conn,
            study_db.LOCAL_USER,
            CardState(1),
            review(CardState(1), 3, NOW, PLAIN.schedule)[0],
            3,
            NOW,
            1,
        )
        locked.set()
        time.sleep(seconds)


def test_a_writer_waits_for_the_other_instead_of_failing(tmp_path: Path) -> None:
    """While one process holds the write lock, the other's review waits (busy timeout) and then succeeds."""
    path = str(tmp_path / "shared.db")
    with Store.open(path) as store:
        fill(store)
    context = multiprocessing.get_context("fork")
    locked = context.Event()
    holder = context.Process(target=_hold_the_write_lock, args=(path, locked, 0.5))
    holder.start()
    assert locked.wait(30)
    with Store.open(path) as store:
        recorded = study.record_review(ctx_at(store, NOW), 2, 4, PLAIN)
        holder.join(30)
        assert holder.exitcode == 0
        with store.read() as conn:
            rows = conn.exec_driver_sql("SELECT id, question_id FROM review_log ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [(1, 1), (recorded.review_id, 2)]
