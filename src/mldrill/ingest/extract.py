"""Find the questions in one markdown document, whatever its shape.

The document is cut into units (blocks.py); the question anchors are chosen by the document's dominant shape
(anchors.py); each anchor's region is read into a question (question.py); tables of questions are read row by
row (tables.py); sections without questions become notes, and "Questions asked in X interview" lists become
company topics (notes.py). Tags come from front matter, enclosing headings and group labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from mldrill.ingest import normalize as nz
from mldrill.ingest.anchors import EMH, choose_anchors, heading_is_question
from mldrill.ingest.blocks import Unit, parse_units, release_headings
from mldrill.ingest.notes import COMPANY_LIST, company_aliases, company_lists, section_notes, topic_of
from mldrill.ingest.question import build_question
from mldrill.ingest.sections import Sections, inside
from mldrill.ingest.tables import table_questions
from mldrill.models import NoteRecord, QuestionRecord

_COMPANY_SECTION = re.compile(r"^(Company\s+[A-Z0-9]\w*|[A-Z]\w+)\s+(?i:interview\s+)?(?i:questions)\b")


@dataclass
class Extracted:
    questions: list[QuestionRecord] = field(default_factory=list)
    notes: list[NoteRecord] = field(default_factory=list)
    company_topics: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    shape: str = "notes"


def extract(text: str, inner_file: str | None = None) -> Extracted:
    text = release_headings(text)
    lines = text.split("\n")
    units = parse_units(text)
    out = Extracted()
    fm_unit = next((u for u in units if u.kind == "front_matter"), None)
    fm = _front_matter(fm_unit)
    single = _front_matter_question(fm, fm_unit, lines, inner_file) if fm_unit else None
    if single is not None:  # a one-question file whose front matter holds the question
        out.questions.append(single)
        out.shape = "front-matter-question"
        return out
    doc_tags = _front_matter_tags(fm)
    sec = Sections(units)
    company_units = company_lists(units, out.company_topics)
    anchors, out.shape = choose_anchors(units, sec, lines, company_units)
    labels = _group_labels(units)
    aliases = company_aliases(units)
    legend = nz.difficulty_legend(text)
    levels = _heading_difficulties(sec, legend)
    covered: list[tuple[int, int]] = []
    for a in anchors:
        q = build_question(a, sec, lines, aliases, legend)
        if q is None:
            continue
        q.inner_file = inner_file
        q.tags = _dedupe(doc_tags + _section_tags(a.unit, sec, labels) + q.tags)
        q.topic = q.topic or topic_of(a.unit, sec)
        q.difficulty = q.difficulty or next(
            (levels[id(h)] for h in reversed(sec.path(a.unit)) if levels[id(h)]), None
        )
        if not q.companies:
            q.companies = _section_companies(a.unit, sec)
        out.questions.append(q)
        covered.append((a.unit.start, a.region_end))
    covered.sort()
    for u in units:
        if u.kind in ("table", "rows") and not inside(covered, u.start):
            for q in table_questions(u, aliases):
                q.inner_file = inner_file
                q.topic = (nz.slug(q.tags[0]) if q.tags else None) or topic_of(u, sec)
                q.tags = _dedupe(doc_tags + q.tags)
                out.questions.append(q)
    out.notes = section_notes(sec, covered, company_units, lines, inner_file, out.shape == "notes")
    out.questions.sort(key=lambda q: q.line)
    return out


# --- tags, topics, companies and difficulty given by the context -----------------------------------------


def _front_matter(fm: Unit | None) -> dict[str, object]:
    if fm is None:
        return {}
    try:
        data = yaml.safe_load(fm.text)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _front_matter_tags(fm: dict[str, object]) -> list[str]:
    tags = fm.get("tags") or []
    if isinstance(tags, str):
        tags = nz.split_list(tags)
    return [str(t) for t in tags if t] if isinstance(tags, list) else []


def _front_matter_question(
    fm: dict[str, object], unit: Unit, lines: list[str], inner_file: str | None
) -> QuestionRecord | None:
    """`question:` (or `prompt:`, or `title:` with `type: question`) in the front matter: the file is one
    question, its body the answer; company, difficulty, tags and topic come from the other keys."""
    key = next((k for k in ("question", "prompt") if isinstance(fm.get(k), str)), None)
    if key is None and str(fm.get("type") or fm.get("layout") or "").lower() in ("question", "problem"):
        key = "title" if isinstance(fm.get("title"), str) else None
    if key is None or not str(fm[key]).strip():
        return None
    line = next((i for i in range(unit.start, unit.end) if re.match(rf"^{key}\s*:", lines[i])), unit.start)
    body = "\n".join(lines[unit.end :]).strip()
    q = QuestionRecord(prompt=str(fm[key]).strip(), line=line + 1, inner_file=inner_file)
    q.answer = body if nz.has_substance(body) else None
    q.tags = _front_matter_tags(fm)
    companies = fm.get("companies") or fm.get("company") or fm.get("asked_by") or []
    names = nz.split_list(companies) if isinstance(companies, str) else []
    if isinstance(companies, list):
        names = [str(c) for c in companies]
    q.companies = nz.normalize_companies(names, {})
    level = fm.get("difficulty") or fm.get("level")
    q.difficulty = nz.difficulty_of(str(level)) if level else None
    topic = fm.get("topic") or fm.get("category")
    q.topic = str(topic) if isinstance(topic, str) and topic else None
    return q


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
            if v.text and not nz.looks_like_question(v.text) and len(v.text.split()) <= 6:
                labels[id(u)] = nz.strip_markup(v.text).rstrip(".")
        if not EMH.match(u.text):
            for lvl in [lvl for lvl in last if lvl >= u.level]:
                del last[lvl]
            last[u.level] = u
    return labels


def _section_tags(u: Unit, sec: Sections, labels: dict[int, str]) -> list[str]:
    tags = [
        nz.strip_markup(re.sub(r"<a [^>]*>.*?</a>", "", h.text))
        for h in sec.path(u)
        if not heading_is_question(h) and not COMPANY_LIST.search(h.text)
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


def _heading_difficulties(sec: Sections, legend: dict[str, str]) -> dict[int, str | None]:
    """The difficulty each heading gives what it holds ('## 🟢 Easy', '### Hard questions'); None for 'Basics'
    and for question headings."""
    out: dict[int, str | None] = {}
    for h in sec.headings:
        short = len(nz.strip_markup(h.text).split()) <= 6
        out[id(h)] = nz.label_difficulty(h.text, legend) if short and not heading_is_question(h) else None
    return out


def _dedupe(items: list[str]) -> list[str]:
    seen: list[str] = []
    for i in items:
        if i and i not in seen:
            seen.append(i)
    return seen
