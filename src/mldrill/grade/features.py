"""A text as the grader reads it: tokens, light stems of content words, and the concepts it states with their
sign, and the polarity check between two texts ("L1 never sets weights to zero" against "L1 drives weights to
zero"; "lower error" against "higher error").

Everything here is pure Python and cached per text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mldrill.grade.text import CONCEPTS, POLARITY_FLIPS, content_stems, is_negation, words

NEG_SCOPE = 5  # a negation flips the first concept shared with the other text among the next five
_ANSWER_PARTICLE_RE = re.compile(r"\b(?:no|yes)\s*[,.;:!]", re.I)  # "No, it is not..." does not negate "it"


@dataclass
class TextView:
    """A text with its tokens and stems, computed once."""

    text: str
    tokens: list[str]
    stems: list[str]
    stem_set: frozenset[str]
    concepts: tuple[tuple[str, int], ...]  # (concept key, sign) in order; ("!", 0) marks a negation cue
    neg_count: int

    @property
    def bigrams(self) -> set[tuple[str, str]]:
        return set(zip(self.stems, self.stems[1:], strict=False))


@lru_cache(maxsize=8192)
def view(text: str) -> TextView:
    tokens = words(text)
    stems = content_stems(tokens)
    return TextView(
        text=text,
        tokens=tokens,
        stems=stems,
        stem_set=frozenset(stems),
        concepts=_concepts(words(_ANSWER_PARTICLE_RE.sub(" ", text))),
        neg_count=sum(1 for t in tokens if is_negation(t)),
    )


def _concepts(tokens: list[str]) -> tuple[tuple[str, int], ...]:
    """The concepts a text states, in order. A content word is its own concept (sign +1); the two words of an
    antonym pair share one concept with opposite signs ("higher" +1, "lower" -1). Negation cues are ("!", 0)."""
    out: list[tuple[str, int]] = []
    for i, tok in enumerate(tokens):
        if is_negation(tok):
            out.append(("!", 0))
            continue
        if tok in POLARITY_FLIPS and i + 1 < len(tokens) and tokens[i + 1].endswith("ing"):
            out.append(("!1", 0))  # "stops improving": flips the next word only
            continue
        st = content_stems([tok])
        if st:
            out.append(CONCEPTS.get(st[0], (st[0], 1)))
    return tuple(out)


def _polarity(concepts: tuple[tuple[str, int], ...], shared: set[str]) -> dict[str, int]:
    """Sign of each shared concept: a negation cue flips the first shared concept within NEG_SCOPE concepts
    after it. A concept seen with both signs gets 0."""
    out: dict[str, int] = {}
    pending = -1  # concepts left in the scope of the last negation cue, -1 when none
    for key, sign in concepts:
        if key in ("!", "!1"):
            pending = NEG_SCOPE if key == "!" else 1
            continue
        if key in shared:
            if pending > 0:
                sign, pending = -sign, -1
            out[key] = sign if out.get(key, sign) == sign else 0
        if pending > 0:
            pending -= 1
    return out


def polarity_conflicts(point: TextView, unit: TextView) -> list[str]:
    """Concepts the point and the unit both state, with opposite signs: "L1 never sets weights to zero" against
    "L1 drives weights to zero", "lower error" against "higher error". Double negation agrees: "not connected"
    matches "separated"."""
    shared = {k for k, _ in point.concepts} & {k for k, _ in unit.concepts} - {"!", "!1"}
    if not shared:
        return []
    mine, theirs = _polarity(point.concepts, shared), _polarity(unit.concepts, shared)
    return sorted(k for k, sign in mine.items() if sign and theirs.get(k, 0) == -sign)


__all__ = ["TextView", "polarity_conflicts", "view"]
