"""Tables of questions: one question per row, its columns read by header or by content.

A table holds questions when a column is headed "Question"/"Title", or it has a difficulty or link column. Other
columns are read as: number, companies, difficulty, links (resources), answer ("Answer", "Solution",
"Explanation"), and the rest as tags. Tables whose links all point inside the page are tables of contents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from mldrill.ingest import normalize as nz
from mldrill.ingest.blocks import Unit
from mldrill.models import QuestionRecord, Resource

_ANSWER_NAMES = ("answer", "solution", "explanation", "short answer", "key points")


def table_questions(u: Unit, aliases: dict[str, str]) -> list[QuestionRecord]:
    """The questions in one table (or block of pipe rows); [] when it is not a table of questions."""
    rows = u.rows
    if len(rows) < 2:
        return []
    width = Counter(len(c) for _, c in rows).most_common(1)[0][0]
    if width < 2:
        return []
    cols = list(zip(*[c for _, c in rows if len(c) == width], strict=False))
    header = [h.lower() for h in u.header] if len(u.header) == width else [""] * width
    link_col = _col(cols, header, lambda s: bool(nz.links_in(s)), ("link", "source", "resource", "url"))
    diff_col = _col(
        cols, header, lambda s: nz.difficulty_of(s) is not None and len(s) < 20, ("difficulty", "level")
    )
    if link_col is None and diff_col is None and not any("question" in h for h in header):
        return []
    if link_col is not None and all(
        all(url.startswith("#") for _, url in nz.links_in(s)) for s in cols[link_col]
    ):
        return []  # a table of contents
    num_col = _col(cols, header, lambda s: s.strip().isdigit(), ("#", "no", "no.", "number"))
    comp_col = _col(cols, header, _is_company_cell, ("companies", "company", "asked by"))
    answer_col = next((i for i, h in enumerate(header) if h.strip(" *") in _ANSWER_NAMES), None)
    used = {c for c in (link_col, diff_col, num_col, comp_col, answer_col) if c is not None}
    text_cols = [i for i in range(width) if i not in used]
    if not text_cols:
        return []
    title_col = next((i for i, h in enumerate(header) if "question" in h or "title" in h), text_cols[0])
    tag_cols = [i for i in text_cols if i != title_col]
    out: list[QuestionRecord] = []
    for line, cells in rows:
        if len(cells) != width or not nz.strip_markup(cells[title_col]):
            continue
        q = QuestionRecord(prompt=nz.strip_markup(cells[title_col]), line=line + 1)
        if diff_col is not None:
            q.difficulty = nz.difficulty_of(cells[diff_col])
        if comp_col is not None:
            q.companies = nz.normalize_companies(nz.split_list(cells[comp_col]), aliases)
        if link_col is not None:
            q.resources = [Resource(t, url) for t, url in nz.links_in(cells[link_col])]
        if answer_col is not None and nz.has_substance(cells[answer_col]):
            q.answer = cells[answer_col].replace("<br>", "\n").replace("<br/>", "\n").strip()
        for i in tag_cols:
            q.tags.extend(s.strip() for s in cells[i].split(",") if s.strip())
        out.append(q)
    return out


def _col(
    cols: list[tuple[str, ...]], header: list[str], test: Callable[[str], bool], names: tuple[str, ...]
) -> int | None:
    for i, h in enumerate(header):
        if h and any(h == n or h.startswith(n) for n in names):
            return i
    for i, col in enumerate(cols):
        if col and sum(1 for s in col if test(s)) >= 0.8 * len(col):
            return i
    return None


def _is_company_cell(s: str) -> bool:
    parts = nz.split_list(s)
    return bool(parts) and sum(1 for p in parts if nz.known_company(p)) >= 0.5 * len(parts)
