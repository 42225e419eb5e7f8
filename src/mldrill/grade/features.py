"""Features of one (rubric point, answer) pair: embedding similarities and lexical evidence.

The answer is cut into units: its sentences, each pair of neighbouring sentences, and the whole answer. A point
is matched against every unit; the best unit is the evidence shown to the person. Lexical features use light
stems of content words, leave out words the question already contains (restating the question earns
nothing), and look for negation or antonyms that turn the matched sentence against the point.

The same code computes features for fitting (scripts/fit_grader.py) and for grading.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mldrill.grade.align import TOKEN_FEATURES
from mldrill.grade.text import CONCEPTS, POLARITY_FLIPS, STOPWORDS, content_stems, is_negation, words

if TYPE_CHECKING:
    import numpy as np

LEXICAL_FEATURES = (
    "recall",
    "recall_new",
    "recall_unit",
    "soft_recall_new",
    "bigram_recall",
    "new_words",
    "focus",
    "q_overlap",
    "neg_parity",
    "neg_scope",
    "antonym",
    "len_log",
    "point_len",
    "point_q_overlap",
    "q_len",
)
EMBEDDING_FEATURES = (
    "cos_best",
    "cos_whole",
    "cos_demoted",
    "cos_qa",
    "cos_qp",
    "cos_margin",
    *TOKEN_FEATURES,
)
NEG_SCOPE = 5  # a negation flips the first concept shared with the other text among the next five
_ANSWER_PARTICLE_RE = re.compile(r"\b(?:no|yes)\s*[,.;:!]", re.I)  # "No, it is not..." does not negate "it"
NEW_WORDS_CAP = 12  # beyond this many new words, more words say nothing (length alone earns nothing)


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


@dataclass
class AnswerUnits:
    """An answer cut into units, with the views (and vectors, in embedding mode) of each."""

    sentences: list[str]
    units: list[
        str
    ]  # sentences, then neighbouring pairs, then the whole answer (when more than one sentence)
    views: list[TextView]
    whole: TextView
    vectors: Any = None  # np.ndarray (len(units), dim) or None
    whole_vector: Any = None
    spans: list[tuple[int, int]] = field(default_factory=list)  # sentence index range of each unit


def cut_units(sentences: list[str]) -> AnswerUnits:
    units = list(sentences)
    spans = [(i, i + 1) for i in range(len(sentences))]
    for i in range(len(sentences) - 1):
        units.append(sentences[i] + " " + sentences[i + 1])
        spans.append((i, i + 2))
    whole_text = " ".join(sentences)
    if len(sentences) > 2:
        units.append(whole_text)
        spans.append((0, len(sentences)))
    return AnswerUnits(
        sentences=sentences, units=units, views=[view(u) for u in units], whole=view(whole_text), spans=spans
    )


def attach_vectors(answer: AnswerUnits, sentence_vectors: np.ndarray, whole_vector: np.ndarray) -> None:
    """Unit vectors: sentences as embedded, pairs as the normalised sum, the whole answer as given."""
    import numpy as np

    n = len(answer.sentences)
    rows = [sentence_vectors[i] for i in range(n)]
    for i in range(n - 1):
        pair = sentence_vectors[i] + sentence_vectors[i + 1]
        rows.append(pair / max(float(np.linalg.norm(pair)), 1e-9))
    if n > 2:
        rows.append(whole_vector)
    answer.vectors = np.stack(rows) if rows else np.zeros((0, whole_vector.shape[0]), dtype=np.float32)
    answer.whole_vector = whole_vector


def _soft_match(word: str, pool: frozenset[str]) -> bool:
    if word in pool:
        return True
    if len(word) < 5:
        return False
    head = word[:5]
    return any(len(other) >= 5 and other[:5] == head for other in pool)


def _ratio(part: float, whole: float, empty: float = 0.0) -> float:
    return part / whole if whole else empty


@dataclass
class PointMatch:
    """Features of one point against one answer, and the unit that matched it best."""

    features: dict[str, float]
    unit: int  # index into AnswerUnits.units, -1 when the answer is empty
    evidence: str | None  # the text of that unit
    contradicted: bool  # the best unit negates or reverses a word it shares with the point


def lexical_unit_score(point: TextView, unit: TextView, question: TextView) -> float:
    key = point.stem_set - question.stem_set or point.stem_set
    return _ratio(len(key & unit.stem_set), len(key)) - 0.01 * len(unit.stems) / (1 + len(point.stems))


def match_point(
    point: TextView,
    answer: AnswerUnits,
    question: TextView,
    all_points: frozenset[str],
    point_vec: Any = None,
    question_vec: Any = None,
) -> PointMatch:
    """Features of `point` against `answer`. Vectors are given in embedding mode, else None."""
    a = answer.whole
    q_stems = question.stem_set
    new_point = point.stem_set - q_stems
    f: dict[str, float] = {}
    if answer.units:
        if point_vec is not None:
            sims = answer.vectors @ point_vec
            best = int(sims.argmax())
        else:
            best = max(
                range(len(answer.units)), key=lambda i: lexical_unit_score(point, answer.views[i], question)
            )
    else:
        best = -1
    unit = answer.views[best] if best >= 0 else view("")
    f["recall"] = _ratio(len(point.stem_set & a.stem_set), len(point.stem_set))
    f["recall_new"] = _ratio(len(new_point & a.stem_set), len(new_point), f["recall"])
    f["recall_unit"] = _ratio(len(point.stem_set & unit.stem_set), len(point.stem_set))
    f["soft_recall_new"] = _ratio(
        sum(_soft_match(w, a.stem_set) for w in (new_point or point.stem_set)),
        len(new_point or point.stem_set),
    )
    f["bigram_recall"] = _ratio(len(point.bigrams & a.bigrams), len(point.bigrams))
    a_new = a.stem_set - q_stems
    f["new_words"] = math.log1p(min(len(a_new), NEW_WORDS_CAP))
    f["focus"] = _ratio(len(a_new & (all_points | point.stem_set)), len(a_new))
    f["q_overlap"] = _ratio(len(a.stem_set & q_stems), len(a.stem_set))
    f["neg_parity"] = float((point.neg_count % 2) != (unit.neg_count % 2)) if best >= 0 else 0.0
    conflicts = polarity_conflicts(point, unit)
    f["neg_scope"] = float(any(not c.startswith("~") for c in conflicts))
    f["antonym"] = float(any(c.startswith("~") for c in conflicts))
    f["len_log"] = math.log1p(len(a.tokens))
    f["point_len"] = math.log1p(len(point.stems))
    f["point_q_overlap"] = _ratio(len(point.stem_set & q_stems), len(point.stem_set))
    f["q_len"] = math.log1p(len(question.tokens))
    if point_vec is not None:
        _embedding_features(f, answer, best, point_vec, question_vec)
    contradicted = bool(best >= 0 and (f["neg_scope"] or f["antonym"]))
    return PointMatch(f, best, answer.units[best] if best >= 0 else None, contradicted)


def polarity_conflicts(point: TextView, unit: TextView) -> list[str]:
    """Concepts the point and the unit both state, with opposite signs: "L1 never sets weights to zero" against
    "L1 drives weights to zero", "lower error" against "higher error". Double negation agrees: "not connected"
    matches "separated"."""
    shared = {k for k, _ in point.concepts} & {k for k, _ in unit.concepts} - {"!", "!1"}
    if not shared:
        return []
    mine, theirs = _polarity(point.concepts, shared), _polarity(unit.concepts, shared)
    return sorted(k for k, sign in mine.items() if sign and theirs.get(k, 0) == -sign)


def _embedding_features(f: dict[str, float], answer: AnswerUnits, best: int, p: Any, q: Any) -> None:
    import numpy as np

    if best < 0:
        f.update(
            cos_best=0.0, cos_whole=0.0, cos_demoted=0.0, cos_qa=0.0, cos_qp=float(p @ q), cos_margin=0.0
        )
        return
    whole = answer.whole_vector
    f["cos_best"] = float(answer.vectors[best] @ p)
    f["cos_whole"] = float(whole @ p)
    f["cos_qa"] = float(whole @ q)
    f["cos_qp"] = float(p @ q)
    a_d = whole - (whole @ q) * q
    p_d = p - (p @ q) * q
    f["cos_demoted"] = float(a_d @ p_d / max(float(np.linalg.norm(a_d) * np.linalg.norm(p_d)), 1e-9))
    f["cos_margin"] = f["cos_best"] - f["cos_qa"]


def feature_names(embedding: bool) -> tuple[str, ...]:
    return LEXICAL_FEATURES + EMBEDDING_FEATURES if embedding else LEXICAL_FEATURES


__all__ = [
    "EMBEDDING_FEATURES",
    "LEXICAL_FEATURES",
    "STOPWORDS",
    "AnswerUnits",
    "PointMatch",
    "TextView",
    "attach_vectors",
    "cut_units",
    "feature_names",
    "match_point",
    "view",
]
