"""Full-text search. The only module with SQLite-specific SQL (FTS5 MATCH, bm25, snippet).

The index (`questions_fts`, external content over `questions`) is created by the first migration and kept in
sync by triggers, so every write path updates it in the same transaction. User input never reaches FTS5 syntax:
it is cut into words and each word is quoted, so `"foo`, `AND(` or `col:x` are plain text.
Other databases get a plain LIKE search until they have their own index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from mldrill.store.schema import questions

# Column weights for bm25, in the index's column order:
# prompt, answer, own_answer, insight, topic, tags, companies.
_WEIGHTS = (10.0, 3.0, 3.0, 2.0, 4.0, 4.0, 2.0)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_TERMS = 32


@dataclass(frozen=True)
class Hit:
    question_id: int
    score: float  # higher is better
    snippet: str


def match_expression(text: str, any_term: bool = False) -> str | None:
    """An FTS5 query for user text: every word quoted; all words required unless `any_term`."""
    words = _WORD.findall(text)[:MAX_TERMS]
    if not words:
        return None
    return (" OR " if any_term else " ").join(f'"{w}"' for w in words)


def search(
    conn: sa.Connection,
    text: str,
    limit: int = 20,
    marks: tuple[str, str] = ("[", "]"),
    include_retired: bool = False,
) -> list[Hit]:
    """Questions matching `text`, best first, each with a snippet whose matched words are wrapped in `marks`."""
    if conn.dialect.name != "sqlite":
        return _search_like(conn, text, limit, include_retired)
    hits = _search_fts(conn, match_expression(text), limit, marks, include_retired)
    if not hits and len(_WORD.findall(text)) > 1:  # no question has every word: rank those having any
        hits = _search_fts(conn, match_expression(text, any_term=True), limit, marks, include_retired)
    return hits


def _search_fts(
    conn: sa.Connection, expression: str | None, limit: int, marks: tuple[str, str], include_retired: bool
) -> list[Hit]:
    if expression is None:
        return []
    weights = ", ".join(str(w) for w in _WEIGHTS)
    retired = "" if include_retired else "AND q.retired_at IS NULL"
    sql = sa.text(
        f"SELECT q.id AS id, bm25(questions_fts, {weights}) AS rank, "
        "snippet(questions_fts, -1, :open, :close, '…', 16) AS snippet "
        "FROM questions_fts JOIN questions AS q ON q.id = questions_fts.rowid "
        f"WHERE questions_fts MATCH :expression {retired} "
        "ORDER BY rank LIMIT :limit"
    )
    rows = conn.execute(
        sql, {"expression": expression, "open": marks[0], "close": marks[1], "limit": limit}
    ).all()
    return [Hit(r.id, -float(r.rank), r.snippet) for r in rows]


def _search_like(conn: sa.Connection, text: str, limit: int, include_retired: bool) -> list[Hit]:
    words = _WORD.findall(text)[:MAX_TERMS]
    if not words:
        return []
    conditions = [
        sa.or_(
            questions.c.prompt.icontains(w, autoescape=True), questions.c.answer.icontains(w, autoescape=True)
        )
        for w in words
    ]
    query = sa.select(questions.c.id, questions.c.prompt).where(*conditions)
    if not include_retired:
        query = query.where(questions.c.retired_at.is_(None))
    rows = conn.execute(query.order_by(questions.c.id).limit(limit)).all()
    return [Hit(r.id, 0.0, r.prompt[:120]) for r in rows]


def rebuild(conn: sa.Connection) -> None:
    """Rebuild the index from the questions table (repair after a manual edit of the database)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("INSERT INTO questions_fts(questions_fts) VALUES ('rebuild')")
