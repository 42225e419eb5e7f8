"""Find the questions in one markdown document, whatever its shape.

The document is cut into units (see blocks.py). Question *anchors* are found by shape — question headings,
`[E]/[M]/[H]` or numbered question items, `Q:` / bold question paragraphs, question tables, question-form
bullets in study notes — and the file's dominant shape decides which anchors count. Each anchor owns the
region up to the next anchor or boundary; the region gives its metadata line, explicit prompt, answer
(`<details>`, `??? "View Answer"`, fenced ```text, bullets or prose) and interviewer's insight.
Sections without questions become notes; "Questions asked in X interview" lists become company topics.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from mldrill.ingest import normalize as nz
from mldrill.ingest.blocks import Unit, parse_units
from mldrill.models import NoteRecord, QuestionRecord, Resource

_QN_PREFIX = re.compile(r"^\s*(?:Q(?:uestion)?\s*\d+\s*[:.)]|\d+[.)]\s)\s*", re.I)
_EMH = re.compile(r"^\s*\[([EMH])\]\s*")
_SUFFIX = re.compile(r"\s+[-–—]\s+([^-–—]+?)\s+Interview\s+Questions?\s*$", re.I)
_LABELS = re.compile(r"\s*\(([^()]{1,60})\)\s*$")
_COMPANY_LIST = re.compile(r"questions\s+asked\s+(?:in|at|by)\s+(.+?)(?:\s+interviews?)?\s*:?\s*$", re.I)
_COMPANY_SECTION = re.compile(r"^(Company\s+[A-Z0-9]\w*|[A-Z]\w+)\s+(?i:interview\s+)?(?i:questions)\b")
_FROM_COMPANY = re.compile(r"^\(From\s+([A-Z][\w&.]*)\b[^)]*\)\s*(.*)$")
_QA_PARA = re.compile(r"^\**\s*(?:Q|Question)\s*\d*\s*[:.)]\**\s*", re.I)
_ANSWER_PARA = re.compile(r"^\**\s*(?:A|Ans|Answer)\s*\d*\s*[:.)]\**\s*", re.I)
_META_KEY = re.compile(
    r"\*{0,2}(Difficulty|Level|Time|Duration|Tags?|Topics?|Asked by|Companies|Company)\*{0,2}\s*:", re.I
)
_DETAILS = re.compile(r"</?details[^>]*>|<summary>.*?</summary>|</?summary>", re.I | re.S)


@dataclass
class Extracted:
    questions: list[QuestionRecord] = field(default_factory=list)
    notes: list[NoteRecord] = field(default_factory=list)
    company_topics: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    shape: str = "notes"


@dataclass
class Anchor:
    unit: Unit
    kind: str  # heading emh item para row note-item
    region_end: int = 0


class Sections:
    """Section paths (enclosing headings) and unit positions, looked up by bisection."""

    def __init__(self, units: list[Unit]) -> None:
        self.units = units
        self.starts = [u.start for u in units]
        self.index = {id(u): k for k, u in enumerate(units)}
        self.headings = [u for u in units if u.kind == "heading"]
        self.heading_starts = [h.start for h in self.headings]
        self.paths: list[list[Unit]] = []
        stack: list[Unit] = []
        for h in self.headings:
            while stack and stack[-1].level >= h.level:
                stack.pop()
            stack.append(h)
            self.paths.append(list(stack))

    def path(self, u: Unit) -> list[Unit]:
        k = bisect_left(self.heading_starts, u.start) - 1
        return self.paths[k] if k >= 0 else []

    def between(self, start: int, end: int) -> list[Unit]:
        return self.units[bisect_left(self.starts, start) : bisect_left(self.starts, end)]


def _inside(spans: list[tuple[int, int]], line: int) -> bool:
    k = bisect_right(spans, (line, 10**12)) - 1
    return k >= 0 and spans[k][0] <= line < spans[k][1]


def extract(text: str, inner_file: str | None = None) -> Extracted:
    lines = text.split("\n")
    units = parse_units(text)
    out = Extracted()
    doc_tags = _front_matter_tags(units)
    sec = Sections(units)
    headings = sec.headings
    company_units = _company_lists(units, out)
    anchors, out.shape = _choose_anchors(units, headings, company_units)
    _set_regions(anchors, sec, len(lines))
    labels = _group_labels(units)
    aliases = _company_aliases(units)
    covered: list[tuple[int, int]] = []
    for a in anchors:
        q = _build(a, sec, lines, aliases)
        if q is None:
            continue
        q.inner_file = inner_file
        q.tags = _dedupe(doc_tags + _section_tags(a.unit, sec, labels) + q.tags)
        q.topic = q.topic or _topic(a.unit, sec)
        if not q.companies:
            q.companies = _section_companies(a.unit, sec)
        out.questions.append(q)
        covered.append((a.unit.start, a.region_end))
    covered.sort()
    _tables(units, covered, inner_file, aliases, sec, doc_tags, out)
    _notes(sec, covered, company_units, lines, inner_file, out)
    out.questions.sort(key=lambda q: q.line)
    return out


# --- choosing the anchors --------------------------------------------------------------------------------


def _heading_is_question(u: Unit) -> bool:
    t = u.text
    if re.match(r"^\s*Q(?:uestion)?\s*\d+\s*[:.)]", t, re.I) or _SUFFIX.search(t):
        return True
    return nz.looks_like_question(re.sub(r"^\s*\d+[.)]\s+", "", t))


def _choose_anchors(
    units: list[Unit], headings: list[Unit], company_units: set[int]
) -> tuple[list[Anchor], str]:
    qheads = [h for h in headings if _heading_is_question(h) and id(h) not in company_units]
    if qheads:
        level = Counter(h.level for h in qheads).most_common(1)[0][0]
        at_level = [h for h in headings if h.level == level and id(h) not in company_units]
        if sum(1 for h in qheads if h.level == level) >= 0.5 * len(at_level):
            rules = [u.start for u in units if u.kind == "hr"]
            return [Anchor(h, "heading") for h in _heading_anchors(headings, qheads, rules)], "headings"
    emh = [u for u in units if u.kind == "item" and _EMH.match(u.text)]
    if emh:
        return [Anchor(u, "emh") for u in emh], "difficulty-list"
    paras = [u for u in units if u.kind == "para" and _is_para_question(u)]
    if len(paras) >= 2 or any(_QA_PARA.match(u.text) for u in paras):
        return [Anchor(u, "para") for u in paras], "qa-paragraphs"
    items = [
        u for u in units if u.kind == "item" and u.ordered and u.level == 0 and nz.looks_like_question(u.text)
    ]
    if len(items) >= 2:
        return [Anchor(u, "item") for u in items], "question-list"
    notes = [
        u
        for u in units
        if (u.kind in ("item", "heading") and nz.looks_like_question(u.text, strict=True))
        or (u.kind == "para" and _is_quoted_question(u.text))
    ]
    notes = [u for u in notes if not _in_guidance(u, headings)]
    return [Anchor(u, "note-item") for u in notes], "notes"


def _heading_anchors(headings: list[Unit], qheads: list[Unit], rules: list[int]) -> list[Unit]:
    """Question headings, less those nested inside another question's answer (e.g. '#### Why it matters?')."""
    chosen: list[Unit] = []
    current: int | None = None
    qset = {id(h) for h in qheads}
    for h in headings:
        if chosen and any(chosen[-1].start < r < h.start for r in rules):
            current = None  # a rule ends the previous answer
        if id(h) in qset:
            if current is None or h.level <= current:
                chosen.append(h)
                current = h.level
        elif current is not None and h.level <= current:
            current = None
    return chosen


