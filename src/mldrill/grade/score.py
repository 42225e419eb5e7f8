"""Grade a typed answer: per-point coverage, a 0–5 score, a verdict and a suggested FSRS rating.

    points (rubric / reference / signals) ──► analyse (features per point) ──► fitted point model
        ──► P(covered) per point ──► credit per point ──► weighted mean × 5 = score ──► verdict, rating

A point is covered when its probability reaches the model's threshold (fitted on human grades) and the matched
sentence does not contradict it. The score maps that threshold to 3.0, the pass line, so that a one-point
question passes exactly when its point is covered.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from mldrill.errors import MldrillError
from mldrill.grade.embed import ModelUnavailable, TextEncoder, load_embedder
from mldrill.grade.evidence import Analysis, PointEvidence, analyse
from mldrill.grade.examples import (
    MAX_EXAMPLE_WORDS,
    MAX_EXAMPLES,
    Example,
    ExampleMatch,
    example_features,
    nearest,
    prepare,
    similarities,
)
from mldrill.grade.features import view
from mldrill.grade.model import PointModel, load_answer_model, load_params
from mldrill.grade.points import Point, derive_points
from mldrill.grade.verdict import Judgement, answer_features, contradiction, shape
from mldrill.models import QuestionRecord
from mldrill.ratings import RATING_NAMES, UNSURE, rating_for

RESTATED_CAP = 0.1  # credit cap for an answer that adds nothing to the question
RESTATED_SHARE = 0.5  # ... and repeats at least this share of the question's content words
RATINGS = RATING_NAMES


class NotGradable(MldrillError):
    """The question has nothing to grade against."""


@dataclass
class PointResult:
    text: str
    covered: bool
    similarity: (
        float  # cosine of the point and its best-matching unit (lexical mode: share of its words found)
    )
    matched: str | None  # the answer sentence(s) that match the point best
    contradicted: bool
    probability: float  # fitted P(covered)
    kind: str = "rubric"  # rubric | reference | signal
    weight: float = 1.0
    explanation: str = (
        ""  # one line: which sentence covers the point, that none does, or which contradicts it
    )

    @property
    def status(self) -> str:
        """covered | contradicted | missed"""
        return "covered" if self.covered else "contradicted" if self.contradicted else "missed"


@dataclass
class Grade:
    score: float  # 0–5
    verdict: str  # fail | partial | pass | unsure (the evidence is too weak to say; the person rates)
    points: list[PointResult]
    missed: list[str]
    suggested_rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    mode: str  # embedding | lexical
    notes: list[str] = field(default_factory=list)
    model: str | None = None
    examples: ExampleMatch | None = None  # what earlier marked answers contributed, when there were any
    confidence: float = 1.0  # the fitted probability of the verdict (of `leaning` when unsure)
    leaning: str = ""  # fail | partial | pass: the most likely verdict, also when the grade is unsure

    @property
    def sure(self) -> bool:
        """False when the verdict is unsure: show the model answer and let the person rate."""
        return self.verdict != UNSURE

    @property
    def rating_name(self) -> str:
        return RATINGS[self.suggested_rating]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["rating_name"] = self.rating_name
        d["sure"] = self.sure
        for p, r in zip(d["points"], self.points, strict=True):
            p["status"] = r.status
        return d


def grade_answer(
    question: QuestionRecord,
    answer: str,
    *,
    embedder: TextEncoder | None = None,
    lexical_only: bool = False,
    examples: Sequence[Example] = (),
) -> Grade:
    """Grade `answer` against the question's rubric points (or points derived from its reference answer).

    With no `embedder` the bundled model is loaded once per process; when it cannot be loaded, or with
    `lexical_only`, grading uses lexical features alone and says so in `mode` and `notes`. `examples` are
    earlier answers to this question that a person marked correct or incorrect; with them, a second fitted
    model sets the score from the reference-only probability and the answer's likeness to them.
    """
    points = derive_points(question.prompt, question.answer, question.rubric, question.insight)
    if not points:
        raise NotGradable(
            "this question has no reference answer, rubric or interviewer's insight to grade against; "
            "add your own answer to it first"
        )
    # Text from a terminal or a pipe may carry lone surrogates (undecodable bytes); the tokenizer rejects them.
    answer = answer.encode("utf-8", "replace").decode("utf-8")
    notes: list[str] = []
    encoder: TextEncoder | None = None
    if lexical_only:
        notes.append("lexical mode: the embedding model was not asked for")
    else:
        try:
            encoder = embedder if embedder is not None else load_embedder()
        except ModelUnavailable as exc:
            notes.append(f"lexical mode: {exc}")
    return grade_points(question.prompt, points, answer, encoder, notes=notes, examples=examples)


def grade_points(
    prompt: str,
    points: list[Point],
    answer: str,
    encoder: TextEncoder | None,
    *,
    notes: list[str] | None = None,
    examples: Sequence[Example] = (),
) -> Grade:
    """The grading core: points already derived, encoder given (None for lexical mode)."""
    if not points:
        raise NotGradable("there are no points to grade against")
    mode = "embedding" if encoder is not None else "lexical"
    model = load_params()[mode]
    question_shape = shape([p.text for p in points], any(p.kind == "rubric" for p in points))
    judge_model = load_answer_model(mode, question_shape)
    notes = list(notes or [])
    name = getattr(encoder, "name", None)
    examples = [_clean(e) for e in examples if e.text.strip()][-MAX_EXAMPLES:]
    if not answer.strip() or not any(ch.isalnum() for ch in answer):
        results = [
            PointResult(p.text, False, 0.0, None, False, 0.0, p.kind, p.weight, explain("missed", None))
            for p in points
        ]
        return _finish(results, _certain_fail(), mode, [*notes, "empty answer"], name)
    analysis = analyse(prompt, [p.text for p in points], answer, encoder)
    if analysis.truncated:
        notes.append(f"long answer: only its first {len(analysis.sentences)} sentences were graded")
    results = [_point_result(p, m, model) for p, m in zip(points, analysis.matches, strict=True)]
    probs = [r.probability for r in results]
    restated = restates_question(prompt, analysis)
    match = None
    if restated:
        notes.append("the answer restates the question without adding anything")
        probs = [min(p, RESTATED_CAP) for p in probs]
        for r in results:
            r.covered = False
            r.explanation = explain("missed", None)
    elif examples and len(answer.split()) > MAX_EXAMPLE_WORDS:
        notes.append(
            f"marked answers were not used: they are compared only with answers of up to {MAX_EXAMPLE_WORDS} "
            "words, the length the comparison was fitted on"
        )
    elif examples:
        total = sum(p.weight for p in points)
        base = sum(pr * p.weight for pr, p in zip(probs, points, strict=True)) / total
        match = compare_examples(answer, examples, base, encoder, mode)
        # The marked answers move every point's probability by the same log-odds as they moved the answer's.
        shift = _logit(match.probability) - _logit(base)
        probs = [_sigmoid(_logit(pr) + shift) for pr in probs]
        kind = "correct" if match.nearest_correct else "incorrect"
        notes.append(
            f"compared with {match.count} marked answer(s); the closest was marked {kind} "
            f"(similarity {match.similarity:.2f})"
        )
    feats = answer_features(probs, [r.contradicted for r in results], [p.weight for p in points])
    judgement = judge_model.judge(feats)
    if restated:
        judgement = _certain_fail()
    elif question_shape == "single" and results[0].contradicted:
        # The one point the question asks for is stated wrongly ("L2 sets weights exactly to zero").
        judgement = replace(judgement, verdict="fail", leaning="fail", score=min(judgement.score, 1.0))
        judgement = replace(judgement, confidence=max(judgement.confidence, judgement.probabilities["fail"]))
    if question_shape == "single" and not restated:
        # One point: it is stated exactly when the answer passes.
        results[0].covered = judgement.leaning == "pass" and not results[0].contradicted
        if results[0].covered or results[0].status == "missed":
            results[0].explanation = explain(
                results[0].status, results[0].matched if results[0].covered else None
            )
    return _finish(results, judgement, mode, notes, name, match)


def _certain_fail() -> Judgement:
    return Judgement("fail", "fail", 1.0, 0.0, {"fail": 1.0, "partial": 0.0, "pass": 0.0})


def compare_examples(
    answer: str, examples: Sequence[Example], base: float, encoder: TextEncoder | None, mode: str
) -> ExampleMatch:
    """P(correct) from the reference-only probability `base` and the answer's likeness to marked answers."""
    prepared = prepare([answer, *(e.text for e in examples)], encoder)
    sims = similarities(prepared[0], prepared[1:], encoder is not None)
    feats = example_features(base, sims, [e.correct for e in examples])
    i, sim = nearest(sims)
    prob = load_params()[f"{mode}+examples"].probability(feats)
    near = examples[i]
    return ExampleMatch(len(examples), near.text, near.correct, round(sim, 4), round(base, 4), round(prob, 4))


