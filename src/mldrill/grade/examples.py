"""Marked answers: earlier answers to the same question that a person judged correct or incorrect.

A reference answer says what a good answer contains; marked answers show how people actually put it, right
and wrong. When a question has some, the grader compares the new answer with them (embedding cosine and
content-word Jaccard, nearest correct against nearest incorrect, a similarity-weighted vote of the five
nearest) and a second fitted model combines that with the reference-only probability into P(correct).

Only answers of up to MAX_EXAMPLE_WORDS words are compared: the fitted data holds nothing longer, and a long
answer that covers several points is judged by those points. The features are computed here for both grading
and fitting (scripts/fit_grader.py), from the same vectors:
each text embedded on its own by `TextEncoder.embed`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mldrill.grade.features import view

NEAREST = 5  # the vote is over this many nearest marked answers
MAX_EXAMPLES = 200  # at most this many marked answers are read per question (the newest)
# The comparison was fitted on short answers (SemEval: 99% have at most 38 words); longer answers are graded
# by their points alone.
MAX_EXAMPLE_WORDS = 50

EMBEDDING_EXAMPLE_FEATURES = (
    "ex_base",
    "ex_cos_correct",
    "ex_cos_incorrect",
    "ex_cos_margin",
    "ex_vote",
    "ex_jac_correct",
    "ex_jac_incorrect",
    "ex_jac_margin",
    "ex_count",
)
LEXICAL_EXAMPLE_FEATURES = (
    "ex_base",
    "ex_jac_correct",
    "ex_jac_incorrect",
    "ex_jac_margin",
    "ex_jac_vote",
    "ex_count",
)
# +1: more of it never lowers P(correct); -1: never raises it
EXAMPLE_MONOTONE = {
    "ex_base": 1,
    "ex_cos_correct": 1,
    "ex_cos_incorrect": -1,
    "ex_cos_margin": 1,
    "ex_vote": 1,
    "ex_jac_correct": 1,
    "ex_jac_incorrect": -1,
    "ex_jac_margin": 1,
    "ex_jac_vote": 1,
}


@dataclass(frozen=True)
class Example:
    """An earlier answer to the question and whether a person judged it correct."""

    text: str
    correct: bool


@dataclass(frozen=True)
class Prepared:
    """A text's vector (None in lexical mode) and content stems."""

    vector: Any
    stems: frozenset[str]


@dataclass
class ExampleMatch:
    """What the marked answers contributed to a grade."""

    count: int  # marked answers compared
    nearest: str  # the most similar one
    nearest_correct: bool
    similarity: float  # cosine (lexical mode: Jaccard) with it
    probability_before: float  # P(correct) from the reference alone
    probability: float  # P(correct) with the marked answers


def prepare(texts: Sequence[str], encoder: Any | None) -> list[Prepared]:
    vectors = encoder.embed(list(texts)) if encoder is not None and texts else [None] * len(texts)
    return [Prepared(v, view(t).stem_set) for t, v in zip(texts, vectors, strict=True)]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def similarities(answer: Prepared, pool: Sequence[Prepared], embedding: bool) -> dict[str, list[float]]:
    """The answer's Jaccard ("jac") and, with embeddings, cosine ("cos") with every marked answer."""
    sims = {"jac": [_jaccard(answer.stems, p.stems) for p in pool]}
    if embedding:
        sims["cos"] = [float(answer.vector @ p.vector) for p in pool]
    return sims


def example_features(base: float, sims: dict[str, list[float]], labels: Sequence[bool]) -> dict[str, float]:
    """Features of one answer against non-empty marked answers, from `similarities` and their labels. `base`
    is P(correct) from the reference alone. A class with no marked answer counts as similarity 0."""
    labels = list(labels)
    feats = {
        "ex_base": base,
        "ex_count": math.log1p(len(labels)),
        **_pair("ex_jac", sims["jac"], labels),
        "ex_jac_vote": _vote(sims["jac"], labels),
    }
    if "cos" in sims:
        feats.update(_pair("ex_cos", sims["cos"], labels))
        feats["ex_vote"] = _vote(sims["cos"], labels)
    return feats


def _pair(prefix: str, sims: list[float], labels: list[bool]) -> dict[str, float]:
    best_ok = max((s for s, ok in zip(sims, labels, strict=True) if ok), default=0.0)
    best_bad = max((s for s, ok in zip(sims, labels, strict=True) if not ok), default=0.0)
    return {
        f"{prefix}_correct": best_ok,
        f"{prefix}_incorrect": best_bad,
        f"{prefix}_margin": best_ok - best_bad,
    }


def _vote(sims: list[float], labels: list[bool]) -> float:
    """Share of correct among the NEAREST most similar marked answers, weighted by similarity."""
    nearest = sorted(zip(sims, labels, strict=True), key=lambda pair: -pair[0])[:NEAREST]
    total = sum(max(s, 0.0) for s, _ in nearest)
    if total <= 1e-9:
        return sum(ok for _, ok in nearest) / len(nearest)
    return sum(max(s, 0.0) for s, ok in nearest if ok) / total


def nearest(sims: dict[str, list[float]]) -> tuple[int, float]:
    """Index of the most similar marked answer (by cosine, else Jaccard) and its similarity."""
    values = sims.get("cos", sims["jac"])
    i = max(range(len(values)), key=values.__getitem__)
    return i, values[i]
