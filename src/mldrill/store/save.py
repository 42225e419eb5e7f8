"""Writing a parsed source into the store. Every function here runs inside the caller's transaction.

Re-import rules: questions are matched to the stored ones (see `matching`) and updated in place, keeping their
ids; questions gone from the source are retired (never deleted); a retired question that reappears comes back.
Notes and company topics of the source are replaced. Duplicate groups are recomputed when anything changed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mldrill.errors import NotFound
from mldrill.models import ParsedSource, QuestionRecord
from mldrill.store import dupes
from mldrill.store.matching import Incoming, Stored, match_questions
from mldrill.store.schema import company_topics, notes, questions, sources
from mldrill.store.user_tables import own_answers

# Fields whose change counts as an edit of the question; provenance (line, position) is updated silently.
CONTENT_FIELDS = (
    "prompt",
    "answer",
    "answer_origin",
    "difficulty",
    "topic",
    "tags",
    "companies",
    "time_minutes",
    "rubric",
    "insight",
    "resources",
    "key",
)
PROVENANCE_FIELDS = ("inner_file", "line", "prompt_line", "position", "prompt_norm")


@dataclass
class SaveResult:
    """What saving one source did."""

    path: str
    source_id: int
    status: str  # added | updated | unchanged
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


def question_values(record: QuestionRecord, position: int) -> dict[str, Any]:
    """The stored columns of one record (without ids and timestamps)."""
    from mldrill.ingest.dedupe import normalise_prompt  # here, so that read-only commands skip the importer

    answer = record.answer if record.answered else None
    return {
        "prompt": record.prompt,
        "prompt_norm": normalise_prompt(record.prompt),
        "answer": answer,
        "answer_origin": record.origin,
        "difficulty": record.difficulty,
        "topic": record.topic,
        "tags": list(record.tags),
        "companies": list(record.companies),
        "time_minutes": record.time_minutes,
        "rubric": list(record.rubric),
        "insight": record.insight,
        "resources": [asdict(r) for r in record.resources],
        "key": record.key,
        "inner_file": record.inner_file,
        "line": record.line,
        "prompt_line": record.prompt_line,
        "position": position,
    }


def save_source(conn: sa.Connection, parsed: ParsedSource, now: datetime) -> SaveResult:
    row = conn.execute(sa.select(sources).where(sources.c.path == parsed.path)).mappings().first()
    if row is None:
        inserted = conn.execute(
            sa.insert(sources).values(_source_values(parsed, now)).returning(sources.c.id)
        )
        source_id = inserted.scalar_one()
        result = SaveResult(parsed.path, source_id, "added")
        source_changed = True
    else:
        source_id = row["id"]
        result = SaveResult(parsed.path, source_id, "updated")
        source_changed = (
            row["content_hash"] != parsed.content_hash
            or row["removed_at"] is not None
            or row["format"] != parsed.format
            or row["warnings"] != parsed.warnings
        )

    questions_changed = _save_questions(conn, source_id, parsed.questions, now, result)
    notes_changed = _replace_notes(conn, source_id, parsed)
    if source_changed and row is not None:
        conn.execute(sa.update(sources).where(sources.c.id == source_id).values(_source_values(parsed, now)))
    if questions_changed:
        dupes.regroup(conn)
    if row is not None and not (source_changed or questions_changed or notes_changed):
        result.status = "unchanged"
    return result


def _source_values(parsed: ParsedSource, now: datetime) -> dict[str, Any]:
    return {
        "path": parsed.path,
        "format": parsed.format,
        "content_hash": parsed.content_hash,
        "size_bytes": parsed.size_bytes,
        "warnings": list(parsed.warnings),
        "imported_at": now,
        "removed_at": None,
    }


def _save_questions(
    conn: sa.Connection, source_id: int, records: list[QuestionRecord], now: datetime, result: SaveResult
) -> bool:
    """Insert, update, restore and retire the source's questions; return whether any row changed."""
    query = sa.select(questions).where(questions.c.source_id == source_id).order_by(questions.c.id)
    old_rows = {r["id"]: r for r in conn.execute(query).mappings()}
    new_values = [question_values(record, i) for i, record in enumerate(records)]
    mapping = match_questions(
        [
            Stored(
                r["id"],
                r["key"],
                r["prompt_norm"],
                r["inner_file"],
                r["position"],
                r["answer"],
                r["retired_at"] is not None,
            )
            for r in old_rows.values()
        ],
        [Incoming(v["key"], v["prompt_norm"], v["inner_file"], v["answer"]) for v in new_values],
    )
    inserts: list[dict[str, Any]] = []
    edits: list[dict[str, Any]] = []
    moves: list[dict[str, Any]] = []
    for i, values in enumerate(new_values):
        qid = mapping.get(i)
        if qid is None:
            inserts.append({"source_id": source_id, "created_at": now, "updated_at": now, **values})
            continue
        old = old_rows[qid]
        if any(old[f] != values[f] for f in CONTENT_FIELDS) or old["retired_at"] is not None:
            edits.append({"_id": qid, "updated_at": now, "retired_at": None, **values})
        elif any(old[f] != values[f] for f in PROVENANCE_FIELDS):
            moves.append({"_id": qid, **values})
    # Batched: one statement per kind of change, however many questions the source has.
    if inserts:
        conn.execute(sa.insert(questions), inserts)
    for batch in (edits, moves):
        if batch:
            columns: dict[str, Any] = {k: sa.bindparam(f"new_{k}") for k in batch[0] if k != "_id"}
            statement = sa.update(questions).where(questions.c.id == sa.bindparam("_id")).values(columns)
            conn.execute(
                statement, [{f"new_{k}" if k != "_id" else k: v for k, v in row.items()} for row in batch]
            )
    result.added, result.updated = len(inserts), len(edits)
    result.unchanged = len(mapping) - len(edits)
    changed = bool(inserts or edits or moves)

    matched = set(mapping.values())
    gone = [qid for qid, r in old_rows.items() if qid not in matched and r["retired_at"] is None]
    if gone:
        conn.execute(sa.update(questions).where(questions.c.id.in_(gone)).values(retired_at=now))
        result.retired = len(gone)
        changed = True
    return changed


