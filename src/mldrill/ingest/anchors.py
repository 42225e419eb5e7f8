"""Question anchors: the units where questions start, found by the document's dominant shape.

Shapes are tried in order and the first that finds questions decides, because a bank has one dominant shape:

1. question headings ("## 3) Why ...?", "### Q: ...", "## Question 7" labels), less those inside answers;
2. `[E]/[M]/[H]` list items;
3. `<details>` blocks whose summary asks the question;
4. bold, bold-numbered ("**3)** ...") or `Q:` paragraphs, a bold question line with its answer on the
   next lines, several bold questions in one paragraph;
5. `Q:` list items (bullets or numbered) with the answer nested under them;
6. numbered question lists, including exercise sheets whose numbering runs across separate lists;
7. one question per plain line;
8. question-form bullets and headings in study notes (strict).

Sections about the document itself ("How to contribute") hold no questions. Each anchor owns the region from its
unit up to the next anchor or a boundary (a heading, a rule, the next item at its level, its paragraph's end).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from mldrill.ingest import normalize as nz
from mldrill.ingest.blocks import Unit
from mldrill.ingest.sections import Sections, inside

SUFFIX = re.compile(r"\s+[-–—]\s+([^-–—]+?)\s+Interview\s+Questions?\s*$", re.I)
EMH = re.compile(r"^\s*\[([EMH])\]\s*")
QA_PARA = re.compile(r"^\**\s*(?:Q|Question)\s*\d*\s*[:.)]\**\s*", re.I)
Q_PREFIX = re.compile(r"^[\s*_]*Q(?:uestion)?\s*(?:\d+(?:\.\d+)*)?\s*[:.)]", re.I)
LABEL_HEADING = re.compile(
    r"^\s*(?:(?:Q(?:uestion)?|Problem|Exercise|Task)\s*#?\s*\d+(?:\.\d+)*\s*[:.)]?|"
    r"(?:the\s+)?(?:question|problem|problem statement|prompt|exercise|task)\s*:?)\s*$",
    re.I,
)
ANSWER_HEADING = re.compile(
    r"^\s*(?:(?:the|my|our|a|sample|suggested|model|short|full|final)\s+)?(?:answers?|solutions?|explanation|approach)"
    r"\s*:?\s*$",
    re.I,
)
_NUMBERED = re.compile(r"^\s*#?\d+(?:\.\d+)*\s*[.):]\s+\S")
BOLD_NUMBER = re.compile(r"^\*\*\s*(?:Q\s*)?\d+(?:\.\d+)*\s*[.):]")  # "**3)** ...", "**2) FizzBuzz.** ..."
_LEADING_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*[.)]\s+")
_META_TITLE = re.compile(
    r"^(?:how (?:to|can (?:i|you)|do (?:i|you)) (?:contribute|help|use this)|contribut(?:e|ing|ion|ors?)\b|"
    r"licen[cs]e\b|acknowledg|credits?$|references$|about (?:this|the) "
    r"(?:repo|repository|project|guide|book|list|collection))",
    re.I,
)
_WHOLE_LINK = re.compile(r"^\s*\[[^\]]*\]\(([^)\s]*)[^)]*\)\s*$")
_ANSWER_SUMMARY = re.compile(
    r"^(?:show|view|click|see|reveal|expand|toggle|open)?\s*(?:the\s+|an?\s+|my\s+)?"
    r"(?:answers?|solutions?|hints?|explanations?|details|code|output|more|results?)\b",
    re.I,
)

Ok = Callable[[Unit], bool]
Found = tuple[list["Anchor"], str] | None


@dataclass
class Anchor:
    unit: Unit
    kind: str  # heading emh details para item line note-item
    region_end: int = 0
    limit: int | None = None  # the region never runs past this line (its paragraph's or <details>' end)
    label: bool = False  # a heading that only numbers the question ('Question 3'); the prompt follows it
    tags: list[str] = field(default_factory=list)
    difficulty: str | None = None  # given by a label line before it (one-question-per-line banks)


def heading_is_question(u: Unit) -> bool:
    return _title_is_question(u.text)


@lru_cache(maxsize=8192)
def _title_is_question(text: str) -> bool:
    plain = nz.strip_markup(text)
    if Q_PREFIX.match(plain) or LABEL_HEADING.match(plain) or SUFFIX.search(text):
        return True
    return nz.looks_like_question(_LEADING_NUMBER.sub("", text))


def is_meta_title(text: str) -> bool:
    """A section about the bank itself, not interview material ('How to contribute?', 'License')."""
    plain = re.sub(r"^[\W\d_]+", "", nz.strip_markup(text))
    return bool(_META_TITLE.match(plain))


def choose_anchors(
    units: list[Unit], sec: Sections, lines: list[str], skip: set[int]
) -> tuple[list[Anchor], str]:
    """The question anchors of one document and the name of its shape. `skip`: ids of units to leave out."""
    spans = _merge([(h.start, sec.section_end(h, len(lines))) for h in sec.headings if is_meta_title(h.text)])
    toc = _toc_entries(units, sec)

    def ok(u: Unit) -> bool:
        return id(u) not in skip and id(u) not in toc and not inside(spans, u.start)

    finders: list[Callable[[list[Unit], Sections, list[str], Ok], Found]] = [
        _by_headings,
        _by_emh,
        _by_details,
        _by_paragraphs,
        _by_qa_items,
        _by_numbered_items,
        _by_lines,
    ]
    for find in finders:
        found = find(units, sec, lines, ok)
        if found is not None:
            set_regions(found[0], sec, len(lines))
            return found
    anchors = _by_notes(units, sec, ok)
    set_regions(anchors, sec, len(lines))
    return anchors, "notes"


def _toc_entries(units: list[Unit], sec: Sections) -> set[int]:
    """List items that only link to a heading of this page: a table of contents, not questions."""
    slugs = {github_slug(nz.strip_markup(h.text)) for h in sec.headings}
    out: set[int] = set()
    for u in units:
        m = _WHOLE_LINK.match(u.text) if u.kind == "item" else None
        if m:
            url = m.group(1)
            fragment = url.split("#", 1)[1] if "#" in url else None
            if not url or url.startswith("#") or (fragment is not None and fragment.lower() in slugs):
                out.add(id(u))
    return out


def github_slug(title: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


# --- the shapes ------------------------------------------------------------------------------------------


def _is_numbered(h: Unit) -> bool:
    plain = nz.strip_markup(h.text)
    return bool(_NUMBERED.match(plain) or LABEL_HEADING.match(plain) or re.match(r"^\s*Q\s*\d", plain, re.I))


def _by_headings(units: list[Unit], sec: Sections, lines: list[str], ok: Ok) -> Found:
    headings = [h for h in sec.headings if ok(h)]
    qheads = [h for h in headings if heading_is_question(h)]
    if not qheads:
        return None
    level = Counter(h.level for h in qheads).most_common(1)[0][0]
    at_level = [h for h in headings if h.level == level]
    q_at = [h for h in qheads if h.level == level]
    if sum(1 for h in q_at if _is_numbered(h)) >= max(2, 0.5 * len(q_at)):
        # numbered siblings at the question level are questions too ("11) Create a function that ...")
        in_q = {id(h) for h in q_at}
        q_at = [h for h in at_level if id(h) in in_q or _is_numbered(h)]
        chosen = {id(h) for h in qheads} | {id(h) for h in q_at}
        qheads = [h for h in headings if id(h) in chosen]
    if len(q_at) < 0.5 * len(at_level):
        return None
    rules = [u.start for u in units if u.kind == "hr"]
    anchors = [
        Anchor(h, "heading", label=bool(LABEL_HEADING.match(nz.strip_markup(h.text))))
        for h in _outermost(sec.headings, qheads, rules)
    ]
    return anchors, "headings"


def _outermost(headings: list[Unit], qheads: list[Unit], rules: list[int]) -> list[Unit]:
    """Question headings, less those nested inside another question's answer (e.g. '#### Why it matters?')."""
    chosen: list[Unit] = []
    current: int | None = None
    qset = {id(h) for h in qheads}
    for h in headings:
        k = bisect_right(rules, chosen[-1].start) if chosen else len(rules)
        if k < len(rules) and rules[k] < h.start:
            current = None  # a rule ends the previous answer
        if id(h) in qset:
            if current is None or h.level <= current:
                chosen.append(h)
                current = h.level
        elif current is not None and h.level <= current:
            current = None
    return chosen


