"""Small question banks, a fixed clock, byte-level dumps and a replay of the review log, for the study tests."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from mldrill.app import study
from mldrill.models import ParsedSource, QuestionRecord
from mldrill.schedule import CardState, ScheduleSettings, review
from mldrill.store import Store
from mldrill.store import reviews as db
from tests.context import ctx_at

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday
PLAIN = study.StudySettings(schedule=ScheduleSettings(fuzz=False))


def bank(path: str, count: int, **fields: Any) -> ParsedSource:
    """A source of `count` questions sharing `fields` (topic, companies, tags, difficulty...)."""
    records = [
        QuestionRecord(prompt=f"{path} question {i}?", answer=f"Answer {i} of {path}.", line=i + 1, **fields)
        for i in range(count)
    ]
    digest = hashlib.sha256(repr(records).encode()).hexdigest()
    return ParsedSource(path=path, format="deck", content_hash=digest, questions=records)


def fill(store: Store) -> list[int]:
    """Ten questions in two sources; returns their ids in order."""
    store.save_source(
        bank("bank/ml.md", 6, topic="ml/basics", companies=["Google"], difficulty="easy", tags=["core"]), NOW
    )
    store.save_source(
        bank(
            "bank/dl.md", 4, topic="dl/cnn", companies=["Meta", "Google"], difficulty="hard", tags=["vision"]
        ),
        NOW,
    )
    study.open_study(ctx_at(store))
    with store.read() as conn:
        return sorted(c.card.question_id for c in db.cards_with_questions(conn, db.LOCAL_USER))


def raw_rows(path: str, table: str) -> list[tuple[Any, ...]]:
    """Every row of a table with each value's storage type: equal lists mean byte-equal rows.

    SQLite: typeof() of each value, read with sqlite3. A PostgreSQL URL: the typed values as psycopg reads them
    (the columns have one type each), in id order.
    """
    if "://" in path:
        with Store.open(path) as store, store.read() as conn:
            rows = conn.exec_driver_sql(f"SELECT * FROM {table} ORDER BY id").all()
            return [tuple((type(v).__name__, v) for v in row) for row in rows]
    with sqlite3.connect(path) as conn:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        select = ", ".join(f"typeof({c}), {c}" for c in columns)
        return conn.execute(f"SELECT {select} FROM {table} ORDER BY rowid").fetchall()


def dump(path: str) -> dict[str, list[tuple[Any, ...]]]:
    return {t: raw_rows(path, t) for t in ("cards", "review_log", "attempts")}


def replay_errors(store: Store, settings: study.StudySettings = PLAIN) -> list[str]:
    """Differences between the cards table and a replay of the review log through py-fsrs (fuzz off)."""
    errors = []
    with store.read() as conn:
        log = list(db.reviews(conn, db.LOCAL_USER))
        stored = {c.card.question_id: c.card for c in db.cards_with_questions(conn, db.LOCAL_USER)}
    replayed: dict[int, CardState] = {}
    for entry in log:
        before = replayed.get(entry.question_id, CardState(entry.question_id))
        if entry.card_before != before:
            errors.append(f"review {entry.id}: logged before-state differs from the replay")
        after, _ = review(before, entry.rating, entry.reviewed_at, settings.schedule, None, entry.duration_ms)
        if entry.card_after != after:
            errors.append(f"review {entry.id}: logged after-state differs from the replay")
        replayed[entry.question_id] = after
    for qid, card in stored.items():
        expected = replayed.get(qid, CardState(qid))
        if replace(card, buried_until=None) != expected:
            errors.append(f"card {qid}: stored {card} but the log replays to {expected}")
    return errors
