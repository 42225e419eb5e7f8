"""Two processes on one store: WAL lets a reader keep its snapshot while another process writes, and
concurrent writers wait for each other (busy timeout) instead of failing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from mldrill.store import Store
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


def _writer(db: Path, name: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), name, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_reader_keeps_its_snapshot_while_another_process_writes(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    with Store.open(str(db)) as store:
        store.save_source(source("mine.md", [q("What is WAL?")]), NOW)
        with store.read() as conn:
            from mldrill.store import queries

            assert queries.stats(conn)["sources"] == 1
            writer = _writer(db, "other", 3)
            _, err = writer.communicate(timeout=60)
            assert writer.returncode == 0, err
            assert queries.stats(conn)["sources"] == 1  # same snapshot
        assert store.stats()["sources"] == 4


def test_two_processes_write_at_the_same_time(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    Store.open(str(db)).close()
    writers = [_writer(db, name, 15) for name in ("a", "b")]
    for w in writers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        assert out.strip() == "done"
    with Store.open(str(db)) as store:
        assert store.stats()["sources"] == 30
        assert store.stats()["questions"] == 30


def test_two_processes_create_the_same_new_store(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    writers = [_writer(db, name, 2) for name in ("a", "b", "c")]
    for w in writers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    with Store.open(str(db)) as store:
        assert store.stats()["sources"] == 6