def _by_emh(units: list[Unit], sec: Sections, lines: list[str], ok: Ok) -> Found:
    emh = [u for u in units if u.kind == "item" and EMH.match(u.text) and ok(u)]
    return ([Anchor(u, "emh") for u in emh], "difficulty-list") if emh else None


def _by_details(units: list[Unit], sec: Sections, lines: list[str], ok: Ok) -> Found:
    """`<details><summary>What is X?</summary> answer </details>`: the summary is the question."""
    found: list[Anchor] = []
    for u in units:
        low = u.text.lower()
        if u.kind != "html" or "<details" not in low or "<summary" not in low or not ok(u):
            continue
        m = re.search(r"<summary[^>]*>(.*?)</summary>", u.text, re.I | re.S)
        summary = nz.strip_markup(m.group(1)) if m else ""
        if not summary or _ANSWER_SUMMARY.match(summary) or not nz.looks_like_question(summary):
            continue
        head_end = u.start + 1
        while head_end < u.end and "</summary>" not in lines[head_end - 1].lower():
            head_end += 1
        unit = Unit("details", u.start, head_end, summary)
        found.append(Anchor(unit, "details", limit=_details_end(lines, u.start)))
    return (found, "details") if found else None


def _details_end(lines: list[str], start: int) -> int:
    """The line after the `</details>` that closes the block opened on line `start`."""
    depth = 0
    for i in range(start, len(lines)):
        low = lines[i].lower()
        depth += low.count("<details") - low.count("</details>")
        if depth <= 0:
            return i + 1
    return len(lines)


