"""Features of one (rubric point, answer) pair: embedding similarities and lexical evidence.

The answer is cut into units: its sentences, each pair of neighbouring sentences, and the whole answer. A point
is matched against every unit; the best unit is the evidence shown to the person. Lexical features use light
stems of content words, leave out words the question already contains (restating the question earns
nothing), and look for negation or antonyms that turn the matched sentence against the point.

The same code computes features for fitting (scripts/fit_grader.py) and for grading.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mldrill.grade.text import ANTONYMS, STOPWORDS, content_stems, is_negation, stem, words

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
)
EMBEDDING_FEATURES = ("cos_best", "cos_whole", "cos_demoted", "cos_qa", "cos_qp", "cos_margin")
NEG_SCOPE = 4  # content words after a negation cue that it governs


@dataclass
class TextView:
    """A text with its tokens and stems, computed once."""

    text: str
    tokens: list[str]
    stems: list[str]
    stem_set: frozenset[str]
    negated: frozenset[str]  # content stems inside a negation's scope
    neg_count: int
    all_stems: frozenset[str]  # stems of every token, stop words included (for antonyms)

    @property
    def bigrams(self) -> set[tuple[str, str]]:
        return set(zip(self.stems, self.stems[1:], strict=False))


@lru_cache(maxsize=8192)
def view(text: str) -> TextView:
    tokens = words(text)
    negated: set[str] = set()
    for i, tok in enumerate(tokens):
        if is_negation(tok):
            negated.update(content_stems(tokens[i + 1 : i + 1 + NEG_SCOPE + 3])[:NEG_SCOPE])
    stems = content_stems(tokens)
    return TextView(
        text=text,
        tokens=tokens,
        stems=stems,
        stem_set=frozenset(stems),
        negated=frozenset(negated),
        neg_count=sum(1 for t in tokens if is_negation(t)),
        all_stems=frozenset(stem(t) for t in tokens),
    )


@dataclass
class AnswerUnits:
    """An answer cut into units, with the views (and vectors, in embedding mode) of each."""

    sentences: list[str]
    units: list[str]  # sentences, then neighbouring pairs, then the whole answer (when more than one sentence)
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
    """Unit vectors: sentences as embedded, pairs as the normalised sum, the whole answer as embedded."""
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
    contradicted: bool


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
            best = max(range(len(answer.units)), key=lambda i: lexical_unit_score(point, answer.views[i], question))
    else:
        best = -1
    unit = answer.views[best] if best >= 0 else view("")
    f["recall"] = _ratio(len(point.stem_set & a.stem_set), len(point.stem_set))
    f["recall_new"] = _ratio(len(new_point & a.stem_set), len(new_point), f["recall"])
    f["recall_unit"] = _ratio(len(point.stem_set & unit.stem_set), len(point.stem_set))
    f["soft_recall_new"] = _ratio(
        sum(_soft_match(w, a.stem_set) for w in (new_point or point.stem_set)), len(new_point or point.stem_set)
    )
    f["bigram_recall"] = _ratio(len(point.bigrams & a.bigrams), len(point.bigrams))
    a_new = a.stem_set - q_stems
    f["new_words"] = math.log1p(len(a_new))
    f["focus"] = _ratio(len(a_new & (all_points | point.stem_set)), len(a_new))
    f["q_overlap"] = _ratio(len(a.stem_set & q_stems), len(a.stem_set))
    f["neg_parity"] = float((point.neg_count % 2) != (unit.neg_count % 2)) if best >= 0 else 0.0
    shared = point.stem_set & unit.stem_set
    f["neg_scope"] = float(bool((point.negated ^ unit.negated) & shared))
    f["antonym"] = float(_antonym_conflict(point, unit))
    f["len_log"] = math.log1p(len(a.tokens))
    f["point_len"] = math.log1p(len(point.stems))
    f["point_q_overlap"] = _ratio(len(point.stem_set & q_stems), len(point.stem_set))
    if point_vec is not None:
        _embedding_features(f, answer, best, point_vec, question_vec)
    contradicted = bool(best >= 0 and (f["neg_scope"] or f["antonym"]) and f["recall_unit"] >= 0.5)
    return PointMatch(f, best, contradicted)


def _antonym_conflict(point: TextView, unit: TextView) -> bool:
    for s in point.all_stems - unit.all_stems:
        opposite = ANTONYMS.get(s)
        if opposite and opposite & unit.all_stems and not (opposite & point.all_stems):
            return True
    return False


def _embedding_features(f: dict[str, float], answer: AnswerUnits, best: int, p: Any, q: Any) -> None:
    import numpy as np

    if best < 0:
        f.update(cos_best=0.0, cos_whole=0.0, cos_demoted=0.0, cos_qa=0.0, cos_qp=float(p @ q), cos_margin=0.0)
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
