"""From (question, points, answer) to per-point matches: the part shared by grading and fitting."""

from __future__ import annotations

from dataclasses import dataclass, field

from mldrill.grade.embed import TextEncoder
from mldrill.grade.features import AnswerUnits, PointMatch, attach_vectors, cut_units, match_point, view
from mldrill.grade.points import answer_sentences


@dataclass
class Analysis:
    answer: AnswerUnits
    matches: list[PointMatch]
    truncated: bool = False  # the answer had more sentences than are graded
    notes: list[str] = field(default_factory=list)


def analyse(prompt: str, points: list[str], answer: str, encoder: TextEncoder | None) -> Analysis:
    """Match every point against the answer. `encoder=None` means lexical features only."""
    sentences, truncated = answer_sentences(answer)
    units = cut_units(sentences)
    question = view(prompt)
    point_views = [view(p) for p in points]
    all_points = frozenset().union(*(p.stem_set for p in point_views)) if point_views else frozenset()
    point_vecs: list[object | None] = [None] * len(points)
    question_vec = None
    if encoder is not None:
        whole = [units.whole.text] if len(sentences) > 2 else []
        vecs = encoder.embed([prompt, *points, *sentences, *whole])
        question_vec = vecs[0]
        point_vecs = list(vecs[1 : 1 + len(points)])
        sent_vecs = vecs[1 + len(points) : 1 + len(points) + len(sentences)]
        if whole:
            whole_vec = vecs[-1]
        elif sentences:
            whole_vec = _normalised_sum(sent_vecs)
        else:
            whole_vec = vecs[0] * 0.0
        attach_vectors(units, sent_vecs, whole_vec)
    matches = [
        match_point(pv, units, question, all_points, point_vec=vec, question_vec=question_vec)
        for pv, vec in zip(point_views, point_vecs, strict=True)
    ]
    return Analysis(units, matches, truncated)


def _normalised_sum(rows: object) -> object:
    import numpy as np

    total = np.asarray(rows).sum(axis=0)
    return total / max(float(np.linalg.norm(total)), 1e-9)
