"""Bytes to clean text: refuse binary, decode, repair mis-decoded UTF-8 (mojibake)."""

from __future__ import annotations

import re

from mldrill.errors import ImportFormatError

# A run of non-ASCII characters: mojibake of one multi-byte UTF-8 character is always such a run.
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes or many control characters in the first 8 KiB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(head) > 0.05


def decode(data: bytes, path: str) -> tuple[str, list[str]]:
    """Decode bytes to text. Returns (text, warnings). Raises ImportFormatError for binary data."""
    warnings: list[str] = []
    if looks_binary(data):
        raise ImportFormatError(path, "this is a binary file, not markdown or text; nothing imported")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        warnings.append(
            f"{path}: not valid UTF-8 (byte {exc.start}); read as Windows-1252 — check accented characters"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    fixed, n = repair_mojibake(text)
    if n:
        warnings.append(f"{path}: repaired {n} mis-decoded characters (mojibake)")
    return fixed, warnings


def _reverse_run(run: str) -> str | None:
    """Undo one run of mojibake: UTF-8 bytes that were decoded as Windows-1252 or Mac Roman."""
    for enc in ("cp1252", "mac_roman"):
        try:
            raw = run.encode(enc)
            fixed = raw.decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != run:
            return fixed
    return None


def repair_mojibake(text: str) -> tuple[str, int]:
    """Repair mojibake line by line with ftfy, then undo Mac Roman runs ftfy does not know.

    Returns (text, number of characters changed). Clean text is returned unchanged.
    """
    if text.isascii():
        return text, 0
    import ftfy

    changed = 0
    out: list[str] = []
    config = ftfy.TextFixerConfig(
        unescape_html=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        normalization=None,
        explain=False,
    )
    for line in text.split("\n"):
        if line.isascii():
            out.append(line)
            continue
        fixed = ftfy.fix_text(line, config)
        fixed = _NON_ASCII_RUN.sub(lambda m: _reverse_run(m.group(0)) or m.group(0), fixed)
        if fixed != line:
            changed += sum(1 for _ in _NON_ASCII_RUN.finditer(line))
        out.append(fixed)
    return "\n".join(out), changed
