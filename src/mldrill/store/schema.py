"""The tables, as SQLAlchemy Core objects used by the queries.

The schema itself is created and changed only by the Alembic migrations in `migrations/versions/`; this module
mirrors their result, and a test checks the two agree. The full-text index is SQLite-specific and lives in
`fts.py`.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("path", sa.Text, nullable=False, unique=True),
    sa.Column("format", sa.String(50), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("size_bytes", sa.Integer, nullable=False),
    sa.Column("warnings", sa.JSON, nullable=False),
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("removed_at", sa.DateTime(timezone=True)),
)

questions = sa.Table(
    "questions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), index=True),
    sa.Column("inner_file", sa.Text),
    sa.Column("line", sa.Integer, nullable=False),
    sa.Column("prompt_line", sa.Integer),
    sa.Column("key", sa.String(200), index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("prompt", sa.Text, nullable=False),
    sa.Column("prompt_norm", sa.Text, nullable=False),
    sa.Column("answer", sa.Text),
    sa.Column("answer_origin", sa.String(20), nullable=False),
    sa.Column("own_answer", sa.Text),
    sa.Column("difficulty", sa.String(10)),
    sa.Column("topic", sa.Text, index=True),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("companies", sa.JSON, nullable=False),
    sa.Column("time_minutes", sa.Float),
    sa.Column("rubric", sa.JSON, nullable=False),
    sa.Column("insight", sa.Text),
    sa.Column("resources", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("retired_at", sa.DateTime(timezone=True)),
)

notes = sa.Table(
    "notes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("topic", sa.Text),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("line", sa.Integer, nullable=False),
    sa.Column("inner_file", sa.Text),
)

company_topics = sa.Table(
    "company_topics",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False, index=True),
    sa.Column("company", sa.Text, nullable=False),
    sa.Column("topic", sa.Text, nullable=False),
)

# One row per group: its id is the canonical question's id, so a group keeps its id while its canonical does.
dupe_groups = sa.Table(
    "dupe_groups",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("canonical_id", sa.Integer, sa.ForeignKey("questions.id"), nullable=False, unique=True),
)

dupe_members = sa.Table(
    "dupe_members",
    metadata,
    sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id"), primary_key=True),
    sa.Column(
        "group_id",
        sa.Integer,
        sa.ForeignKey("dupe_groups.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
)