def _is_para_question(u: Unit) -> bool:
    if _QA_PARA.match(u.text):
        return True
    t = u.text.strip()
    return (
        t.startswith("**")
        and t.rstrip(":").endswith("**")
        and t.count("**") == 2
        and nz.looks_like_question(t)
        and "?" in t
    )


def _is_quoted_question(text: str) -> bool:
    t = text.strip()
    return (
        len(t) > 2
        and t[0] in '"“'
        and t.rstrip()[-1] in '"”'
        and nz.looks_like_question(t[1:-1], strict=True)
    )


def _in_guidance(u: Unit, headings: list[Unit]) -> bool:
    h = _section_heading(u, headings)
    return bool(h and re.search(r"questions to ask|ask the interviewer|tips", h.text, re.I))


def _section_heading(u: Unit, headings: list[Unit]) -> Unit | None:
    best = None
    for h in headings:
        if h.start < u.start:
            best = h
        else:
            break
    return best


def _set_regions(anchors: list[Anchor], sec: Sections, n_lines: int) -> None:
    starts = sorted(a.unit.start for a in anchors)
    for a in anchors:
        u = a.unit
        k = bisect_right(starts, u.start)
        end = starts[k] if k < len(starts) else n_lines
        for v in sec.between(u.end, end):
            if _is_boundary(a, v):
                end = v.start
                break
        if a.kind == "note-item" and u.kind == "item":
            end = min(end, _parent_end(u, sec))
        a.region_end = max(end, u.end)


