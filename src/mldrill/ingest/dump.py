"""Unpack a repository flattened into one text ("/path/file.md: ---- 1 | ... 2 | ...") into its files.

Such dumps start with a file tree, then each file as its path, a rule of dashes, and numbered lines. Some dumps
keep one line per numbered line; others have every newline collapsed into a space. Both are read by walking the
line numbers in order: line N+1 starts at the first " N+1 |" after line N.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADER = re.compile(r"(?:^|\s)(/[^\s:|]+\.(?:md|markdown|txt|rst|py|ipynb)):\s*\n?-{8,}[ \t]*\n?")


@dataclass
class InnerFile:
    path: str
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def is_repo_dump(text: str) -> bool:
    head = text[:200_000]
    return len(_HEADER.findall(head)) >= 1 and re.search(r"-{8,}\s*\n?\s*1 \|", head) is not None


def _split_numbered(body: str) -> list[str]:
    m = re.match(r"\s*1 \|", body)
    if not m:
        return body.split("\n")
    pos = m.end()
    lines: list[str] = []
    cur = 1
    while True:
        nxt = _find_marker(body, cur + 1, pos)
        seg = body[pos:nxt] if nxt >= 0 else body[pos:]
        if seg.endswith("\n"):
            seg = seg[:-1]
        lines.append(seg[1:] if seg.startswith(" ") else seg)
        if nxt < 0:
            break
        pos = nxt + len(f" {cur + 1} |")
        cur += 1
    return lines


def _find_marker(body: str, n: int, pos: int) -> int:
    """Index of the separator before line number n (" n |" or "\\nn |"), followed by space/newline/end."""
    token = f"{n} |"
    i = body.find(token, pos)
    while i >= 0:
        before_ok = i > pos and body[i - 1] in " \n"
        end = i + len(token)
        after_ok = end == len(body) or body[end] in " \n"
        if before_ok and after_ok:
            return i - 1
        i = body.find(token, i + 1)
    return -1


def unpack(text: str) -> list[InnerFile]:
    """Split a flattened repository dump into its inner files with their own line numbers."""
    matches = list(_HEADER.finditer(text))
    files: list[InnerFile] = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        body = text[m.end() : end]
        lines = _split_numbered(body)
        if lines:
            # the rule of dashes that introduces the next file trails the last line
            lines[-1] = re.sub(r"\s*-{8,}\s*$", "", lines[-1])
        files.append(InnerFile(m.group(1), lines))
    return files