def _replace_notes(conn: sa.Connection, source_id: int, parsed: ParsedSource) -> bool:
    """Replace the source's notes and company topics when they differ; return whether they did."""
    new_notes = [
        {
            "position": i,
            "title": n.title,
            "body": n.body,
            "topic": n.topic,
            "kind": n.kind,
            "line": n.line,
            "inner_file": n.inner_file,
        }
        for i, n in enumerate(parsed.notes)
    ]
    new_topics = sorted({(company, topic) for company, ts in parsed.company_topics.items() for topic in ts})
    cols = [notes.c[k] for k in ("position", "title", "body", "topic", "kind", "line", "inner_file")]
    old_notes = [
        dict(r) for r in conn.execute(sa.select(*cols).where(notes.c.source_id == source_id)).mappings()
    ]
    old_topics = sorted(
        (r.company, r.topic)
        for r in conn.execute(
            sa.select(company_topics.c.company, company_topics.c.topic).where(
                company_topics.c.source_id == source_id
            )
        )
    )
    if sorted(old_notes, key=lambda n: n["position"]) == new_notes and old_topics == new_topics:
        return False
    conn.execute(sa.delete(notes).where(notes.c.source_id == source_id))
    conn.execute(sa.delete(company_topics).where(company_topics.c.source_id == source_id))
    if new_notes:
        conn.execute(sa.insert(notes), [{"source_id": source_id, **n} for n in new_notes])
    if new_topics:
        conn.execute(
            sa.insert(company_topics),
            [{"source_id": source_id, "company": c, "topic": t} for c, t in new_topics],
        )
    return True


def remove_source(conn: sa.Connection, source_id: int, now: datetime) -> int:
    """Mark a source removed and retire its questions (history kept); return how many were retired."""
    retired = conn.execute(
        sa.update(questions)
        .where(questions.c.source_id == source_id, questions.c.retired_at.is_(None))
        .values(retired_at=now)
    ).rowcount
    conn.execute(sa.update(sources).where(sources.c.id == source_id).values(removed_at=now))
    if retired:
        dupes.regroup(conn)
    return int(retired or 0)


def set_own_answer(conn: sa.Connection, user: str, question_id: int, text: str | None, now: datetime) -> None:
    """Store (or clear, with None) `user`'s own answer to a question; the source's answer is kept."""
    value = text if text and text.strip() else None
    exists = conn.execute(sa.select(questions.c.id).where(questions.c.id == question_id)).first()
    if exists is None:
        raise NotFound(f"no question with id {question_id}; see `mldrill list`")
    key = (own_answers.c.user_id == user) & (own_answers.c.question_id == question_id)
    conn.execute(own_answers.delete().where(key))
    if value is not None:
        conn.execute(
            own_answers.insert().values(user_id=user, question_id=question_id, text=value, updated_at=now)
        )
