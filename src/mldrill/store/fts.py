"""Full-text search, one branch per backend (the only module with search SQL of its own).

SQLite: FTS5 (MATCH, bm25, snippet). The index (`questions_fts`, external content over `questions`) is created
by the first migration and kept in sync by triggers, so every write path updates it in the same transaction.
PostgreSQL: a weighted tsvector computed from the row (`PG_DOCUMENT`, GIN-indexed by migration 0006, so it is
never out of sync), ts_rank for the order and ts_headline for the snippet.
Other databases get a plain LIKE search.

On both, user input never reaches query syntax: it is cut into words, and each word is quoted (FTS5) or joined
with `&` / `|` (tsquery), so `"foo`, `AND(` or `col:x` are plain text. All words are required first; when no
question has them all, questions with any of them are ranked. Ties keep the order of question ids.
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
    if conn.dialect.name == "sqlite":
        backend = _search_fts
    elif conn.dialect.name == "postgresql":
        backend = _search_postgres
    else:
        return _search_like(conn, text, limit, include_retired)
    hits = backend(conn, text, False, limit, marks, include_retired)
    if not hits and len(_WORD.findall(text)) > 1:  # no question has every word: rank those having any
        hits = backend(conn, text, True, limit, marks, include_retired)
    return hits


def _search_fts(
    conn: sa.Connection, text: str, any_term: bool, limit: int, marks: tuple[str, str], include_retired: bool
) -> list[Hit]:
    expression = match_expression(text, any_term)
    if expression is None:
        return []
    weights = ", ".join(str(w) for w in _WEIGHTS)
    retired = "" if include_retired else "AND q.retired_at IS NULL"
    sql = sa.text(
        f"SELECT q.id AS id, bm25(questions_fts, {weights}) AS rank, "
        "snippet(questions_fts, -1, :open, :close, '…', 16) AS snippet "
        "FROM questions_fts JOIN questions AS q ON q.id = questions_fts.rowid "
        f"WHERE questions_fts MATCH :expression {retired} "
        "ORDER BY rank, q.id LIMIT :limit"
    )
    rows = conn.execute(
        sql, {"expression": expression, "open": marks[0], "close": marks[1], "limit": limit}
    ).all()
    return [Hit(r.id, -float(r.rank), r.snippet) for r in rows]


# The document of a question, as migration 0006 indexes it (keep the two identical: see its docstring).
PG_DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(prompt, '')), 'A') || "
    "setweight(to_tsvector('english', regexp_replace(coalesce(topic, '') || ' ' || coalesce(tags::text, ''), "
    "'[\\W_]+', ' ', 'g')), 'B') || "
    "setweight(to_tsvector('english', coalesce(answer, '') || ' ' || coalesce(own_answer, '')), 'C') || "
    "setweight(to_tsvector('english', coalesce(insight, '') || ' ' || "
    "regexp_replace(coalesce(companies::text, ''), '[\\W_]+', ' ', 'g')), 'D')"
)
# ts_rank's weights of classes D, C, B, A: _WEIGHTS scaled so that a prompt match counts 1.
_PG_WEIGHTS = "{0.2,0.3,0.4,1.0}"
_PG_SNIPPET_TEXT = "concat_ws(' ', q.prompt, q.answer, q.own_answer, q.insight, q.topic)"
# ts_headline marks matches with these (never in stored text); they become the caller's marks afterwards,
# so no mark string ever has to be quoted into ts_headline's option syntax.
_OPEN, _CLOSE = "\x02", "\x03"


def _search_postgres(
    conn: sa.Connection, text: str, any_term: bool, limit: int, marks: tuple[str, str], include_retired: bool
) -> list[Hit]:
    words = _WORD.findall(text)[:MAX_TERMS]
    if not words:
        return []
    terms = (" | " if any_term else " & ").join(words)  # words are letters and digits: no tsquery syntax
    retired = "" if include_retired else "AND q.retired_at IS NULL"
    sql = sa.text(
        "WITH query AS (SELECT to_tsquery('english', :terms) AS tsq), "
        "hits AS ("
        f"  SELECT q.id AS id, ts_rank('{_PG_WEIGHTS}', {PG_DOCUMENT}, query.tsq) AS rank "
        f"  FROM questions AS q, query WHERE ({PG_DOCUMENT}) @@ query.tsq {retired} "
        "  ORDER BY rank DESC, q.id LIMIT :limit) "
        f"SELECT hits.id, hits.rank, ts_headline('english', {_PG_SNIPPET_TEXT}, query.tsq, :options) AS snippet "
        "FROM hits JOIN questions AS q ON q.id = hits.id, query ORDER BY hits.rank DESC, hits.id"
    )
    options = f"StartSel={_OPEN}, StopSel={_CLOSE}, MaxWords=16, MinWords=8, MaxFragments=1"
    rows = conn.execute(sql, {"terms": terms, "limit": limit, "options": options}).all()
    return [
        Hit(r.id, float(r.rank), r.snippet.replace(_OPEN, marks[0]).replace(_CLOSE, marks[1])) for r in rows
    ]


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
    """Rebuild the index from the questions table (repair after a manual edit of the database).

    Only SQLite's index can drift: PostgreSQL's is an index on an expression of the row itself.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("INSERT INTO questions_fts(questions_fts) VALUES ('rebuild')")