def _clean(example: Example) -> Example:
    """The tokenizer rejects lone surrogates (undecodable bytes from a terminal or a pipe)."""
    text = example.text.encode("utf-8", "replace").decode("utf-8")
    return example if text == example.text else Example(text, example.correct)


def restates_question(prompt: str, analysis: Analysis) -> bool:
    """True when every content word of the answer is in the question and the answer repeats at least half
    of the question's content words. ("Less." to "more, less or the same?" is an answer, not a restatement.)"""
    answer = analysis.whole.stem_set if analysis.whole is not None else frozenset()
    question = view(prompt).stem_set
    if not answer or answer - question:
        return False
    return len(answer & question) >= RESTATED_SHARE * len(question)


def _point_result(point: Point, match: PointEvidence, model: PointModel) -> PointResult:
    f = match.features
    prob = model.probability(f)
    sim = f.get("cos_best", f["recall_loc"])
    # A sentence about the point that states it with the opposite sign, or with a term swapped for its
    # counterpart, contradicts it, unless the fitted model (which sees the same conflict among its features)
    # is confident the point is stated (word-level polarity misreads some long sentences).
    prob, contradicted = contradiction(prob, match.conflict is not None)
    covered = prob >= model.threshold and not contradicted
    status = "covered" if covered else "contradicted" if contradicted else "missed"
    evidence = match.conflict if contradicted else match.evidence
    return PointResult(
        point.text,
        covered,
        round(sim, 4),
        match.evidence,
        contradicted,
        round(prob, 4),
        point.kind,
        point.weight,
        explain(status, evidence if status != "missed" else None),
    )


