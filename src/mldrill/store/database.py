"""`Store`: the one object the rest of mldrill uses to read and write questions.

Every write method runs in its own transaction (BEGIN IMMEDIATE on SQLite, the write lock on PostgreSQL): it
either happens completely or not at all. Callers that need several writes in one transaction use `Store.write()`
and the functions of `save`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from mldrill.errors import StoreError
from mldrill.models import ParsedSource, Question
from mldrill.store import dupes, engine, fts, queries, save
from mldrill.store.dupes import DupeGroup
from mldrill.store.queries import QuestionFilter, SourceInfo, StoredNote
from mldrill.store.save import SaveResult


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


class Store:
    def __init__(self, db_engine: Engine, location: str) -> None:
        self.engine = db_engine
        self.location = location

    @classmethod
    def open(cls, target: str) -> Store:
        """Open the store at a file path or database URL.

        An SQLite file is created and migrated as needed. A server store (PostgreSQL) is never migrated here:
        one whose schema is behind or empty is refused with a StoreError saying to run `mldrill db upgrade`.
        """
        db_engine = engine.create_engine(target)
        try:
            with engine.connection_errors(target):
                if engine.is_server(db_engine):
                    engine.require_head(db_engine, target)
                else:
                    engine.migrate(db_engine)
        except BaseException:
            db_engine.dispose()
            raise
        return cls(db_engine, engine.display(target))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        """A connection in a read transaction (one consistent snapshot)."""
        with self._errors(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """A connection in a write transaction: committed on success, rolled back on any exception."""
        options = {engine.WRITE_OPTION: True}
        with self._errors(), self.engine.connect().execution_options(**options) as conn, conn.begin():
            yield conn

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Database trouble a user can meet (locked, disk full, not a database, text the server refuses) becomes
        a StoreError."""
        try:
            yield
        except (sa.exc.OperationalError, sa.exc.DataError) as exc:  # DataError: e.g. a NUL byte on PostgreSQL
            raise StoreError(f"the store {self.location} failed: {engine.reason(exc)}") from exc

    # writes

    def save_source(self, parsed: ParsedSource, now: datetime | None = None) -> SaveResult:
        with self.write() as conn:
            return save.save_source(conn, parsed, _now(now))

    def remove_source(self, path: str, now: datetime | None = None) -> tuple[SourceInfo, int]:
        """Mark a source removed and retire its questions; return it and the number retired."""
        with self.write() as conn:
            source = queries.find_source(conn, path)
            return source, save.remove_source(conn, source.id, _now(now))

    def set_own_answer(self, user: str, question_id: int, text: str | None, now: datetime) -> None:
        """Store (or clear, with None) `user`'s own answer to a question."""
        with self.write() as conn:
            save.set_own_answer(conn, user, question_id, text, now)

    def set_meta(self, key: str, value: object) -> None:
        with self.write() as conn:
            queries.set_meta(conn, key, json.dumps(value))

    # reads

    def get_meta(self, key: str) -> object | None:
        with self.read() as conn:
            raw = queries.get_meta(conn, key)
        return None if raw is None else json.loads(raw)

    def get_question(self, question_id: int, user: str | None = None) -> Question:
        """The question with this id (retired ones included), with `user`'s own answer; raises NotFound."""
        with self.read() as conn:
            return queries.get_question(conn, question_id, user)

    def list_questions(
        self,
        filters: QuestionFilter | None = None,
        limit: int | None = None,
        offset: int = 0,
        user: str | None = None,
    ) -> list[Question]:
        """Questions matching `filters`, each with `user`'s own answer (None: the shared bank alone)."""
        with self.read() as conn:
            return queries.list_questions(conn, filters or QuestionFilter(), limit, offset, user)

    def count_questions(self, filters: QuestionFilter | None = None, user: str | None = None) -> int:
        with self.read() as conn:
            return queries.count_questions(conn, filters or QuestionFilter(), user)

    def search(
        self,
        text: str,
        limit: int = 20,
        marks: tuple[str, str] = ("[", "]"),
        include_retired: bool = False,
        user: str | None = None,
    ) -> list[tuple[Question, fts.Hit]]:
        """Questions matching `text` (BM25 order), each with its hit (score, snippet)."""
        with self.read() as conn:
            hits = fts.search(conn, text, limit, marks, include_retired)
            if user is not None and len(hits) < limit:  # `user`'s own answers, after the shared bank's hits
                seen = {h.question_id for h in hits}
                own = [i for i in queries.own_answer_matches(conn, user, text, limit) if i not in seen]
                hits += [fts.Hit(i, 0.0, "(your answer)") for i in own[: limit - len(hits)]]
            found = queries.questions_by_id(conn, [h.question_id for h in hits], user)
        return [(found[h.question_id], h) for h in hits if h.question_id in found]

    def sources(self, include_removed: bool = True) -> list[SourceInfo]:
        with self.read() as conn:
            return queries.list_sources(conn, include_removed)

    def dupe_groups(self) -> list[DupeGroup]:
        with self.read() as conn:
            return dupes.list_groups(conn)

    def notes(self, topic: str | None = None) -> list[StoredNote]:
        with self.read() as conn:
            return queries.list_notes(conn, topic)

    def company_topics(self) -> dict[str, list[str]]:
        with self.read() as conn:
            return queries.list_company_topics(conn)

    def facets(self) -> dict[str, list[str]]:
        """The topics and companies the active questions name (sorted)."""
        with self.read() as conn:
            return queries.facets(conn)

    def stats(self) -> dict[str, int]:
        with self.read() as conn:
            return queries.stats(conn)
