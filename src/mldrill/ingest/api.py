"""Entry points of the importer (placeholder until the parsers land)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from mldrill.errors import ImportFormatError
from mldrill.models import ParsedSource

MAX_FILE_BYTES = 64 * 1024 * 1024


def collect_files(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """Expand paths: files as given, folders recursively (*.md, *.markdown, *.txt), "-" for stdin.

    Returns (inputs, problems); a problem is a one-line message naming the bad path.
    """
    files: list[str] = []
    problems: list[str] = []
    for raw in paths:
        if raw == "-":
            files.append("-")
            continue
        p = Path(raw)
        if p.is_dir():
            files.extend(
                str(f)
                for f in sorted(p.rglob("*"))
                if f.is_file() and f.suffix.lower() in {".md", ".markdown", ".txt"}
            )
        elif p.is_file():
            files.append(str(p))
        else:
            problems.append(f"{raw}: no such file or folder")
    return files, problems


def read_source(path: str, data: bytes | None = None) -> ParsedSource:
    """Parse one source. `data` is its raw bytes (read from `path` when None)."""
    if data is None:
        data = Path(path).read_bytes()
    if not data.strip():
        raise ImportFormatError(path, "the file is empty")
    return ParsedSource(path=path, format="unknown", content_hash=hashlib.sha256(data).hexdigest())
