"""Build one question from its anchor and region: prompt, metadata line, answer, interviewer's insight.

The region may hold a metadata line or bullets ("Difficulty: Hard | Time: 5 min", "- **Company**: X"), an explicit
prompt (a `**Question:**` line, the paragraph after a 'Question 3' label heading, a question right before an
answer block), the answer (`<details>`, `??? "View Answer"`, fenced text, bullets or prose, nested `A:` items)
and an "Interviewer's Insight" admonition whose bullets become the rubric.
"""

from __future__ import annotations

import re

from mldrill.ingest import normalize as nz
from mldrill.ingest.anchors import BOLD_NUMBER, EMH, MARKER, QA_PARA, SUFFIX, Anchor
from mldrill.ingest.blocks import Unit
from mldrill.ingest.sections import Sections
from mldrill.models import QuestionRecord, Resource

_QN_PREFIX = re.compile(r"^\s*(?:Q(?:uestion)?\s*\d+(?:\.\d+)*\s*[:.)]|#?\d+(?:\.\d+)*[.)]\s)\s*", re.I)
_LABELS = re.compile(r"\s*\(([^()]{1,60})\)\s*$")
_SOURCE_LINK = re.compile(
    r"\s*(?:\[\[(?:src|source|ref|link)\d*\]\]\([^)]*\)|\[\[(?:src|source|ref|link)\d*\]\([^)]*\)\]|"
    r"\[(?:src|source|ref)\d*\]\([^)]*\))",
    re.I,
)
_META_KEY = re.compile(
    r"^[-*+\s]*\*{0,2}(?:[A-Za-z]+ )?(Difficulty|Level|Time|Duration|Tags?|Topics?|Asked (?:by|at|in)|Companies|"
    r"Company)\*{0,2}\s*:",
    re.I,
)
_DETAILS = re.compile(r"</?details[^>]*>|<summary>.*?</summary>|</?summary>", re.I | re.S)
_HARD_BREAK = re.compile(r"(?:<br\s*/?>[ \t]*|[ \t]{2,}|\\)\n")
_CHOICE_CUE = re.compile(
    r"\b(?:mark|select|choose|pick|tick)\b.*\b(?:all|one|following|correct)\b|which of the following|"
    r"\bwhich (?:one|approach|technique|option|method|algorithm|statement)s?\b|true or false",
    re.I,
)


def build_question(
    a: Anchor, sec: Sections, lines: list[str], aliases: dict[str, str], legend: dict[str, str]
) -> QuestionRecord | None:
    u = a.unit
    prompt, companies, tags, difficulty = clean_title(u.text, a.kind, legend)
    if not prompt and not a.label:
        return None
    q = QuestionRecord(
        prompt=prompt, line=u.start + 1, difficulty=difficulty or a.difficulty, tags=tags + a.tags
    )
    parts = _inline_answer(a, q, legend)
    body_start = _body_start(a)
    region = sec.between(body_start, a.region_end)
    skip = _take_choices(a, region, q)
    meta = _read_region(a, region, lines, q, parts, skip)
    if not q.prompt or (a.label and q.prompt_line is None):
        return None
    rest = [lines[i] for i in range(body_start, a.region_end) if i not in skip and i < len(lines)]
    parts.append("\n".join(rest))
    q.answer = _answer_text(parts, nested=u.kind == "item")
    _apply_meta(q, meta, aliases)
    if not q.companies and companies:
        q.companies = nz.normalize_companies(companies, aliases)
    q.resources = [Resource(t, url) for t, url in nz.links_in(q.answer or "")][:20]
    return q


def _inline_answer(a: Anchor, q: QuestionRecord, legend: dict[str, str]) -> list[str]:
    """An answer inside the anchor's own paragraph: after an 'A:' line, after a hard line break
    ('<br/>', two trailing spaces) or after a first line that ends the question. The prompt is cut there."""
    u = a.unit
    if u.kind not in ("para", "item") or "\n" not in u.text:
        return []
    m = re.search(r"\n\**\s*(?:A|Answer)\s*[:.)]\**\s*", u.text) if a.kind == "para" else None
    if m:
        head, rest = u.text[: m.start()], u.text[m.end() :]
    else:
        head, rest = _split_head(u.text)
    if not rest.strip():
        return []
    q.prompt = clean_title(head, a.kind, legend)[0] or q.prompt
    return [rest]


def _split_head(text: str) -> tuple[str, str]:
    """Split a paragraph after its question: at the first hard line break, or after a first line ending in
    '?' when what follows is not itself a question."""
    m = _HARD_BREAK.search(text)
    if m:
        return text[: m.start()], text[m.end() :]
    first, _, rest = text.partition("\n")
    if nz.strip_markup(first).rstrip().endswith("?") and not nz.strip_markup(rest).rstrip().endswith("?"):
        return first, rest
    return text, ""


def _take_choices(a: Anchor, region: list[Unit], q: QuestionRecord) -> set[int]:
    """Move the options of a multiple-choice item into its prompt; return their lines."""
    skip: set[int] = set()
    choices = _choices(a, region)
    if choices:
        q.prompt += "\n\n" + "\n".join(f"{k}. {c.text}" for k, c in enumerate(choices, 1))
        for c in choices:
            skip.update(range(c.start, c.end))
    return skip