# a number written as a keycap emoji or a plain "3." before a paragraph's first words: "1️⃣ **What is ...?**"
MARKER = re.compile(r"^\s*(?:\d{1,3}\ufe0f?\u20e3|🔟|\d{1,3}[.)])\s*")


def first_line(text: str) -> str:
    return MARKER.sub("", text.split("\n", 1)[0]).strip()


def _is_bold_question(text: str) -> bool:
    t = text.strip()
    return (
        t.startswith("**")
        and t.rstrip(":").endswith("**")
        and t.count("**") == 2
        and nz.looks_like_question(t)
    )


def _by_paragraphs(units: list[Unit], sec: Sections, lines: list[str], ok: Ok) -> Found:
    found: list[Anchor] = []
    for u in units:
        if u.kind != "para" or not ok(u):
            continue
        if QA_PARA.match(u.text) or _is_bold_question(u.text) or BOLD_NUMBER.match(u.text):
            found.append(Anchor(u, "para"))
            continue
        rows = u.text.split("\n")
        hits = [(i, r) for i, r in enumerate(rows) if _is_bold_question(MARKER.sub("", r))]
        if len(rows) > 1 and hits and hits[0][0] == 0 and len(hits) == 1:
            found.append(Anchor(u, "para"))  # a bold question line with its answer on the next lines
        elif len(rows) > 1 and len(hits) >= 2:  # several bold questions run together in one paragraph
            for i, r in hits:
                found.append(
                    Anchor(Unit("para", u.start + i, u.start + i + 1, r.strip()), "para", limit=u.end)
                )
    strong = [
        a
        for a in found
        if "?" in first_line(a.unit.text) or QA_PARA.match(a.unit.text) or BOLD_NUMBER.match(a.unit.text)
    ]
    if len(strong) >= 2 or any(QA_PARA.match(a.unit.text) for a in found):
        return found, "qa-paragraphs"
    return None


def _by_qa_items(units: list[Unit], sec: Sections, lines: list[str], ok: Ok) -> Found:
    items = [u for u in units if u.kind == "item" and Q_PREFIX.match(nz.strip_markup(u.text)) and ok(u)]
    return ([Anchor(u, "item") for u in items], "qa-items") if len(items) >= 2 else None


def _by_numbered_items(units: list[Unit], sec: Sections, lines: list[str], ok: Ok) -> Found:
    """Numbered questions. A top-level numbered list counts when most of its items read as questions, and so
    does every list of an exercise sheet whose numbering runs on across lists split by rules or prose."""
    items = [u for u in units if u.kind == "item" and ok(u)]
    top = [u for u in items if u.level == 0 and u.ordered]
    if sum(1 for u in top if nz.looks_like_question(u.text)) < 2:
        return None
    lists: dict[int, list[Unit]] = {}
    for u in top:
        lists.setdefault(u.group, []).append(u)
    chosen: set[int] = set()
    for g, members in lists.items():
        texts = [u for u in members if u.text]
        if texts and sum(1 for u in texts if nz.looks_like_question(u.text)) >= 0.5 * len(texts):
            chosen.add(g)
    run: list[int] = []
    last = -1
    for g, members in lists.items():
        numbers = [u.number for u in members if u.number is not None]
        if not numbers or numbers[0] <= last:
            chosen.update(run if len(run) >= 3 else [])
            run = []
        run.append(g)
        last = max(numbers, default=last)
    chosen.update(run if len(run) >= 3 else [])
    anchors: list[Anchor] = []
    second = [v for v in items if v.level == 1]
    second_starts = [v.start for v in second]
    for g, members in lists.items():
        if g in chosen:
            anchors.extend(_list_questions(members, second, second_starts))
    return (anchors, "question-list") if anchors else None