def _is_boundary(a: Anchor, v: Unit) -> bool:
    u = a.unit
    if a.kind == "heading":
        return (v.kind == "heading" and v.level <= u.level) or v.kind == "hr"
    if v.kind == "heading" or v.kind == "hr":
        return True
    if a.kind in ("emh", "item"):
        return v.kind == "item" and v.ordered and v.level <= u.level
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


# --- building one question -------------------------------------------------------------------------------


def _build(a: Anchor, sec: Sections, lines: list[str], aliases: dict[str, str]) -> QuestionRecord | None:
    u = a.unit
    prompt, companies, tags, difficulty = _clean_title(u.text, a.kind)
    if not prompt:
        return None
    q = QuestionRecord(prompt=prompt, line=u.start + 1, difficulty=difficulty, tags=tags)
    body_start = u.end if a.kind != "note-item" or u.kind != "item" else u.start + 1
    inline_answer = ""
    if a.kind == "para" and u.kind == "para":
        m = re.search(r"\n\**\s*(?:A|Answer)\s*[:.)]\**\s*", u.text)
        if m:
            q.prompt = _clean_title(u.text[: m.start()], a.kind)[0]
            inline_answer = u.text[m.end() :]
    region = sec.between(body_start, a.region_end)
    skip: set[int] = set()
    answer_parts: list[str] = [inline_answer] if inline_answer else []
    meta: dict[str, str] = {}
    saw_answer_block = False
    for v in region:
        if v.kind == "para" and _META_KEY.search(v.text) and not saw_answer_block and not meta:
            meta = _parse_meta(v.text)
            skip.update(range(v.start, v.end))
        elif v.kind == "para" and not saw_answer_block and _is_explicit_prompt(v, region, a):
            q.prompt = re.sub(r"^\*\*Question:?\*\*:?\s*", "", v.text).strip()
            q.prompt_line = v.start + 1
            skip.update(range(v.start, v.end))
        elif v.kind == "para" and v.text.isupper() and len(v.text.split()) <= 4:
            skip.update(range(v.start, v.end))  # a label such as "CODING QUESTION"
        elif v.kind == "admon" and re.search(r"insight|strong answer|what they", v.text, re.I):
            q.insight, q.rubric = _insight(lines, v)
            skip.update(range(v.start, v.end))
        elif v.kind == "admon":
            saw_answer_block = True
            body, insight = _admonition_body(lines, v)
            if insight:
                q.insight, q.rubric = insight
            answer_parts.append(body)
            skip.update(range(v.start, v.end))
        elif v.kind == "html" and "<details" in v.text.lower():
            saw_answer_block = True
    rest = [lines[i] for i in range(body_start, a.region_end) if i not in skip and i < len(lines)]
    answer_parts.append("\n".join(rest))
    answer = _DETAILS.sub("", "\n\n".join(p for p in answer_parts if p.strip())).strip()
    answer = re.sub(r"^\**\s*(?:A|Answer)\s*[:.)]\**\s*", "", answer)
    answer = re.sub(r"\n{3,}", "\n\n", answer).strip()
    q.answer = answer if nz.has_substance(answer) else None
    _apply_meta(q, meta, aliases)
    if not q.companies and companies:
        q.companies = nz.normalize_companies(companies, aliases)
    q.resources = [Resource(t, url) for t, url in nz.links_in(answer)][:20] if q.answer else []
    return q


