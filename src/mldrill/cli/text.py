"""Small text formatting shared by commands (a leaf module: it imports no command)."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mldrill.models import Question


def one_line(text: str, width: int = 90) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def where_of(question: Question) -> str:
    """file:line, naming the inner file (repository dump, deck file) when there is one."""
    return where(question.source_path, question.record.inner_file, question.record.line)


def where(source_path: str | None, inner_file: str | None, line: int) -> str:
    path = inner_file or source_path
    return f"{PurePath(path).name}:{line}" if path else ""
