"""Read question banks: detect format -> parse -> normalise. Yields records; never touches the store.

Public API:
    collect_files(paths) -> (files, problems)   expand files/folders ("-" = stdin) into a list of inputs
    read_source(path, data=None) -> ParsedSource  parse one file's bytes (raises ImportFormatError)
"""

from __future__ import annotations

from mldrill.ingest.api import MAX_FILE_BYTES, collect_files, read_source

__all__ = ["MAX_FILE_BYTES", "collect_files", "read_source"]
