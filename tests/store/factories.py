"""Hand-built sources and a fixed clock for store tests (the importer is not needed to test the store)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from mldrill.models import NoteRecord, ParsedSource, QuestionRecord

NOW = datetime(2025, 1, 15, 9, 30, tzinfo=UTC)
LATER = datetime(2025, 2, 1, 12, 0, tzinfo=UTC)
LATEST = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def q(prompt: str, answer: str | None = "An answer.", **fields: Any) -> QuestionRecord:
    return QuestionRecord(prompt=prompt, answer=answer, **fields)


def source(
    path: str,
    questions: list[QuestionRecord],
    notes: list[NoteRecord] | None = None,
    company_topics: dict[str, list[str]] | None = None,
    fmt: str = "deck",
) -> ParsedSource:
    """A ParsedSource whose hash is derived from its content, as the importer's would be."""
    digest = hashlib.sha256(repr((questions, notes, company_topics)).encode()).hexdigest()
    return ParsedSource(
        path=path,
        format=fmt,
        content_hash=digest,
        questions=questions,
        notes=notes or [],
        company_topics=company_topics or {},
    )
