"""Two processes on one store: a reader keeps its snapshot while another process writes (WAL on SQLite,
REPEATABLE READ on PostgreSQL), and concurrent writers wait for each other (busy timeout, or the write lock)
instead of failing. Each test runs on both backends."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from mldrill.store import Store
from mldrill.store import engine as store_engine
from tests.store.factories import NOW, q, source

WRITER = textwrap.dedent(
    """
    import sys
    from mldrill.models import ParsedSource, QuestionRecord
    from mldrill.store import Store

    db, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Store.open(db) as store:
        for i in range(count):
            prompt = f"Question {i} from {name} about topic {name}{i}?"
            parsed = ParsedSource(path=f"{name}-{i}.md", format="deck", content_hash=f"{name}{i}",
                                  questions=[QuestionRecord(prompt=prompt, answer="yes")])
            store.save_source(parsed)
    print("done")
    """
)


def _writer(db: str, name: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), name, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_reader_keeps_its_snapshot_while_another_process_writes(store_target: str) -> None:
    db = store_target
    with Store.open(db) as store:
        store.save_source(source("mine.md", [q("What is WAL?")]), NOW)
        with store.read() as conn:
            from mldrill.store import queries

            assert queries.stats(conn)["sources"] == 1
            writer = _writer(db, "other", 3)
            _, err = writer.communicate(timeout=60)
            assert writer.returncode == 0, err
            assert queries.stats(conn)["sources"] == 1  # same snapshot
        assert store.stats()["sources"] == 4


def test_two_processes_write_at_the_same_time(store_target: str) -> None:
    db = store_target
    Store.open(db).close()
    writers = [_writer(db, name, 15) for name in ("a", "b")]
    for w in writers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        assert out.strip() == "done"
    with Store.open(db) as store:
        assert store.stats()["sources"] == 30
        assert store.stats()["questions"] == 30


def test_two_processes_create_the_same_new_store(tmp_path: Path) -> None:
    db = str(tmp_path / "fresh.db")
    writers = [_writer(db, name, 2) for name in ("a", "b", "c")]
    for w in writers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    with Store.open(db) as store:
        assert store.stats()["sources"] == 6


UPGRADE = "import sys; from mldrill.store import engine; print(engine.upgrade(sys.argv[1])[1].current)"


def test_three_upgrades_of_one_empty_store_at_once(blank_target: str) -> None:
    """`mldrill db upgrade` run twice at once (two deploys): one migrates, the others wait and find it done."""
    upgrades = [
        subprocess.Popen(
            [sys.executable, "-c", UPGRADE, blank_target],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for u in upgrades:
        out, err = u.communicate(timeout=120)
        assert u.returncode == 0, err
        assert out.strip() == store_engine.head_revision()
    with Store.open(blank_target) as store:
        assert store.stats()["questions"] == 0


def test_a_write_transaction_waits_for_the_one_before(store_target: str) -> None:
    """Writers take turns: a write begun while another is open sees its rows once it commits (no lost update)."""
    with Store.open(store_target) as store:
        store.set_meta("counter", 0)
        with store.write() as conn:
            from mldrill.store import queries

            queries.set_meta(conn, "counter", "1")
            bump = subprocess.Popen(
                [sys.executable, "-c", BUMP, store_target],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            time.sleep(0.5)
            assert bump.poll() is None  # still waiting for this transaction
        _, err = bump.communicate(timeout=60)
        assert bump.returncode == 0, err
        assert store.get_meta("counter") == 2


BUMP = textwrap.dedent(
    """
    import json, sys
    from mldrill.store import Store, queries
    with Store.open(sys.argv[1]) as store, store.write() as conn:
        queries.set_meta(conn, "counter", json.dumps(json.loads(queries.get_meta(conn, "counter")) + 1))
    """
)
