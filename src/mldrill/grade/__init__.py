"""Offline answer grading: rubric points × answer sentences, a local embedding model plus lexical features,
calibrated on human grades.

    grade_answer(question, answer) -> Grade          score 0–5, verdict, per-point coverage, suggested rating
    grade_answer(question, answer, examples=[Example(text, correct), ...])
                                                     ... also compared with answers a person marked before
    load_embedder() -> Embedder                      the bundled all-MiniLM-L6-v2 (int8 ONNX), once per process
    derive_points(prompt, reference, rubric, insight) -> list[Point]

Errors (all `mldrill.errors.MldrillError`):

    ModelUnavailable      the embedding model cannot be loaded (grading falls back to lexical mode)
    NotGradable           the question has no reference answer, rubric or insight to grade against
    ParamsError           the fitted parameters file is missing or malformed

Importing this package is cheap: numpy and onnxruntime load only when a model is loaded.
"""

from __future__ import annotations

from mldrill.grade.embed import Embedder, ModelUnavailable, TextEncoder, TokenStates, load_embedder
from mldrill.grade.examples import Example, ExampleMatch
from mldrill.grade.model import ParamsError
from mldrill.grade.points import Point, derive_points
from mldrill.grade.score import (
    RATINGS,
    Grade,
    NotGradable,
    PointResult,
    grade_answer,
    grade_points,
)
from mldrill.ratings import FAIL_SCORE, PASS_SCORE

__all__ = [
    "FAIL_SCORE",
    "PASS_SCORE",
    "RATINGS",
    "Embedder",
    "Example",
    "ExampleMatch",
    "Grade",
    "ModelUnavailable",
    "NotGradable",
    "ParamsError",
    "Point",
    "PointResult",
    "TextEncoder",
    "TokenStates",
    "derive_points",
    "grade_answer",
    "grade_points",
    "load_embedder",
]
