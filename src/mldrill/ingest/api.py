"""Entry points of the importer: expand paths, read one source into records."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from mldrill.errors import ImportFormatError
from mldrill.ingest import dump, text
from mldrill.ingest.deck import deck_front_matter, parse_deck
from mldrill.ingest.extract import Extracted, extract
from mldrill.models import ParsedSource

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_FOLDER_FILES = 50_000
SUFFIXES = {".md", ".markdown", ".txt", ".mdx"}


def collect_files(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """Expand paths: files as given, folders recursively (markdown and text files), "-" for stdin.

    Inside a folder, hidden files and folders (".git", ".venv") are skipped and files come in sorted order.
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
            found = _folder_files(raw)
            if not found:
                problems.append(f"{raw}: folder has no markdown or text files (*.md, *.markdown, *.txt)")
            files.extend(found[:MAX_FOLDER_FILES])
            if len(found) > MAX_FOLDER_FILES:
                problems.append(f"{raw}: only the first {MAX_FOLDER_FILES} of {len(found)} files were read")
        elif p.is_file():
            files.append(str(p))
        elif p.exists():
            problems.append(f"{raw}: not a regular file")
        else:
            problems.append(f"{raw}: no such file or folder")
    return files, problems


def _folder_files(root: str) -> list[str]:
    """Markdown and text files under root, sorted by path; hidden folders are not entered."""
    found: list[str] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in SUFFIXES:
                path = os.path.join(folder, name)
                if os.path.isfile(path):
                    found.append(path)
    found.sort(key=lambda f: Path(f).parts)
    return found


def read_source(path: str, data: bytes | None = None) -> ParsedSource:
    """Parse one source. `data` is its raw bytes (read from `path` when None).

    Raises ImportFormatError (naming the file) for empty, binary or oversized input.
    """
    if data is None:
        try:
            size = Path(path).stat().st_size
            if size > MAX_FILE_BYTES:
                raise ImportFormatError(path, _too_big(size))
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ImportFormatError(path, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise ImportFormatError(path, _too_big(len(data)))
    if not data.strip():
        raise ImportFormatError(path, "the file is empty; nothing imported")
    content, warnings = text.decode(data, path)
    parsed = ParsedSource(
        path=path, format="markdown", content_hash=hashlib.sha256(data).hexdigest(), size_bytes=len(data)
    )
    parsed.warnings.extend(warnings)
    if "<script" in content.lower():
        parsed.warnings.append(f"{path}: contains <script> tags; raw HTML is kept as text and never run")
    if dump.is_repo_dump(content):
        parsed.format = "repo-dump"
        for inner in dump.unpack(content):
            _merge(parsed, _parse_text(inner.text, path, inner.path), inner.path)
        return parsed
    result = _parse_text(content, path, None)
    parsed.format = result.shape
    _merge(parsed, result, None)
    return parsed


def _parse_text(content: str, path: str, inner: str | None) -> Extracted:
    if deck_front_matter(content) is not None:
        return parse_deck(content, path, inner)
    return extract(content, inner)


def _merge(parsed: ParsedSource, result: Extracted, inner: str | None) -> None:
    parsed.questions.extend(result.questions)
    parsed.notes.extend(result.notes)
    for company, topics in result.company_topics.items():
        parsed.company_topics.setdefault(company, []).extend(topics)
    parsed.warnings.extend(result.warnings)


def _too_big(size: int) -> str:
    return (
        f"the file is {size / 2**20:.0f} MiB, over the {MAX_FILE_BYTES // 2**20} MiB limit for one source; "
        "split it into smaller files"
    )