def _list_questions(members: list[Unit], second: list[Unit], starts: list[int]) -> list[Anchor]:
    """The questions of one chosen list: its items, less stems and group labels, whose sub-items count.
    `second`: the items one level down, with their `starts`, to find an item's children."""
    out: list[Anchor] = []
    for k, u in enumerate(members):
        nxt = members[k + 1] if k + 1 < len(members) else None
        if nxt is not None and nxt.number == 1 and u.number is not None and u.number > 1:
            continue  # a stem: the items numbered again from 1 after it are its questions
        children = second[bisect_left(starts, u.start) : bisect_left(starts, u.end)]
        label = bool(u.text) and not nz.looks_like_question(u.text) and len(u.text.split()) <= 6
        if not u.text or (label and any(nz.looks_like_question(v.text) for v in children)):
            out.extend(Anchor(v, "item") for v in children if v.text)
        else:
            out.append(Anchor(u, "item"))
    return out


def _is_line_question(line: str) -> bool:
    plain = _LEADING_NUMBER.sub("", nz.strip_markup(line))
    return len(plain.split()) >= 3 and nz.looks_like_question(plain)


def _by_lines(units: list[Unit], sec: Sections, lines: list[str], ok: Ok) -> Found:
    """A bank written one question per plain line; short lines before them are labels ('Statistics')."""
    paras = [u for u in units if u.kind == "para" and ok(u)]
    rows = [(u, i, r) for u in paras for i, r in enumerate(u.text.split("\n")) if r.strip()]
    questions = [x for x in rows if _is_line_question(x[2])]
    sentences = [x for x in rows if len(x[2].split()) > 4 or "?" in x[2]]  # short lines are labels
    if len(questions) < 3 or len(questions) < 0.6 * len(sentences):
        return None
    anchors: list[Anchor] = []
    label: str | None = None
    level: str | None = None
    seen: set[int] = set()
    for u, i, r in rows:
        if _is_line_question(r):
            unit = Unit("line", u.start + i, u.start + i + 1, r.strip())
            anchors.append(Anchor(unit, "line", limit=u.end, tags=[label] if label else [], difficulty=level))
            seen.add(id(u))
        elif id(u) not in seen and len(r.split()) <= 8:
            label = nz.strip_markup(r).strip(" :")
            level = nz.label_difficulty(r, {}) or level
    return anchors, "question-lines"


def _by_notes(units: list[Unit], sec: Sections, ok: Ok) -> list[Anchor]:
    notes = [
        u
        for u in units
        if ok(u)
        and (
            (u.kind in ("item", "heading") and nz.looks_like_question(u.text, strict=True))
            or (u.kind == "para" and _is_quoted_question(u.text))
        )
    ]
    return [Anchor(u, "note-item") for u in notes if not _in_guidance(u, sec)]


def _is_quoted_question(text: str) -> bool:
    t = text.strip()
    return (
        len(t) > 2
        and t[0] in '"“'
        and t.rstrip()[-1] in '"”'
        and nz.looks_like_question(t[1:-1], strict=True)
    )


def _in_guidance(u: Unit, sec: Sections) -> bool:
    path = sec.path(u)
    h = path[-1] if path else None
    return bool(h and re.search(r"questions to ask|ask the interviewer|tips", h.text, re.I))


# --- regions ---------------------------------------------------------------------------------------------


def set_regions(anchors: list[Anchor], sec: Sections, n_lines: int) -> None:
    starts = sorted(a.unit.start for a in anchors)
    for a in anchors:
        u = a.unit
        k = bisect_right(starts, u.start)
        end = starts[k] if k < len(starts) else n_lines
        if a.limit is not None:
            end = min(end, a.limit)
        for v in sec.between(u.end, end):
            if _is_boundary(a, v):
                end = v.start
                break
        if a.kind == "note-item" and u.kind == "item":
            end = min(end, _parent_end(u, sec))
        a.region_end = max(end, u.end)


def _is_boundary(a: Anchor, v: Unit) -> bool:
    u = a.unit
    if a.kind == "heading" and a.label and v.kind == "heading" and v.level == u.level:
        return not ANSWER_HEADING.match(nz.strip_markup(v.text))  # '## Problem' then '## Solution'
    if a.kind == "heading":
        return (v.kind == "heading" and v.level <= u.level) or v.kind == "hr"
    if v.kind == "heading" or v.kind == "hr":
        return True
    if a.kind in ("emh", "item"):
        return v.kind == "item" and v.level <= u.level and (v.ordered or not u.ordered)
    if a.kind == "note-item" and u.kind == "item":
        return v.kind == "item" and v.level < u.level
    return False


def _parent_end(u: Unit, sec: Sections) -> int:
    for k in range(sec.index[id(u)] - 1, -1, -1):
        v = sec.units[k]
        if v.kind == "item" and v.level < u.level and v.end >= u.end:
            return v.end
        if v.kind != "item":
            break
    return 10**9
