"""What a document holds besides questions: study notes and guidance by section, per-company topic lists,
and the topic path a section gives to what it holds."""

from __future__ import annotations

import re
from bisect import bisect_left

from mldrill.ingest import normalize as nz
from mldrill.ingest.anchors import heading_is_question
from mldrill.ingest.blocks import Unit
from mldrill.ingest.sections import Sections, inside
from mldrill.models import NoteRecord

COMPANY_LIST = re.compile(r"questions\s+asked\s+(?:in|at|by)\s+(.+?)(?:\s+interviews?)?\s*:?\s*$", re.I)
_FROM_COMPANY = re.compile(r"^\(From\s+([A-Z][\w&.]*)\b[^)]*\)\s*(.*)$")


def company_lists(units: list[Unit], company_topics: dict[str, list[str]]) -> set[int]:
    """'Questions asked in X interview' headings + the list right under them -> company topics.

    Returns the ids of the units used, which hold no questions."""
    marked: set[int] = set()
    for k, u in enumerate(units):
        if u.kind != "heading":
            continue
        m = COMPANY_LIST.search(nz.strip_markup(u.text))
        if not m:
            continue
        topics: list[str] = []
        for v in units[k + 1 :]:
            if v.kind != "item":
                if topics or v.kind == "heading":
                    break
                continue
            topics.append(nz.strip_markup(v.text))
            marked.add(id(v))
        if topics:
            company_topics.setdefault(m.group(1).strip(), []).extend(topics)
            marked.add(id(u))
    for u in units:
        if u.kind == "heading":
            m2 = _FROM_COMPANY.match(nz.strip_markup(u.text))
            if m2:
                such = re.search(r"such as (.+?)(?: and make| and ensure|\.\s+[A-Z]|\.?$)", m2.group(2))
                if such:
                    company_topics.setdefault(m2.group(1), []).extend(
                        p.strip() for p in such.group(1).split(",") if p.strip()
                    )
                marked.add(id(u))
    return marked


def company_aliases(units: list[Unit]) -> dict[str, str]:
    """'Facebook' -> 'Meta' when the page itself uses both names for who asks a question."""
    text = " ".join(u.text for u in units if u.kind in ("heading", "para"))
    if re.search(r"\bFacebook\b", text) and re.search(r"\bMeta\b", text):
        return {"facebook": "Meta"}
    return {}


def section_notes(
    sec: Sections,
    covered: list[tuple[int, int]],
    skip: set[int],
    lines: list[str],
    inner_file: str | None,
    with_questions: bool,
) -> list[NoteRecord]:
    """Sections that hold no question become notes (tips when the title says so). With `with_questions`
    (study notes), a section is kept as a note even when a question sits in it."""
    headings = sec.headings
    anchor_starts = [s for s, _ in covered]
    out: list[NoteRecord] = []
    for k, h in enumerate(headings):
        if id(h) in skip or inside(covered, h.start):
            continue
        end = headings[k + 1].start if k + 1 < len(headings) else len(lines)
        has_anchor = bisect_left(anchor_starts, h.start + 1) < bisect_left(anchor_starts, end)
        if has_anchor and not with_questions:
            continue
        body = "\n".join(lines[h.end : end]).strip()
        if not body:
            continue
        title = nz.strip_markup(re.sub(r"<a [^>]*>.*?</a>", "", h.text))
        kind = "tip" if re.search(r"tips?|ask the interviewer|advice", title, re.I) else "note"
        out.append(
            NoteRecord(
                title=title,
                body=body,
                topic=topic_of(h, sec),
                kind=kind,
                line=h.start + 1,
                inner_file=inner_file,
            )
        )
    return out


def topic_of(u: Unit, sec: Sections) -> str | None:
    """The slug path of the (at most two) innermost non-question headings above u, below the title."""
    path = [h for h in sec.path(u) if not heading_is_question(h) and h.level > 1]
    slugs = [nz.slug(nz.strip_markup(h.text)) for h in path[-2:]]
    return "/".join(s for s in slugs if s) or None
