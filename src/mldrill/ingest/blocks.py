"""Markdown to a flat list of units with line numbers, using markdown-it-py's block line maps.

A unit is a heading, paragraph, list item (at any depth), fenced/indented code, table, pipe-row paragraph,
HTML block, admonition (`!!!` / `???`), block quote, rule or front matter. Items are listed in document order
with their depth; a unit's `end` covers its children, so callers slice the source lines for answer bodies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@dataclass(eq=False)  # a unit is one place in one document: compared by identity
class Unit:
    kind: str  # heading para item fence code table rows html admon quote hr front_matter
    start: int  # 0-based first line
    end: int  # 0-based line after the last
    text: str = ""  # heading/para/item text, fence content, admonition title
    level: int = 0  # heading level, or list depth for items
    ordered: bool = False
    info: str = ""  # fence language, admonition kind line, list marker
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # tables: (line, cells)
    header: list[str] = field(default_factory=list)
    head_end: int = 0  # items: the line after the item's own first paragraph (its children follow)
    number: int | None = None  # ordered items: the number as written
    group: int = 0  # items: which list (nested lists count separately) the item belongs to


# a line holding only an opening or anchor tag ("<a name='x'>", '<div align="center">') right before a heading:
# CommonMark would read the heading as part of an HTML block
_TAG_BEFORE_HEADING = re.compile(
    r"^[ \t]{0,3}<(?:a|span|div|p|center|section)\b[^>\n]*>(?:[ \t]*</(?:a|span)>)?[ \t]*\n(?=[ \t]{0,3}#{1,6}[ \t])",
    re.M | re.I,
)


def release_headings(text: str) -> str:
    """Blank a tag-only line that sits right above a heading, so the heading is read as one (lines are kept)."""
    return _TAG_BEFORE_HEADING.sub("\n", text) if "<" in text else text


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.use(front_matter_plugin).use(admon_plugin)
    return md


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [c.strip() for c in line.split("|")]


def _pipe_rows(lines: list[str], start: int, end: int) -> list[tuple[int, list[str]]] | None:
    chunk = lines[start:end]
    if len(chunk) < 1 or not all(ln.strip().startswith("|") and ln.count("|") >= 3 for ln in chunk):
        return None
    return [(start + i, _cells(ln)) for i, ln in enumerate(chunk)]


def parse_units(text: str) -> list[Unit]:
    tokens = parser().parse(text)
    lines = text.split("\n")
    units: list[Unit] = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        i = _take(tokens, i, t, lines, units)
    return units


def _close_index(tokens: list[Token], i: int) -> int:
    """Index of the token that closes tokens[i] (same level, nesting -1)."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _take(tokens: list[Token], i: int, t: Token, lines: list[str], units: list[Unit]) -> int:
    m = t.map or [0, 0]
    if t.type == "heading_open":
        units.append(Unit("heading", m[0], m[1], tokens[i + 1].content.strip(), level=int(t.tag[1])))
        return i + 3
    if t.type == "paragraph_open":
        content = tokens[i + 1].content
        rows = _pipe_rows(lines, m[0], m[1])
        if rows is not None:
            units.append(Unit("rows", m[0], m[1], content, rows=rows))
        else:
            units.append(Unit("para", m[0], m[1], content.strip()))
        return i + 3
    if t.type in ("bullet_list_open", "ordered_list_open"):
        j = _close_index(tokens, i)
        _items(tokens, i, j, units)
        return j + 1
    if t.type in ("fence", "code_block"):
        units.append(
            Unit("fence" if t.type == "fence" else "code", m[0], m[1], t.content, info=t.info.strip())
        )
        return i + 1
    if t.type == "html_block":
        units.append(Unit("html", m[0], m[1], t.content))
        return i + 1
    if t.type == "hr":
        units.append(Unit("hr", m[0], m[1]))
        return i + 1
    if t.type == "front_matter":
        units.append(Unit("front_matter", m[0], m[1], t.content))
        return i + 1
    if t.type == "table_open":
        j = _close_index(tokens, i)
        units.append(_table(tokens, i, j, m))
        return j + 1
    if t.nesting == 1:  # admonition, blockquote and other containers: one unit each
        j = _close_index(tokens, i)
        kind = "admon" if t.type == "admonition_open" else "quote" if t.type == "blockquote_open" else t.type
        title = ""
        if kind == "admon":
            title = next((x.content for x in tokens[i:j] if x.type == "inline"), "")
        elif kind == "quote":
            title = " ".join(x.content for x in tokens[i:j] if x.type == "inline")
        units.append(Unit(kind, m[0], m[1], title.strip(), info=f"{t.markup} {t.info}".strip()))
        return j + 1
    return i + 1


def _items(tokens: list[Token], i: int, j: int, units: list[Unit]) -> None:
    depth = -1
    lists: list[tuple[bool, int]] = []  # (ordered, list id) of the open lists, innermost last
    for k in range(i, j + 1):
        t = tokens[k]
        if t.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            lists.append((t.type == "ordered_list_open", k))
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            lists.pop()
        elif t.type == "list_item_open":
            m = t.map or [0, 0]
            text, head_end = _item_head(tokens, k + 1, j, m[0])
            ordered, group = lists[-1]
            number = int(t.info) if ordered and t.info.isdigit() else None
            units.append(
                Unit(
                    "item",
                    m[0],
                    m[1],
                    text.strip(),
                    level=depth,
                    ordered=ordered,
                    info=t.info,
                    head_end=head_end,
                    number=number,
                    group=group,
                )
            )


def _item_head(tokens: list[Token], k: int, j: int, start: int) -> tuple[str, int]:
    """The item's own text (its first paragraph) and the line after it; ('', start) when it has none."""
    for x in tokens[k:j]:
        if x.type == "inline":
            return x.content, (x.map or [start, start + 1])[1]
        if x.type in ("list_item_close", "bullet_list_open", "ordered_list_open", "fence", "code_block"):
            break
    return "", start


def _table(tokens: list[Token], i: int, j: int, m: list[int]) -> Unit:
    rows: list[tuple[int, list[str]]] = []
    header: list[str] = []
    k = i
    while k <= j:
        t = tokens[k]
        if t.type == "tr_open":
            cells: list[str] = []
            line = (t.map or [m[0]])[0]
            k += 1
            while tokens[k].type != "tr_close":
                if tokens[k].type == "inline":
                    cells.append(tokens[k].content.strip())
                k += 1
            if not header and not rows and line == m[0]:
                header = cells
            else:
                rows.append((line, cells))
        k += 1
    return Unit("table", m[0], m[1], rows=rows, header=header)
