"""Word-level alignment of a point with an answer, on the model's contextual word-piece vectors.

Each word piece of the point is matched with its most similar piece in the answer (and the other way round),
in the manner of BERTScore. Only content words count, and words the question already contains are left out,
so that repeating the question does not look like covering the point.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from mldrill.grade.text import STOPWORDS, is_negation, stem

if TYPE_CHECKING:
    import numpy as np

    from mldrill.grade.embed import TokenStates

TOKEN_FEATURES = (
    "tok_recall",
    "tok_recall_new",
    "tok_precision",
    "tok_f",
    "tok_cov",
    "tok_min",
    "tok_unexplained",
)
COVER_SIM = 0.7  # a point word counts as present when some answer piece is at least this similar
EXPLAIN_SIM = 0.6  # an answer word is explained by the points or the question at this similarity


@dataclass
class Pieces:
    """Word pieces of one or more texts with their weights."""

    vectors: np.ndarray  # (n, dim) float32
    content: np.ndarray  # (n,) 1.0 for pieces of content words
    new: np.ndarray  # (n,) 1.0 for pieces of content words the question does not contain


def pieces(states: list[TokenStates], question_stems: frozenset[str]) -> Pieces:
    import numpy as np

    dim = states[0].vectors.shape[1] if states else 384
    vecs = [s.vectors for s in states if len(s.words)]
    words = [w for s in states for w in s.words]
    kinds = [_word_kind(w) for w in words]
    content = np.array([c for c, _ in kinds], dtype=np.float32)
    new = np.array([c and s not in question_stems for c, s in kinds], dtype=np.float32)
    matrix = np.concatenate(vecs).astype(np.float32) if vecs else np.zeros((0, dim), dtype=np.float32)
    return Pieces(matrix, content, new)


@lru_cache(maxsize=65536)
def _word_kind(word: str) -> tuple[bool, str]:
    """(is a content word, its stem)."""
    content = any(ch.isalnum() for ch in word) and word not in STOPWORDS and not is_negation(word)
    return content, stem(word) if content else ""


def _weights(p: Pieces) -> np.ndarray:
    """Question-new content pieces; else all content pieces; else every piece."""
    import numpy as np

    for w in (p.new, p.content):
        if w.sum() > 0:
            return w
    return np.ones(len(p.vectors), dtype=np.float32)


def point_alignment(point: Pieces, answer: Pieces) -> dict[str, float]:
    """Recall-side features of one point against the whole answer."""
    if not len(point.vectors) or not len(answer.vectors):
        return {"tok_recall": 0.0, "tok_recall_new": 0.0, "tok_cov": 0.0, "tok_min": 0.0}
    best = (point.vectors @ answer.vectors.T).max(axis=1)
    content = point.content if point.content.sum() > 0 else _weights(point)
    w = _weights(point)
    return {
        "tok_recall": float((best * content).sum() / content.sum()),
        "tok_recall_new": float((best * w).sum() / w.sum()),
        "tok_cov": float(((best >= COVER_SIM) * w).sum() / w.sum()),
        "tok_min": float(best[w > 0].min()),
    }


def answer_alignment(answer: Pieces, points: Pieces, question: Pieces) -> dict[str, float]:
    """Precision-side features: how much of the answer's new content the points (or the question) explain."""
    if not len(answer.vectors) or not len(points.vectors):
        return {"tok_precision": 0.0, "tok_unexplained": 1.0}
    w = _weights(answer)
    to_points = (answer.vectors @ points.vectors.T).max(axis=1)
    to_question = (
        (answer.vectors @ question.vectors.T).max(axis=1) if len(question.vectors) else to_points * 0
    )
    explained = (to_points >= EXPLAIN_SIM) | (to_question >= EXPLAIN_SIM)
    return {
        "tok_precision": float((to_points * w).sum() / w.sum()),
        "tok_unexplained": float(((~explained) * w).sum() / w.sum()),
    }


def f_measure(recall: float, precision: float) -> float:
    return 2 * recall * precision / (recall + precision) if recall + precision > 0 else 0.0
