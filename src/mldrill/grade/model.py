"""The fitted mapping from point features to the probability that a point is covered.

Parameters live in `data/grader_params.json`, written by scripts/fit_grader.py. Two kinds of model are read:
boosted trees ({"kind": "trees"}) and logistic regression ({"kind": "logistic"}); both are evaluated here in
plain Python, so grading needs neither scikit-learn nor numpy for this step.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mldrill.errors import MldrillError

if TYPE_CHECKING:
    from mldrill.grade.verdict import AnswerModel

PARAMS_PATH = Path(__file__).parent / "data" / "grader_params.json"
FORMAT = "mldrill-grader/1"


class ParamsError(MldrillError):
    """The grader's fitted parameters are missing or malformed; reinstall mldrill or re-run the fit script."""


@dataclass(frozen=True)
class Tree:
    feature: tuple[int, ...]  # -1 at a leaf
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def predict(self, x: list[float]) -> float:
        node = 0
        feature, threshold, left, right = self.feature, self.threshold, self.left, self.right
        while feature[node] >= 0:
            node = left[node] if x[feature[node]] <= threshold[node] else right[node]
        return self.value[node]


@dataclass(frozen=True)
class PointModel:
    """P(point covered | features) for one mode (embedding or lexical)."""

    mode: str
    features: tuple[str, ...]
    kind: str
    threshold: float  # probability at which a point counts as covered (and a one-point answer passes)
    baseline: float = 0.0
    trees: tuple[Tree, ...] = ()
    mean: tuple[float, ...] = ()
    scale: tuple[float, ...] = ()
    coef: tuple[float, ...] = ()

    def probability(self, feats: dict[str, float]) -> float:
        x = [float(feats[name]) for name in self.features]
        if self.kind == "trees":
            raw = self.baseline + sum(tree.predict(x) for tree in self.trees)
        else:
            raw = self.baseline + sum(
                c * (v - m) / s for c, v, m, s in zip(self.coef, x, self.mean, self.scale, strict=True)
            )
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, raw))))


def _model_from_dict(mode: str, d: dict[str, Any]) -> PointModel:
    kind = d["kind"]
    common = {
        "mode": mode,
        "features": tuple(d["features"]),
        "kind": kind,
        "threshold": float(d["threshold"]),
    }
    if kind == "trees":
        trees = tuple(
            Tree(tuple(t["f"]), tuple(t["t"]), tuple(t["l"]), tuple(t["r"]), tuple(t["v"]))
            for t in d["trees"]
        )
        return PointModel(**common, baseline=float(d["baseline"]), trees=trees)
    if kind == "logistic":
        return PointModel(
            **common,
            baseline=float(d["intercept"]),
            mean=tuple(d["mean"]),
            scale=tuple(d["scale"]),
            coef=tuple(d["coef"]),
        )
    raise ParamsError(f"unknown model kind {kind!r} in the grader parameters")


@lru_cache(maxsize=4)
def _read(path: Path) -> dict[str, Any]:
    """The parameters file, read and checked once per process."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ParamsError(f"cannot read grader parameters {path}: {exc}; reinstall mldrill") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ParamsError(f"{path} is not in format {FORMAT}; re-run scripts/fit_grader.py")
    return raw


@lru_cache(maxsize=4)
def load_params(path: Path = PARAMS_PATH) -> dict[str, PointModel]:
    """The fitted point models by mode ("embedding", "lexical")."""
    raw = _read(path)
    try:
        return {mode: _model_from_dict(mode, d) for mode, d in raw["modes"].items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise ParamsError(f"malformed grader parameters in {path}: {exc}") from exc


@lru_cache(maxsize=8)
def load_answer_model(mode: str, shape: str, path: Path = PARAMS_PATH) -> AnswerModel:
    """The fitted verdict model of one mode and question shape (see verdict.py)."""
    from mldrill.grade.verdict import AnswerModel

    raw = _read(path)
    try:
        return AnswerModel.from_dict(raw["answer_models"][mode][shape])
    except (KeyError, TypeError, ValueError) as exc:
        raise ParamsError(
            f"no answer model for {mode!r} in {path}: {exc}; re-run scripts/fit_grader.py"
        ) from exc