def explain(status: str, evidence: str | None) -> str:
    """One line per point: which sentence covers it, which contradicts it, or that nothing does."""
    quoted = f"“{_short(evidence)}”" if evidence else ""
    if status == "covered":
        return f"covered by {quoted}" if quoted else "covered"
    if status == "contradicted":
        return f"contradicted by {quoted}" if quoted else "contradicted"
    return "not stated in the answer"


def _short(text: str | None, limit: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _finish(
    results: list[PointResult],
    judgement: Judgement,
    mode: str,
    notes: list[str],
    model: str | None,
    examples: ExampleMatch | None = None,
) -> Grade:
    score = round(max(0.0, min(5.0, judgement.score)), 2)
    verdict = judgement.verdict
    if verdict == UNSURE:
        notes = [
            *notes,
            "the grader is unsure: compare your answer with the model answer and rate it yourself",
        ]
    missed = [r.text for r in results if not r.covered and r.kind != "signal"]
    missed += [r.text for r in results if not r.covered and r.kind == "signal"]
    return Grade(
        score=score,
        verdict=verdict,
        points=results,
        missed=missed,
        suggested_rating=rating_for(verdict, score),
        mode=mode,
        notes=notes,
        model=model if mode == "embedding" else None,
        examples=examples,
        confidence=judgement.confidence,
        leaning=judgement.leaning,
    )
