"""Rubric points: taken from the question's rubric, or derived from its reference answer and insight text.

A point is one short statement a strong answer makes. Points come, in order of preference, from

1. `QuestionRecord.rubric` (kind "rubric");
2. the reference answer's bullets and sentences (kind "reference"); code blocks, tables, display maths,
   headings and bold label lines ("**Core idea:**") are not points;
3. the interviewer's "strong answer signals" in `QuestionRecord.insight` (kind "signal"), with their
   meta verbs ("Mentions", "Can explain") taken off. Signals are extra points with half weight when the
   question has rubric or reference points, and the only points otherwise.

Answers are split the same way into the sentences points are matched against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mldrill.grade.text import content_stems, split_sentences, words

MAX_POINTS = 8  # derived points kept per question (rubric points are never dropped)
SHORT_REFERENCE_WORDS = 40  # a reference this short, without bullets, is one point
MAX_ANSWER_SENTENCES = 40  # sentences of an answer that are graded; the rest is noted as not read
SIGNAL_WEIGHT = 0.5

_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_TABLE_RE = re.compile(r"^\s*\|.*\|\s*$|^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s")
_BULLET_RE = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_LABEL_RE = re.compile(r"^\s*(\*\*|__)[^*_]{1,80}(\*\*|__)\s*:?\s*$")
_ADMONITION_RE = re.compile(r"^\s*(!!!|\?\?\?\+?)\s*\w+")
_DISPLAY_MATH_RE = re.compile(r"\$\$.*?\$\$", re.S)
_HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|`)")
_LEAD_LABEL_RE = re.compile(r"^\s*(\*\*|__)([^*_]{1,60})(\*\*|__)\s*:?\s*")
_SIGNALS_HEAD_RE = re.compile(r"strong\s+answer\s+signals?", re.I)
_META_VERB_RE = re.compile(
    r"^(?:(?:can|could|will|should|is able to|able to)\s+)?(?:immediately\s+|clearly\s+|also\s+)?"
    r"(?:mentions?|knows?|explains?|discuss(?:es)?|describes?|gives?|draws?|shows?|notes?|understands?|"
    r"identif(?:y|ies)|recogni[sz]es?|talks? about|brings? up|compares?|distinguish(?:es)?|states?|"
    r"defines?|asks?|considers?|uses?|suggests?|proposes?|points? out|knows? about)\b\s*(?:that\s+|about\s+)?",
    re.I,
)


@dataclass(frozen=True)
class Point:
    text: str
    kind: str  # rubric | reference | signal
    weight: float = 1.0


def _inline_to_text(line: str) -> str:
    line = _IMAGE_RE.sub(" ", line)
    line = _LINK_RE.sub(r"\1", line)
    line = _HTML_TAG_RE.sub(" ", line)
    line = _EMPHASIS_RE.sub("", line)
    return re.sub(r"\s+", " ", line).strip()


def markdown_blocks(markdown: str) -> list[tuple[str, str]]:
    """Split markdown into ("bullet" | "para", plain text) blocks; code, tables, maths and headings dropped."""
    text = _DISPLAY_MATH_RE.sub("\n", markdown.replace("\r\n", "\n"))
    blocks: list[tuple[str, str]] = []
    para: list[str] = []
    in_fence = False
    in_bullet = False

    def flush() -> None:
        if para:
            blocks.append(("para", _inline_to_text(" ".join(para))))
            para.clear()

    for raw in text.split("\n"):
        if _FENCE_RE.match(raw):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if (
            not raw.strip()
            or _TABLE_RE.match(raw)
            or _HEADING_RE.match(raw)
            or _ADMONITION_RE.match(raw)
            or _LABEL_RE.match(raw)
        ):
            flush()
            in_bullet = False
            continue
        if _BULLET_RE.match(raw):
            flush()
            body = _BULLET_RE.sub("", raw, count=1)
            blocks.append(("bullet", _inline_to_text(_LEAD_LABEL_RE.sub(r"\2: ", body))))
            in_bullet = True
            continue
        if in_bullet:  # a wrapped bullet line
            kind, prev = blocks[-1]
            blocks[-1] = (kind, prev + " " + _inline_to_text(raw))
            continue
        para.append(_LEAD_LABEL_RE.sub(r"\2: ", raw.strip()))
    flush()
    return [(k, t) for k, t in blocks if t]


def _is_useful(text: str, min_content: int = 2) -> bool:
    return len(content_stems(words(text))) >= min_content


def points_from_markdown(markdown: str, limit: int = MAX_POINTS) -> list[str]:
    """Bullets and sentences of a reference answer, in order, as point texts. A short reference without
    bullets is one point."""
    blocks = markdown_blocks(markdown)
    if blocks and all(kind == "para" for kind, _ in blocks):
        whole = " ".join(text for _, text in blocks)
        if len(words(whole)) <= SHORT_REFERENCE_WORDS and any(ch.isalnum() for ch in whole):
            return [whole]
    out: list[str] = []
    for kind, block in blocks:
        pieces = [block] if kind == "bullet" and len(block) <= 300 else split_sentences(block)
        for piece in pieces:
            piece = piece.strip().rstrip(":").strip()
            if _is_useful(piece) and piece not in out:
                out.append(piece)
    if not out and blocks:  # a reference made only of short or function words ("Yes, it will.") is one point
        whole = " ".join(text for _, text in blocks)
        if any(ch.isalnum() for ch in whole):
            out = [whole]
    return out[:limit]


def signals_from_insight(insight: str) -> list[str]:
    """The bullets under "Strong answer signals" (or every bullet when there is no such heading)."""
    lines = insight.replace("\r\n", "\n").split("\n")
    start = next((i + 1 for i, line in enumerate(lines) if _SIGNALS_HEAD_RE.search(line)), 0)
    out: list[str] = []
    for line in lines[start:]:
        if not _BULLET_RE.match(line):
            if out and _LABEL_RE.match(line):
                break  # a new labelled section after the signals
            continue
        body = _inline_to_text(_BULLET_RE.sub("", line, count=1))
        body = _META_VERB_RE.sub("", body, count=1).strip()
        body = body[:1].upper() + body[1:]
        if _is_useful(body, 1):
            out.append(body)
    return out[:MAX_POINTS]


def derive_points(prompt: str, reference: str | None, rubric: list[str], insight: str | None) -> list[Point]:
    """The points an answer to this question is graded on (possibly none)."""
    core = [Point(r.strip(), "rubric") for r in rubric if r and r.strip()]
    if not core and reference and reference.strip():
        core = [Point(t, "reference") for t in points_from_markdown(reference)]
    signals = signals_from_insight(insight) if insight else []
    if not core:
        return [Point(s, "signal") for s in signals]
    seen = {p.text.lower() for p in core}
    extra = [Point(s, "signal", SIGNAL_WEIGHT) for s in signals if s.lower() not in seen]
    return core + extra


def answer_sentences(answer: str, limit: int = MAX_ANSWER_SENTENCES) -> tuple[list[str], bool]:
    """The answer's sentences (bullets and lines count as sentences), and whether some were cut off."""
    out: list[str] = []
    for _kind, block in markdown_blocks(answer):
        out.extend(s for s in split_sentences(block) if s.strip())
    if not out and answer.strip():
        out = [_inline_to_text(answer)]
    return out[:limit], len(out) > limit