def _clean_title(text: str, kind: str) -> tuple[str, list[str], list[str], str | None]:
    """Strip numbering, [E], 'Q1:', the ' - X Interview Question' suffix and (labels); return the parts."""
    t = nz.strip_markup(text) if kind != "para" else text.strip()
    t = re.sub(r"^\**\s*(?:Q|Question)\s*\d*\s*[:.)]\**\s*", "", t, flags=re.I)
    difficulty = None
    m = _EMH.match(t)
    if m:
        difficulty = nz.difficulty_of(f"[{m.group(1)}]")
        t = t[m.end() :]
    t = _QN_PREFIX.sub("", t)
    companies: list[str] = []
    tags: list[str] = []
    m2 = _SUFFIX.search(t)
    if m2:
        companies = nz.split_list(m2.group(1))
        t = t[: m2.start()]
    m3 = _LABELS.search(t)
    if m3 and kind == "heading":
        parts = [p.strip() for p in m3.group(1).split(",")]
        # "(Google)", "(Meta, CV interviews)" name who asks; in "Qn:" headings "(Common)" is a label too
        numbered = re.match(r"^\s*Q\d", text, re.I) is not None
        if any(nz.known_company(p) for p in parts) or (numbered and len(parts[0].split()) <= 2):
            for p in parts:
                (companies if nz.known_company(p) else tags).append(p)
            t = t[: m3.start()]
    t = nz.strip_markup(t).strip(' *"“”')
    return t, companies, tags, difficulty


def _is_explicit_prompt(v: Unit, region: list[Unit], a: Anchor) -> bool:
    if a.kind != "heading":
        return False
    if re.match(r"^\*\*Question:?\*\*", v.text):
        return True
    later = [w for w in region if w.start > v.start]
    block_follows = bool(later) and (
        later[0].kind == "admon" or (later[0].kind == "html" and "<details" in later[0].text.lower())
    )
    return v.text.rstrip().endswith("?") and block_follows


