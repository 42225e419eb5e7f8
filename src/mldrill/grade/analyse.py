"""From (question, points, answer) to per-point matches: the part shared by grading and fitting.

The point model was fitted on short answers (one to three sentences). A longer answer is therefore read point by
point: each point is judged on the excerpt of the answer around the sentences that match it best (at most
EXCERPT_SENTENCES), so that the length of the rest of the answer neither helps nor hurts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mldrill.grade.align import Pieces, answer_alignment, f_measure, pieces, point_alignment
from mldrill.grade.embed import TextEncoder, TokenStates
from mldrill.grade.features import (
    AnswerUnits,
    PointMatch,
    TextView,
    attach_vectors,
    cut_units,
    lexical_unit_score,
    match_point,
    view,
)
from mldrill.grade.points import answer_sentences

EXCERPT_SENTENCES = 3


@dataclass
class Analysis:
    answer: AnswerUnits
    matches: list[PointMatch]
    truncated: bool = False  # the answer had more sentences than are graded


@dataclass
class _Encoded:
    """What the encoder gave for one analysis (None in lexical mode)."""

    question: Any
    points: list[Any]
    sentences: Any  # (n, dim)
    whole: Any  # (dim,)
    question_states: list[TokenStates]
    point_states: list[TokenStates]
    sentence_states: list[TokenStates]


def analyse(prompt: str, points: list[str], answer: str, encoder: TextEncoder | None) -> Analysis:
    """Match every point against the answer. `encoder=None` means lexical features only."""
    sentences, truncated = answer_sentences(answer)
    units = cut_units(sentences)
    question = view(prompt)
    point_views = [view(p) for p in points]
    all_points = frozenset().union(*(p.stem_set for p in point_views)) if point_views else frozenset()
    enc = _encode(encoder, prompt, points, sentences) if encoder is not None else None
    if enc is not None:
        attach_vectors(units, enc.sentences, enc.whole)
    shared = _Shared(enc, question) if enc is not None else None
    matches = []
    for i, pv in enumerate(point_views):
        scope = _excerpt(i, pv, units, question, enc) if len(sentences) > EXCERPT_SENTENCES else None
        matches.append(_match(i, pv, scope, units, question, all_points, enc, shared))
    return Analysis(units, matches, truncated)


def _encode(encoder: TextEncoder, prompt: str, points: list[str], sentences: list[str]) -> _Encoded:
    # The question and the points are encoded text by text (and cached: they repeat across answers); the
    # answer in one pass, its sentences read in context. The whole answer's vector is the normalised sum of
    # its sentences' vectors.
    texts = [prompt, *points]
    vecs = encoder.embed(texts)
    states = encoder.token_states(texts)
    sent_vecs, sent_states = encoder.encode_answer(sentences)
    whole = _normalised_sum(sent_vecs) if sentences else vecs[0] * 0.0
    return _Encoded(
        question=vecs[0],
        points=list(vecs[1:]),
        sentences=sent_vecs,
        whole=whole,
        question_states=states[:1],
        point_states=states[1:],
        sentence_states=sent_states,
    )


def _excerpt(
    i: int, point: TextView, units: AnswerUnits, question: TextView, enc: _Encoded | None
) -> list[int]:
    """Indices of the (at most EXCERPT_SENTENCES) sentences around the unit that matches point i best."""
    candidates = [k for k, (lo, hi) in enumerate(units.spans) if hi - lo <= 2]
    if enc is not None:
        best = max(candidates, key=lambda k: float(units.vectors[k] @ enc.points[i]))
    else:
        best = max(candidates, key=lambda k: lexical_unit_score(point, units.views[k], question))
    lo, hi = units.spans[best]
    n = len(units.sentences)
    while hi - lo < EXCERPT_SENTENCES:
        if hi < n:
            hi += 1
        if hi - lo < EXCERPT_SENTENCES and lo > 0:
            lo -= 1
        if lo == 0 and hi == n:
            break
    return list(range(lo, hi))


class _Shared:
    """Word pieces computed once per analysis, and the answer-side alignment per excerpt."""

    def __init__(self, enc: _Encoded, question: TextView) -> None:
        q_stems = question.stem_set
        self.enc = enc
        self.q_stems = q_stems
        self.question = pieces(enc.question_states, frozenset())
        self.points = [pieces([s], q_stems) for s in enc.point_states]
        self.all_points = pieces(enc.point_states, q_stems)
        self._answers: dict[tuple[int, ...] | None, tuple[Pieces, dict[str, float]]] = {}

    def answer(self, scope: list[int] | None) -> tuple[Pieces, dict[str, float]]:
        key = None if scope is None else tuple(scope)
        if key not in self._answers:
            states = (
                self.enc.sentence_states if scope is None else [self.enc.sentence_states[k] for k in scope]
            )
            a_pieces = pieces(states, self.q_stems)
            self._answers[key] = (a_pieces, answer_alignment(a_pieces, self.all_points, self.question))
        return self._answers[key]


def _match(
    i: int,
    point: TextView,
    scope: list[int] | None,
    units: AnswerUnits,
    question: TextView,
    all_points: frozenset[str],
    enc: _Encoded | None,
    shared: _Shared | None,
) -> PointMatch:
    if scope is not None:  # a long answer: judge the point on its excerpt
        units = cut_units([units.sentences[k] for k in scope])
        if enc is not None:
            sent_vecs = enc.sentences[scope]
            attach_vectors(units, sent_vecs, _normalised_sum(sent_vecs))
    if enc is None or shared is None:
        return match_point(point, units, question, all_points)
    match = match_point(
        point, units, question, all_points, point_vec=enc.points[i], question_vec=enc.question
    )
    a_pieces, answer_side = shared.answer(scope)
    match.features.update(point_alignment(shared.points[i], a_pieces))
    match.features.update(answer_side)
    match.features["tok_f"] = f_measure(match.features["tok_recall_new"], match.features["tok_precision"])
    return match


def _normalised_sum(rows: Any) -> Any:
    import numpy as np

    total = np.asarray(rows).sum(axis=0)
    return total / max(float(np.linalg.norm(total)), 1e-9)
