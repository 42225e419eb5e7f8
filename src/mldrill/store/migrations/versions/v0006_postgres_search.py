"""PostgreSQL full-text search: a GIN index over the weighted text of each question (nothing on SQLite).

Revision ID: 0006
Revises: 0005

SQLite has had its FTS5 index (`questions_fts`) since 0001. On PostgreSQL the searchable document is an
expression over `questions` (no extra column, so both backends keep one schema), and this index makes it fast.
`mldrill.store.fts.PG_DOCUMENT` is the same expression: the planner uses the index only if they agree, and a
test checks that it does.

Weights (ts_rank's A-D): A prompt; B topic and tags; C answer and own answer; D insight and companies.
Topic, tags and companies (JSON lists) are cut at every non-word character, as SQLite's tokenizer does.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(prompt, '')), 'A') || "
    "setweight(to_tsvector('english', regexp_replace(coalesce(topic, '') || ' ' || coalesce(tags::text, ''), "
    "'[\\W_]+', ' ', 'g')), 'B') || "
    "setweight(to_tsvector('english', coalesce(answer, '') || ' ' || coalesce(own_answer, '')), 'C') || "
    "setweight(to_tsvector('english', coalesce(insight, '') || ' ' || "
    "regexp_replace(coalesce(companies::text, ''), '[\\W_]+', ' ', 'g')), 'D')"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_questions_search ON questions USING gin (({DOCUMENT}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_questions_search")