def _parse_meta(text: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for part in re.split(r"\s*\|\s*|\n", text):
        m = re.match(r"\*{0,2}([A-Za-z ]+?)\*{0,2}\s*:\s*\*{0,2}\s*(.*)$", part.strip())
        if m:
            meta[m.group(1).strip().lower()] = m.group(2).strip()
    return meta


def _apply_meta(q: QuestionRecord, meta: dict[str, str], aliases: dict[str, str]) -> None:
    for key, value in meta.items():
        if key in ("difficulty", "level"):
            q.difficulty = nz.difficulty_of(value) or q.difficulty
        elif key in ("time", "duration"):
            q.time_minutes = nz.minutes_of(value)
        elif key in ("tags", "tag", "topics", "topic"):
            q.tags.extend(nz.split_list(value.replace("`, `", ",")) if "`" in value else nz.split_list(value))
        elif key in ("asked by", "companies", "company"):
            q.companies = nz.normalize_companies(nz.split_list(value), aliases)


def _dedent(block: list[str]) -> list[str]:
    indents = [len(ln) - len(ln.lstrip()) for ln in block if ln.strip()]
    cut = min(indents) if indents else 0
    return [ln[cut:] for ln in block]


def _admonition_body(lines: list[str], v: Unit) -> tuple[str, tuple[str, list[str]] | None]:
    inner = _dedent(lines[v.start + 1 : v.end])
    text = "\n".join(inner)
    insight = None
    m = re.search(r"^!!!\s*\w*\s*\"[^\"]*(?:Insight|Strong answer|What they)[^\"]*\".*$", text, re.M | re.I)
    if m:
        tail = text[m.end() :].split("\n")
        insight_text = "\n".join(_dedent(tail)).strip()
        insight = (insight_text, _rubric_points(insight_text))
        text = text[: m.start()]
    return text.strip(), insight


def _insight(lines: list[str], v: Unit) -> tuple[str, list[str]]:
    text = "\n".join(_dedent(lines[v.start + 1 : v.end])).strip()
    return text, _rubric_points(text)


def _rubric_points(insight: str) -> list[str]:
    m = re.search(r"strong answer[^\n]*\n(.*)", insight, re.I | re.S)
    scope = m.group(1) if m else insight
    points = [nz.strip_markup(x).strip(' "“”') for x in re.findall(r"^\s*[-*+]\s+(.+)$", scope, re.M)]
    return [p for p in points if p]


# --- tables, company lists, notes ------------------------------------------------------------------------


def _company_lists(units: list[Unit], out: Extracted) -> set[int]:
    """'Questions asked in X interview' headings + the list right under them -> company topics."""
    marked: set[int] = set()
    for k, u in enumerate(units):
        if u.kind == "heading":
            m = _COMPANY_LIST.search(nz.strip_markup(u.text))
            if not m:
                continue
            company = m.group(1).strip()
            topics: list[str] = []
            for v in units[k + 1 :]:
                if v.kind != "item":
                    if topics or v.kind == "heading":
                        break
                    continue
                topics.append(nz.strip_markup(v.text))
                marked.add(id(v))
            if topics:
                out.company_topics.setdefault(company, []).extend(topics)
                marked.add(id(u))
        elif u.kind in ("heading", "para"):
            pass
    for u in units:
        if u.kind == "heading":
            m2 = _FROM_COMPANY.match(nz.strip_markup(u.text))
            if m2:
                such = re.search(r"such as (.+?)(?: and make| and ensure|\.\s+[A-Z]|\.?$)", m2.group(2))
                if such:
                    out.company_topics.setdefault(m2.group(1), []).extend(
                        p.strip() for p in such.group(1).split(",") if p.strip()
                    )
                marked.add(id(u))
    return marked


def _company_aliases(units: list[Unit]) -> dict[str, str]:
    """'Facebook' -> 'Meta' when the page itself uses both names for who asks a question."""
    text = " ".join(u.text for u in units if u.kind in ("heading", "para"))
    if re.search(r"\bFacebook\b", text) and re.search(r"\bMeta\b", text):
        return {"facebook": "Meta"}
    return {}


def _tables(
    units: list[Unit],
    covered: list[tuple[int, int]],
    inner_file: str | None,
    aliases: dict[str, str],
    sec: Sections,
    doc_tags: list[str],
    out: Extracted,
) -> None:
    for u in units:
        if u.kind not in ("table", "rows") or _inside(covered, u.start):
            continue
        rows = u.rows
        if len(rows) < 2:
            continue
        width = Counter(len(c) for _, c in rows).most_common(1)[0][0]
        if width < 2:
            continue
        cols = list(zip(*[c for _, c in rows if len(c) == width], strict=False))
        header = [h.lower() for h in u.header] if len(u.header) == width else [""] * width
        link_col = _col(cols, header, lambda s: bool(nz.links_in(s)), ("link", "source", "resource", "url"))
        diff_col = _col(
            cols, header, lambda s: nz.difficulty_of(s) is not None and len(s) < 20, ("difficulty", "level")
        )
        if link_col is None and diff_col is None and not any("question" in h for h in header):
            continue
        if link_col is not None and all(
            all(url.startswith("#") for _, url in nz.links_in(s)) for s in cols[link_col]
        ):
            continue  # a table of contents
        num_col = _col(cols, header, lambda s: s.strip().isdigit(), ("#", "no", "no.", "number"))
        comp_col = _col(cols, header, _is_company_cell, ("companies", "company", "asked by"))
        used = {c for c in (link_col, diff_col, num_col, comp_col) if c is not None}
        text_cols = [i for i in range(width) if i not in used]
        if not text_cols:
            continue
        title_col = next((i for i, h in enumerate(header) if "question" in h or "title" in h), text_cols[0])
        tag_cols = [i for i in text_cols if i != title_col]
        for line, cells in rows:
            if len(cells) != width or not nz.strip_markup(cells[title_col]):
                continue
            q = QuestionRecord(prompt=nz.strip_markup(cells[title_col]), line=line + 1, inner_file=inner_file)
            if diff_col is not None:
                q.difficulty = nz.difficulty_of(cells[diff_col])
            if comp_col is not None:
                q.companies = nz.normalize_companies(nz.split_list(cells[comp_col]), aliases)
            if link_col is not None:
                q.resources = [Resource(t, url) for t, url in nz.links_in(cells[link_col])]
            for i in tag_cols:
                q.tags.extend(
                    nz.split_list(cells[i].replace("/", ","))
                    if False
                    else [s.strip() for s in cells[i].split(",") if s.strip()]
                )
            q.tags = _dedupe(doc_tags + q.tags)
            q.topic = _topic(u, sec)
            out.questions.append(q)


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


def _notes(
    sec: Sections,
    covered: list[tuple[int, int]],
    company_units: set[int],
    lines: list[str],
    inner_file: str | None,
    out: Extracted,
) -> None:
    headings = sec.headings
    anchor_starts = [s for s, _ in covered]
    for k, h in enumerate(headings):
        if id(h) in company_units or _inside(covered, h.start):
            continue
        end = headings[k + 1].start if k + 1 < len(headings) else len(lines)
        has_anchor = bisect_left(anchor_starts, h.start + 1) < bisect_left(anchor_starts, end)
        if has_anchor and out.shape != "notes":
            continue
        body = "\n".join(lines[h.end : end]).strip()
        if not body:
            continue
        title = nz.strip_markup(re.sub(r"<a [^>]*>.*?</a>", "", h.text))
        kind = "tip" if re.search(r"tips?|ask the interviewer|advice", title, re.I) else "note"
        out.notes.append(
            NoteRecord(
                title=title,
                body=body,
                topic=_topic(h, sec),
                kind=kind,
                line=h.start + 1,
                inner_file=inner_file,
            )
        )


# --- tags and topics -------------------------------------------------------------------------------------


def _front_matter_tags(units: list[Unit]) -> list[str]:
    fm = next((u for u in units if u.kind == "front_matter"), None)
    if fm is None:
        return []
    try:
        data = yaml.safe_load(fm.text)
    except yaml.YAMLError:
        return []
    if not isinstance(data, dict):
        return []
    tags = data.get("tags") or []
    if isinstance(tags, str):
        tags = nz.split_list(tags)
    return [str(t) for t in tags if t] if isinstance(tags, list) else []


def _group_labels(units: list[Unit]) -> dict[int, str]:
    """For each item, the short non-question item before it at its level or above ('Dot product')."""
    labels: dict[int, str] = {}
    last: dict[int, Unit] = {}
    for u in units:
        if u.kind != "item":
            if u.kind == "heading":
                last.clear()
            continue
        cands = [v for lvl, v in last.items() if lvl <= u.level]
        if cands:
            v = max(cands, key=lambda x: x.start)
            if not nz.looks_like_question(v.text) and len(v.text.split()) <= 6:
                labels[id(u)] = nz.strip_markup(v.text).rstrip(".")
        if not _EMH.match(u.text):
            for lvl in [lvl for lvl in last if lvl >= u.level]:
                del last[lvl]
            last[u.level] = u
    return labels


def _section_tags(u: Unit, sec: Sections, labels: dict[int, str]) -> list[str]:
    tags = [
        nz.strip_markup(re.sub(r"<a [^>]*>.*?</a>", "", h.text))
        for h in sec.path(u)
        if not _heading_is_question(h) and not _COMPANY_LIST.search(h.text)
    ]
    if id(u) in labels:
        tags.append(labels[id(u)])
    return tags


def _section_companies(u: Unit, sec: Sections) -> list[str]:
    """Companies named by an enclosing heading: 'Company A Questions and Answers', 'Google interview questions'."""
    for h in reversed(sec.path(u)):
        m = _COMPANY_SECTION.match(nz.strip_markup(h.text))
        if m and (m.group(1).lower().startswith("company ") or nz.known_company(m.group(1))):
            return [nz.known_company(m.group(1)) or m.group(1)]
    return []


def _topic(u: Unit, sec: Sections) -> str | None:
    path = [h for h in sec.path(u) if not _heading_is_question(h) and h.level > 1]
    slugs = [_slug(nz.strip_markup(h.text)) for h in path[-2:]]
    slugs = [s for s in slugs if s]
    return "/".join(slugs) or None


def _slug(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def _dedupe(items: list[str]) -> list[str]:
    seen: list[str] = []
    for i in items:
        if i and i not in seen:
            seen.append(i)
    return seen