def _read_region(
    a: Anchor, region: list[Unit], lines: list[str], q: QuestionRecord, parts: list[str], skip: set[int]
) -> dict[str, str]:
    """Walk the units of a question's region: take out metadata, an explicit prompt, labels, the insight
    and admonition answers (into `parts`); mark their lines in `skip`. Returns the metadata."""
    meta: dict[str, str] = {}
    meta_open = True  # metadata comes first: one paragraph, or a run of 'Key: value' bullets
    saw_answer_block = False
    for v in region:
        if (
            meta_open
            and v.kind in ("para", "item")
            and _META_KEY.match(v.text)
            and (not meta or v.kind == "item")
        ):
            meta.update(_parse_meta(v.text))
        elif v.kind == "para" and not saw_answer_block and _is_explicit_prompt(v, region, a, q):
            q.prompt = _prompt_text(v.text)
            q.prompt_line = v.start + 1
        elif v.kind == "heading" and a.label and v.level == a.unit.level:
            pass  # the '## Solution' heading after a '## Problem' label
        elif v.kind == "para" and v.text.isupper() and len(v.text.split()) <= 4:
            pass  # a label such as "CODING QUESTION"
        elif v.kind == "admon" and re.search(r"insight|strong answer|what they", v.text, re.I):
            q.insight, q.rubric = _insight(lines, v)
        elif v.kind == "admon":
            meta_open, saw_answer_block = False, True
            body, insight = _admonition_body(lines, v)
            if insight:
                q.insight, q.rubric = insight
            parts.append(body)
        else:
            meta_open = False
            saw_answer_block = saw_answer_block or (v.kind == "html" and "<details" in v.text.lower())
            continue
        skip.update(range(v.start, v.end))
    return meta


def _choices(a: Anchor, region: list[Unit]) -> list[Unit]:
    """The options of a multiple-choice item ('Mark all that apply:' + a nested numbered list of short
    entries). They belong to the prompt, not the answer."""
    u = a.unit
    if u.kind != "item" or not (u.text.rstrip().endswith(":") or _CHOICE_CUE.search(u.text)):
        return []
    nested = [v for v in region if v.kind == "item" and v.level == u.level + 1 and v.start < u.end]
    if nested and all(v.ordered and 0 < len(v.text.split()) <= 30 for v in nested):
        return nested
    return []


def _body_start(a: Anchor) -> int:
    u = a.unit
    if u.kind == "item":
        return max(u.head_end, u.start + 1)
    return u.end


def _answer_text(parts: list[str], nested: bool) -> str | None:
    """Join the answer parts; drop <details> tags and a leading 'Answer:' label; un-indent what was nested
    under a list item. None when what is left says nothing."""
    answer = _DETAILS.sub("", "\n\n".join(p for p in parts if p.strip())).strip("\n")
    answer = nz.ANSWER_LABEL.sub("", answer, count=1)
    rows = answer.split("\n")
    while rows and not rows[0].strip():
        rows.pop(0)
    if nested:
        rows = _dedent(rows)
    answer = re.sub(r"\n{3,}", "\n\n", "\n".join(rows)).strip()
    last = next((r for r in reversed(rows) if r.strip() and nz.strip_markup(r)), "")
    if last and nz.is_placeholder(last) and re.search(r"[A-Za-z]{3}", last):
        return None  # 'Answer here' closes the body: what came before it is context, the slot is empty
    return answer if nz.has_substance(answer) else None


def clean_title(
    text: str, kind: str, legend: dict[str, str] | None = None
) -> tuple[str, list[str], list[str], str | None]:
    """Strip numbering, [E], 'Q1:', source links, difficulty marks, the ' - X Interview Question' suffix and
    (labels); return (prompt, companies, tags, difficulty)."""
    text = _SOURCE_LINK.sub("", text)
    t = nz.strip_markup(text) if kind != "para" else BOLD_NUMBER.sub("**", MARKER.sub("", text.strip()))
    t = re.sub(r"^[\s*_]*(?:Q|Question)\s*(?:\d+(?:\.\d+)*)?\s*[:.)][*_]*\s*", "", t, flags=re.I)
    difficulty = None
    m = EMH.match(t)
    if m:
        difficulty = nz.difficulty_of(f"[{m.group(1)}]")
        t = t[m.end() :]
    t = _QN_PREFIX.sub("", t)
    level, t = nz.take_difficulty(t, legend or {})
    difficulty = difficulty or level
    companies: list[str] = []
    tags: list[str] = []
    m2 = SUFFIX.search(t)
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


def _prompt_text(text: str) -> str:
    t = re.sub(r"^\*\*Question:?\*\*:?\s*", "", text).strip()
    if t.startswith("**") and t.endswith("**") and t.count("**") == 2:
        t = t[2:-2].strip()
    return t


def _is_explicit_prompt(v: Unit, region: list[Unit], a: Anchor, q: QuestionRecord) -> bool:
    if a.kind != "heading":
        return False
    if re.match(r"^\*\*Question:?\*\*", v.text):
        return True
    if a.label and q.prompt_line is None and not nz.ANSWER_LABEL.match(v.text):
        return True  # 'Question 3' heading: the first paragraph is the question
    later = [w for w in region if w.start > v.start]
    block_follows = bool(later) and (
        later[0].kind == "admon" or (later[0].kind == "html" and "<details" in later[0].text.lower())
    )
    return v.text.rstrip().endswith("?") and block_follows


def _parse_meta(text: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for part in re.split(r"\s*\|\s*|\n", text):
        m = re.match(r"[-*+\s]*\*{0,2}([A-Za-z ]+?)\*{0,2}\s*:\s*\*{0,2}\s*(.*)$", part.strip())
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
            tags = nz.split_list(value)
            q.tags.extend(tags)
            if tags and not q.topic:  # the page's own first tag beats the section it sits in
                q.topic = nz.slug(tags[0]) or None
        elif key.startswith("asked") or key.endswith(("company", "companies")):
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


__all__ = ["QA_PARA", "build_question", "clean_title"]
