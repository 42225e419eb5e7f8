"""From the points' probabilities to a verdict, its confidence and a 0–5 score: one fitted ordinal model.

An interviewer passes an answer that states the core of what was asked, not every rubric point; a point stated
wrongly weighs against it. The answer's features are therefore

    coverage          weighted mean P(covered) over the points
    core              mean of the best half of the points' P (the core the answer did state)
    top               the best point's P
    contradicted      weighted share of points that the answer contradicts
    any_contradicted  1 when the answer contradicts any point

and, for one-point questions and for the rest separately, one latent value z = w · features orders the verdicts (ordinal logistic regression, fitted on human
grades from three sources: SemEval-2013, SAF and our own interview answers):

    P(at least partial) = sigmoid(z - cut_partial)      P(pass) = sigmoid(z - cut_pass)

The cuts give the verdict (pass from cut_pass up, partial from cut_partial), and `confidence` is the fitted
probability of that verdict. A pass or a fail whose probability is below `unsure_below` is not said: the
evidence is too weak, the verdict is "unsure", and the person rates. The score maps z piecewise-linearly onto 0–5 with the cuts on 1.5 and 3.0, so
that pass ⇔ score ≥ 3.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

SHAPES = ("single", "rubric", "reference")  # each shape of question has a model of its own


SINGLE_WORDS = 40  # a one-point question's point this long is a whole reference in one run-on sentence


def shape(points: Sequence[str], rubric: bool) -> str:
    """A one-point question passes on that point alone. A written rubric lists distinct points, and an answer
    passes on its core; points cut from a reference answer overlap and include its asides, so an answer
    states fewer of them (a reference that is one long run-on sentence is one of those too)."""
    if len(points) <= 1 and sum(len(p.split()) for p in points) <= SINGLE_WORDS:
        return "single"
    return "rubric" if rubric else "reference"


ANSWER_FEATURES = ("coverage", "core", "top", "contradicted", "any_contradicted")


@dataclass(frozen=True)
class Judgement:
    verdict: str  # fail | partial | pass | unsure
    leaning: str  # fail | partial | pass
    confidence: float
    score: float  # 0-5
    probabilities: dict[str, float]


@dataclass(frozen=True)
class AnswerModel:
    weights: tuple[float, ...]  # per ANSWER_FEATURES
    cut_partial: float
    cut_pass: float
    unsure_below: float

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AnswerModel:
        return cls(
            tuple(float(w) for w in d["weights"]),
            float(d["cut_partial"]),
            float(d["cut_pass"]),
            float(d["unsure_below"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(ANSWER_FEATURES),
            "weights": list(self.weights),
            "cut_partial": self.cut_partial,
            "cut_pass": self.cut_pass,
            "unsure_below": self.unsure_below,
        }

    def latent(self, feats: Sequence[float]) -> float:
        return sum(w * x for w, x in zip(self.weights, feats, strict=True))

    def judge(self, feats: Sequence[float]) -> Judgement:
        z = self.latent(feats)
        at_least_partial = _sigmoid(z - self.cut_partial)
        passing = _sigmoid(z - self.cut_pass)
        probs = {"fail": 1 - at_least_partial, "partial": at_least_partial - passing, "pass": passing}
        leaning = "pass" if z >= self.cut_pass else "partial" if z >= self.cut_partial else "fail"
        confidence = probs[leaning]
        # A partial verdict already says "some of it"; a pass or a fail must be sure to be said.
        verdict = leaning if leaning == "partial" or confidence >= self.unsure_below else "unsure"
        # The score agrees with the verdict even where rounding meets a cut.
        low, high = {"fail": (0.0, 1.49), "partial": (1.5, 2.99), "pass": (3.0, 5.0)}[leaning]
        score = min(max(round(self.score(z), 2), low), high)
        rounded = {k: round(v, 4) for k, v in probs.items()}
        return Judgement(verdict, leaning, round(confidence, 4), score, rounded)

    def score(self, z: float) -> float:
        """z onto 0–5: the latent value of an answer that states nothing on 0, of one that states every point
        on 5, the two cuts on 1.5 and 3.0, linear in between."""
        lo = min(self.latent(answer_features([0.0], [False], [1.0])), self.cut_partial - 1e-6)
        hi = max(self.latent(answer_features([1.0], [False], [1.0])), self.cut_pass + 1e-6)
        knots = [(lo, 0.0), (self.cut_partial, 1.5), (self.cut_pass, 3.0), (hi, 5.0)]
        if z <= lo:
            return 0.0
        for (z0, s0), (z1, s1) in pairwise(knots):
            if z <= z1:
                return s0 + (s1 - s0) * (z - z0) / max(z1 - z0, 1e-9)
        return 5.0


CONTRADICTION_OVERRULE = (
    0.75  # a contradicting sentence counts unless the point model is this sure of the point
)
CONTRADICTED_CAP = 0.25  # P(stated) of a contradicted point, at most


def contradiction(probability: float, conflict: bool) -> tuple[float, bool]:
    """A point's probability and whether it counts as contradicted, given that an answer clause conflicts with
    it: the conflict counts unless the fitted model (which sees it among its features) is confident the point is
    stated, since word-level polarity misreads some sentences; a contradicted point keeps little probability."""
    contradicted = conflict and probability < CONTRADICTION_OVERRULE
    return (min(probability, CONTRADICTED_CAP) if contradicted else probability), contradicted


def answer_features(
    probabilities: Sequence[float], contradicted: Sequence[bool], weights: Sequence[float]
) -> list[float]:
    """ANSWER_FEATURES of an answer from its points' probabilities, contradictions and weights."""
    total = sum(weights) or 1.0
    coverage = sum(p * w for p, w in zip(probabilities, weights, strict=True)) / total
    ranked = sorted(probabilities, reverse=True)
    half = ranked[: max(1, math.ceil(len(ranked) / 2))]
    core = sum(half) / len(half) if half else 0.0
    contra = sum(w for c, w in zip(contradicted, weights, strict=True) if c) / total
    top = ranked[0] if ranked else 0.0
    return [coverage, core, top, contra, 1.0 if any(contradicted) else 0.0]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, x))))
