"""Reading keys and typed lines from a terminal (cbreak mode) or from a pipe, for the study screen."""

from __future__ import annotations

import contextlib
import os
import select
import sys
from collections.abc import Collection, Iterator
from typing import Any, BinaryIO


class KeyReader:
    """Single keys from a terminal in cbreak mode, or from a pipe; multi-line text and editor hand-over."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        try:
            self.fd: int | None = stream.fileno()
        except (OSError, ValueError):  # an in-memory stream (tests through CliRunner)
            self.fd = None
        self.is_tty = self.fd is not None and os.isatty(self.fd)
        self._saved: list[Any] | None = None

    @classmethod
    @contextlib.contextmanager
    def open(cls) -> Iterator[KeyReader]:
        reader = cls(sys.stdin.buffer)
        reader._cbreak()
        try:
            yield reader
        finally:
            reader._restore()

    def _cbreak(self) -> None:
        if not self.is_tty or self.fd is None:
            return
        import termios
        import tty

        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)

    def _restore(self) -> None:
        if self._saved is not None and self.fd is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
            self._saved = None

    @contextlib.contextmanager
    def cooked(self) -> Iterator[None]:
        """Normal line mode for a while (typing an answer, running the editor)."""
        was_raw = self._saved is not None
        self._restore()
        try:
            yield
        finally:
            if was_raw:
                self._cbreak()

    def _byte(self) -> bytes:
        try:
            return os.read(self.fd, 1) if self.fd is not None else self.stream.read(1)
        except OSError:
            return b""

    def key(self) -> str:
        """One key press ('' at end of input). Escape sequences (arrows, function keys) come back as 'esc'."""
        first = self._byte()
        if first == b"\x1b":
            while self.fd is not None and self.is_tty and select.select([self.fd], [], [], 0.02)[0]:
                os.read(self.fd, 16)
            return "esc"
        data = first
        while data and data[0] >= 0xC0 and len(data) < 4:  # the rest of a UTF-8 character
            try:
                return data.decode()
            except UnicodeDecodeError:
                data += self._byte()
        return data.decode(errors="replace")

    def line(self) -> str | None:
        """One line of text (None at end of input)."""
        data = b""
        while True:
            b = self._byte()
            if not b:
                return data.decode(errors="replace") if data else None
            if b == b"\n":
                return data.decode(errors="replace").rstrip("\r")
            data += b

    def text(self, commands: Collection[str] = ()) -> str | None:
        """Lines up to the first empty one (a first line that is one of `commands` comes back alone, at once);
        None when input ended (Ctrl-D) before anything was typed."""
        lines: list[str] = []
        with self.cooked():
            while (line := self.line()) is not None and line.strip():
                lines.append(line)
                if len(lines) == 1 and line.strip() in commands:
                    break
        if line is None and not lines:
            return None
        return "\n".join(lines)
