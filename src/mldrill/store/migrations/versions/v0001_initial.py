"""Initial schema: sources, questions, notes, company topics, duplicate groups, meta; SQLite full-text index.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_FTS_COLUMNS = ("prompt", "answer", "own_answer", "insight", "topic", "tags", "companies")


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.Text, nullable=False, unique=True),
        sa.Column("format", sa.String(50), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "questions",
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
    op.create_table(
        "notes",
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
    op.create_table(
        "company_topics",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False, index=True),
        sa.Column("company", sa.Text, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
    )
    op.create_table(
        "dupe_groups",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("canonical_id", sa.Integer, sa.ForeignKey("questions.id"), nullable=False, unique=True),
    )
    op.create_table(
        "dupe_members",
        sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id"), primary_key=True),
        sa.Column(
            "group_id",
            sa.Integer,
            sa.ForeignKey("dupe_groups.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
    )
    if op.get_bind().dialect.name == "sqlite":
        _create_sqlite_fts()


def _create_sqlite_fts() -> None:
    """An external-content FTS5 index over `questions`, kept in sync by triggers."""
    cols = ", ".join(_FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in _FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in _FTS_COLUMNS)
    op.execute(
        f"CREATE VIRTUAL TABLE questions_fts USING fts5({cols}, content='questions', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    op.execute(
        f"CREATE TRIGGER questions_fts_insert AFTER INSERT ON questions BEGIN "
        f"INSERT INTO questions_fts(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER questions_fts_delete AFTER DELETE ON questions BEGIN "
        f"INSERT INTO questions_fts(questions_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER questions_fts_update AFTER UPDATE OF {cols} ON questions BEGIN "
        f"INSERT INTO questions_fts(questions_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO questions_fts(rowid, {cols}) VALUES (new.id, {new}); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("questions_fts_insert", "questions_fts_delete", "questions_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS questions_fts")
    for table in ("dupe_members", "dupe_groups", "company_topics", "notes", "questions", "sources", "meta"):
        op.drop_table(table)
