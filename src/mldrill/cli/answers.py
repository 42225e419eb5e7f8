"""Reading a typed answer from a file or standard input, shared by `grade`, `marked add` and others (a leaf
module: it imports no other command)."""

from __future__ import annotations

import sys
from pathlib import Path

from mldrill.cli.common import info
from mldrill.errors import UsageError


def read_answer(answer_file: Path | None) -> str:
    if answer_file is not None:
        try:
            return answer_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot read --answer-file {answer_file}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise UsageError(f"--answer-file {answer_file} is not UTF-8 text") from exc
    if sys.stdin is None:
        return ""
    if sys.stdin.isatty():
        info("Type your answer, then press Ctrl-D on an empty line:")
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    if b"\x00" in data[:8192]:
        raise UsageError("standard input is binary data, not a typed answer")
    return data.decode("utf-8", errors="replace")


def warn_if_cut(text: str) -> None:
    from mldrill.app.marks import too_long
    from mldrill.store.marked import MAX_TEXT

    if too_long(text):
        info(
            f"The answer is longer than {MAX_TEXT:,} characters; only its first {MAX_TEXT:,} are kept as marked."
        )
