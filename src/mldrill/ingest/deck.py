"""The mldrill deck format (docs/deck-format.md): every field explicit, nothing guessed."""

from __future__ import annotations

import re

import yaml

from mldrill.ingest import normalize as nz
from mldrill.ingest.blocks import Unit, parse_units
from mldrill.ingest.extract import Extracted
from mldrill.models import NoteRecord, QuestionRecord, Resource

_KEYS = {"id", "difficulty", "topic", "tags", "companies", "time", "kind"}
_SECTIONS = {"answer", "rubric", "resources"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TOPIC = re.compile(r"^[a-z0-9-]+(/[a-z0-9-]+)*$")


def deck_front_matter(text: str) -> dict[str, object] | None:
    """The front matter of a deck file, or None when the text is not a deck file."""
    if not text.startswith("---"):
        return None
    parts = text.split("\n---", 1)
    if len(parts) < 2:
        return None
    try:
        data = yaml.safe_load(parts[0].lstrip("-"))
    except yaml.YAMLError:
        return None
    if isinstance(data, dict) and str(data.get("format", "")).startswith("mldrill-deck/"):
        return data
    return None


def parse_deck(text: str, path: str, inner_file: str | None = None) -> Extracted:
    fm = deck_front_matter(text) or {}
    out = Extracted(shape="deck")
    lines = text.split("\n")
    units = parse_units(text)
    default_topic = str(fm.get("topic") or "") or None
    is_notes = fm.get("kind") == "notes"
    questions = [k for k, u in enumerate(units) if u.kind == "heading" and u.level == 2]
    seen: set[str] = set()
    for n, k in enumerate(questions):
        head = units[k]
        end_k = questions[n + 1] if n + 1 < len(questions) else len(units)
        body = units[k + 1 : end_k]
        end_line = units[end_k].start if end_k < len(units) else len(lines)
        meta, meta_unit = _meta(body, path, head, out)
        if is_notes:
            start = meta_unit.end if meta_unit else head.end
            out.notes.append(
                NoteRecord(
                    title=nz.strip_markup(head.text),
                    body="\n".join(lines[start:end_line]).strip(),
                    topic=meta.get("topic") or default_topic,
                    kind=meta.get("kind") or "guidance",
                    line=head.start + 1,
                    inner_file=inner_file,
                )
            )
            continue
        q = QuestionRecord(prompt=nz.strip_markup(head.text), line=head.start + 1, inner_file=inner_file)
        q.key = meta.get("id")
        where = f"{path}:{head.start + 1}"
        if not q.key or not _ID.match(q.key):
            out.warnings.append(f"{where}: missing or bad id {q.key!r} (lower-case letters, digits, '-')")
            q.key = None
        elif q.key in seen:
            out.warnings.append(f"{where}: duplicate id {q.key!r}")
        seen.add(q.key or "")
        q.difficulty = meta.get("difficulty")
        if q.difficulty not in ("easy", "medium", "hard"):
            out.warnings.append(f"{where}: difficulty must be easy, medium or hard, not {q.difficulty!r}")
            q.difficulty = nz.difficulty_of(q.difficulty or "")
        q.topic = meta.get("topic") or default_topic
        if not q.topic or not _TOPIC.match(q.topic):
            out.warnings.append(f"{where}: topic must be a path of lower-case slugs, not {q.topic!r}")
        q.tags = nz.split_list(meta.get("tags", "").replace("/", " "))
        q.companies = nz.normalize_companies(nz.split_list(meta.get("companies", "")), {})
        if "time" in meta:
            q.time_minutes = nz.minutes_of(meta["time"])
        sections = _sections(body, lines, end_line, where, out)
        q.answer = sections.get("answer") or None
        q.rubric = [
            nz.strip_markup(x) for x in re.findall(r"^\s*[-*+]\s+(.+)$", sections.get("rubric", ""), re.M)
        ]
        q.resources = [Resource(t, u) for t, u in nz.links_in(sections.get("resources", ""))]
        if not q.answer:
            out.warnings.append(f"{where}: no ### Answer section")
        if not 3 <= len(q.rubric) <= 6:
            out.warnings.append(f"{where}: {len(q.rubric)} rubric points (the format asks for 3-6)")
        out.questions.append(q)
    return out


def _meta(body: list[Unit], path: str, head: Unit, out: Extracted) -> tuple[dict[str, str], Unit | None]:
    if not body or body[0].kind != "para":
        return {}, None
    meta: dict[str, str] = {}
    for line in body[0].text.split("\n"):
        m = re.match(r"^([A-Za-z_]+)\s*:\s*(.*)$", line.strip())
        if not m:
            return {}, None
        key = m.group(1).lower()
        if key not in _KEYS:
            out.warnings.append(f"{path}:{body[0].start + 1}: unknown key {key!r} in the metadata block")
        meta[key] = m.group(2).strip()
    return meta, body[0]


def _sections(
    body: list[Unit], lines: list[str], end_line: int, where: str, out: Extracted
) -> dict[str, str]:
    heads = [u for u in body if u.kind == "heading" and u.level == 3]
    sections: dict[str, str] = {}
    for i, h in enumerate(heads):
        name = nz.strip_markup(h.text).lower()
        stop = heads[i + 1].start if i + 1 < len(heads) else end_line
        if name not in _SECTIONS:
            out.warnings.append(f"{where}: unknown section '### {h.text}'")
            continue
        sections[name] = "\n".join(lines[h.end : stop]).strip()
    return sections
