"""Crash safety: a study process killed with SIGKILL at random instants, 100 times, never loses a committed
review and never leaves the store half-written."""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from mldrill.app.study_session import Session
from mldrill.store import Store
from mldrill.store import reviews as db
from tests.context import ctx_at
from tests.study.helpers import NOW, PLAIN, fill, replay_errors

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")

KILLS = 100


def _study_until_killed(path: str, first_minute: int, seed: int, out: int) -> None:
    """The child: open the store and study in a loop; after each commit, report the review on the pipe."""
    rng = random.Random(seed)
    minute = [first_minute]
    store = Store.open(path)
    session = Session.start(ctx_at(store, lambda: NOW + timedelta(minutes=minute[0]), rng=rng), PLAIN)
    while True:
        if session.current is None:  # nothing left now: jump to when the next card falls due
            with store.read() as conn:
                due = db.next_due(conn, db.LOCAL_USER, session.ctx.now())
            assert due is not None
            minute[0] = int((due - NOW).total_seconds() // 60) + 1
            session.advance()
            continue
        question_id = session.current.question.id
        rating = rng.choice([1, 2, 3, 3, 4])
        if rng.random() < 0.2:
            session.attempt("typed " * rng.randint(1, 50))
        recorded = session.rate(rating, rng.randint(500, 9000))
        assert recorded is not None
        os.write(out, f"{recorded.review_id} {question_id} {rating}\n".encode())
        minute[0] += rng.choice([1, 10, 600])


def _run_and_kill(path: str, first_minute: int, seed: int, after: int, delay: float) -> list[tuple[int, ...]]:
    """Fork a studying child, let it commit `after` reviews, wait `delay` seconds more, then SIGKILL it.
    Returns the reviews it reported as committed."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        code = 0
        try:
            _study_until_killed(path, first_minute, seed, write_end)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    data = b""
    deadline = time.monotonic() + 20
    while data.count(b"\n") < after and time.monotonic() < deadline:
        if select.select([read_end], [], [], 0.5)[0]:
            data += os.read(read_end, 65536)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status), "the study child stopped by itself (it should only stop when killed)"
    while chunk := os.read(read_end, 65536):
        data += chunk
    os.close(read_end)
    return [tuple(int(x) for x in line.split()) for line in data.decode().splitlines()]


def test_sigkill_at_random_points_loses_no_committed_review(tmp_path: Path) -> None:
    path = str(tmp_path / "crash.db")
    with Store.open(path) as store:
        fill(store)
    rng = random.Random(2024)
    committed: list[tuple[int, ...]] = []
    waited_for = 0
    sys.stdout.flush()
    sys.stderr.flush()
    for kill in range(KILLS):
        if rng.random() < 0.25:  # while it opens the store and starts the session
            after, delay = 0, rng.random() * 0.04
        else:  # in the middle of studying, often inside a review's transaction
            after, delay = rng.randint(1, 5), rng.random() * 0.004
        waited_for += after
        committed += _run_and_kill(path, first_minute=kill * 3000, seed=kill, after=after, delay=delay)
        with sqlite3.connect(path, timeout=10) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            logged = {
                row[0]: row[1:] for row in conn.execute("SELECT id, question_id, rating FROM review_log")
            }
            if kill % 10 == 9:  # as a clean session's close would; recovery time grows with an unchecked WAL
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for review_id, question_id, rating in committed:
            assert logged.get(review_id) == (question_id, rating), f"committed review {review_id} lost"
    assert len(committed) >= waited_for
    with Store.open(path) as store:
        assert replay_errors(store) == []
