"""The exceptions mldrill raises.

MldrillError                 root: every error a user can cause; the CLI prints its message in one line
├── ImportFormatError        a source file cannot be read or parsed (names the file, and the line if known)
├── NotFound                 an id, source or file that does not exist
├── StoreError               the store cannot be opened or migrated (names the path or URL)
├── MissingExtra             an optional dependency is not installed (names the pip extra)
└── UsageError               a bad flag or argument value
"""

from __future__ import annotations


class MldrillError(Exception):
    """Root of every error a user can cause. The message says what to do next."""


class ImportFormatError(MldrillError):
    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class NotFound(MldrillError):
    pass


class StoreError(MldrillError):
    pass


class MissingExtra(MldrillError):
    def __init__(self, package: str, extra: str, purpose: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(f"{purpose} needs the optional package {package!r}: pip install 'mldrill[{extra}]'")


class UsageError(MldrillError):
    pass


class UndoRefused(MldrillError):
    """A review cannot be undone (a later review of the card exists, or the card changed since)."""
