"""Fitting the grader on human grades: the point model and the answer (verdict) model, and grouped
cross-validation over all sources. Shared by scripts/fit_grader.py and bench/grade_quality.py; needs
scikit-learn and SciPy (the dev extra). Not used when grading.

    rows = featurise(items, encoder)                 evidence features of every point of every answer
    fitted = fit(rows, names)                        point model + answer model (out-of-fold point P)
    judged = judge(fitted, rows)                     verdicts, confidences and scores, as grading gives them
    cross_validate(rows, names)                      the same, 5-fold grouped by question, out of fold

Point rows: SemEval answers (one point mostly; an answer's label is its point's), and our interview answers
(the rubric points each answer states, labelled by hand). SAF has answer-level labels only, so it is used by
the answer model and not by the point model. Each source weighs the same in each model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from mldrill.grade.dataset import LABELS, NOT_PASS, GradedAnswer
from mldrill.grade.embed import TextEncoder
from mldrill.grade.evidence import analyse
from mldrill.grade.verdict import ANSWER_FEATURES, SHAPES, AnswerModel, answer_features, contradiction, shape

# Monotonic constraints: more of the point found never lowers P(covered); a conflict never raises it.
MONOTONE = {
    "recall_loc": 1,
    "soft_loc": 1,
    "bigram_loc": 1,
    "cos_best": 1,
    "cos_sent": 1,
    "cos_margin": 1,
    "tok_loc": 1,
    "tok_cov_loc": 1,
    "conflict": -1,
    "unit_q_share": -1,
    "polarity_best": -1,
}
HGB_PARAMS: dict[str, Any] = {
    "max_iter": 200,
    "learning_rate": 0.05,
    "max_depth": 3,
    "max_leaf_nodes": 8,
    "min_samples_leaf": 40,
    "l2_regularization": 10.0,
    "random_state": 0,
}
SOURCE_WEIGHT = {"semeval": 1.0, "interview": 1.0}  # each source's share of the point model's weight
# ... and of each answer model's. SAF's one-point questions are few and their labels lenient next to
# SemEval's, so they count for less there.
ANSWER_SOURCE_WEIGHT = {
    "single": {"semeval": 1.0, "saf": 1.0, "interview": 1.0},
    "rubric": {"interview": 1.0, "saf": 1.0, "semeval": 1.0},
    "reference": {"saf": 1.0, "semeval": 0.2, "interview": 1.0},
}
# A pass or fail less probable than this is "unsure" (chosen by grouped CV: on interview answers 0.6 halves the
# confident false passes for about one answer in ten unsure; a one-point question is decided by its point).
UNSURE_BELOW = {"single": 0.5, "rubric": 0.6, "reference": 0.55}
FAIL_AT_NOTHING = 0.5  # the lowest cut_partial (see fit_answer_model)


@dataclass
class Row:
    """One graded answer with its points' features, per acceptable reference."""

    item: GradedAnswer
    per_ref: list[list[dict[str, float]]]  # per reference, per point: features (with "conflict")


def featurise(items: Sequence[GradedAnswer], encoder: TextEncoder | None) -> list[Row]:
    rows = []
    for item in items:
        per_ref = []
        for points in item.points:
            analysis = analyse(item.prompt, list(points), item.answer, encoder)
            per_ref.append([m.features for m in analysis.matches])
        rows.append(Row(item, per_ref))
    return rows


def _closest(row: Row, key: str) -> int:
    """The reference alternative the answer is closest to (grading credits the best one)."""
    if len(row.per_ref) == 1:
        return 0
    return max(range(len(row.per_ref)), key=lambda r: float(np.mean([f[key] for f in row.per_ref[r]] or [0])))


def point_matrix(rows: Sequence[Row], names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training rows of the point model, with labels and weights (each source sums to its SOURCE_WEIGHT)."""
    key = names[0]
    xs, ys, ws, srcs = [], [], [], []
    for row in rows:
        item = row.item
        if item.source not in SOURCE_WEIGHT or not row.per_ref:
            continue
        if item.source == "interview" and item.point_labels is None:
            continue  # graded against its model answer's points: no point labels
        feats = row.per_ref[_closest(row, key)]
        if not feats:
            continue
        if item.source == "interview" and item.point_labels is not None:
            labels = list(item.point_labels)
            weight = 1.0
        else:
            labels = [item.label == "pass"] * len(feats)
            weight = 1.0 / len(feats)
        for f, y in zip(feats, labels, strict=True):
            xs.append([f[n] for n in names])
            ys.append(bool(y))
            ws.append(weight)
            srcs.append(item.source)
    w = np.array(ws)
    src = np.array(srcs)
    for s in set(srcs):
        mask = src == s
        w[mask] *= SOURCE_WEIGHT.get(s, 1.0) / w[mask].sum()
    return np.array(xs), np.array(ys), w * len(w)


def fit_point_model(rows: Sequence[Row], names: tuple[str, ...]) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    x, y, w = point_matrix(rows, names)
    cst = [MONOTONE.get(n, 0) for n in names]
    return HistGradientBoostingClassifier(monotonic_cst=cst, **HGB_PARAMS).fit(x, y, sample_weight=w)


def point_probabilities(model: Any, rows: Sequence[Row], names: tuple[str, ...]) -> list[list[list[float]]]:
    flat = [[f[n] for n in names] for row in rows for pts in row.per_ref for f in pts]
    probs = model.predict_proba(np.array(flat))[:, 1] if flat else np.zeros(0)
    out, pos = [], 0
    for row in rows:
        per_ref = []
        for pts in row.per_ref:
            per_ref.append([float(p) for p in probs[pos : pos + len(pts)]])
            pos += len(pts)
        out.append(per_ref)
    return out


def answer_vector(row: Row, probs: list[list[float]]) -> list[float]:
    """The answer model's features against the best reference alternative (as grading does)."""
    best: list[float] | None = None
    for feats, ps in zip(row.per_ref, probs, strict=True):
        if not ps:
            continue
        judged = [contradiction(p, bool(f["conflict"])) for f, p in zip(feats, ps, strict=True)]
        ps_eff = [p for p, _ in judged]
        contra = [c for _, c in judged]
        v = answer_features(ps_eff, contra, [1.0] * len(ps))
        if best is None or v[0] - v[3] > best[0] - best[3]:
            best = v
    return best if best is not None else answer_features([0.0], [False], [1.0])


def fit_answer_model(
    rows: Sequence[Row], vectors: Sequence[Sequence[float]], weights: dict[str, float], unsure_below: float
) -> AnswerModel:
    """Ordinal logistic regression of fail < partial < pass on the answer features (SemEval's "not pass"
    is censored: fail or partial). Coverage and core never lower z, contradiction never raises it."""
    from scipy.optimize import minimize

    x = np.array(vectors, dtype=float)
    k = len(ANSWER_FEATURES)
    labels = [r.item.label for r in rows]
    srcs = np.array([r.item.source for r in rows])
    w = np.ones(len(rows))
    for s in set(srcs):
        mask = srcs == s
        w[mask] = weights.get(s, 1.0) / mask.sum()
    w *= len(w) / w.sum()
    lo_mask = np.array([lab == "fail" for lab in labels])
    mid_mask = np.array([lab == "partial" for lab in labels])
    hi_mask = np.array([lab == "pass" for lab in labels])
    np_mask = np.array([lab == NOT_PASS for lab in labels])

    def loss(theta: np.ndarray) -> float:
        wts, c1, gap = theta[:k], theta[k], theta[k + 1]
        c2 = c1 + math.exp(gap)
        z = x @ wts
        p_ge1 = _sig(z - c1)
        p_ge2 = _sig(z - c2)
        eps = 1e-9
        ll = (
            lo_mask * np.log(1 - p_ge1 + eps)
            + mid_mask * np.log(np.clip(p_ge1 - p_ge2, eps, None))
            + hi_mask * np.log(p_ge2 + eps)
            + np_mask * np.log(1 - p_ge2 + eps)
        )
        return float(-(w * ll).sum() / len(w) + 1e-3 * float(wts @ wts))

    start = np.array([2.0] * 3 + [-2.0] * 2 + [1.5, 0.0])
    # cut_partial >= FAIL_AT_NOTHING: an answer that states none of the points (z = 0) is a fail with
    # probability >= 0.62, as an empty, off-topic or restating answer is; data with few fails (SAF) would
    # otherwise put it at partial.
    bounds = [(0, None)] * 3 + [(None, 0)] * 2 + [(FAIL_AT_NOTHING, None), (-5, 3)]
    res = minimize(loss, start, method="L-BFGS-B", bounds=bounds)
    wts, c1, gap = res.x[:k], float(res.x[k]), float(res.x[k + 1])
    return AnswerModel(tuple(float(v) for v in wts), c1, c1 + math.exp(gap), unsure_below)


def _sig(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -40, 40))))


def shape_of(row: Row) -> str:
    return shape(row.item.points[0] if row.item.points else (), row.item.split == "interview")


@dataclass
class Fitted:
    names: tuple[str, ...]
    point_model: Any
    answer_models: dict[str, AnswerModel]  # by shape: single | rubric | reference


def out_of_fold(
    rows: Sequence[Row], names: tuple[str, ...], folds: int = 5, seed: int = 0
) -> list[list[list[float]]]:
    """Point probabilities for every row from a point model fitted without its question's fold."""
    from sklearn.model_selection import GroupKFold

    groups = np.array([r.item.group for r in rows])
    out: list[list[list[float]]] = [[] for _ in rows]
    splitter = GroupKFold(folds, shuffle=True, random_state=seed) if folds > 1 else None
    assert splitter is not None
    for train_idx, test_idx in splitter.split(np.zeros(len(rows)), groups=groups):
        model = fit_point_model([rows[i] for i in train_idx], names)
        probs = point_probabilities(model, [rows[i] for i in test_idx], names)
        for i, p in zip(test_idx, probs, strict=True):
            out[i] = p
    return out


def fit(rows: Sequence[Row], names: tuple[str, ...]) -> Fitted:
    """The point model on every row; the answer model on out-of-fold point probabilities (the point model
    is more confident on the answers it was fitted on than it will be on new ones)."""
    oof = out_of_fold(rows, names)
    vectors = [answer_vector(r, p) for r, p in zip(rows, oof, strict=True)]
    models = {}
    for kind in SHAPES:
        idx = [i for i, r in enumerate(rows) if shape_of(r) == kind]
        these, vecs = [rows[i] for i in idx], [vectors[i] for i in idx]
        if kind == "single":
            extra = one_point_items(rows, oof)
            these += [r for r, _ in extra]
            vecs += [v for _, v in extra]
        models[kind] = fit_answer_model(these, vecs, ANSWER_SOURCE_WEIGHT[kind], UNSURE_BELOW[kind])
    return Fitted(names, fit_point_model(rows, names), models)


def one_point_items(rows: Sequence[Row], oof: Sequence[list[list[float]]]) -> list[tuple[Row, list[float]]]:
    """Every hand-labelled rubric point of an interview answer as a one-point question: stated → pass, not
    stated → fail. SemEval says only "correct or not", so without these the one-point model would never learn
    where fail begins."""
    out = []
    for row, probs in zip(rows, oof, strict=True):
        item = row.item
        if item.point_labels is None or not row.per_ref:
            continue
        for k, (f, p, stated) in enumerate(zip(row.per_ref[0], probs[0], item.point_labels, strict=True)):
            single = replace(item, points=((item.points[0][k],),), label="pass" if stated else "fail")
            one = Row(single, [[f]])
            out.append((one, answer_vector(one, [[p]])))
    return out


def judge(fitted: Fitted, rows: Sequence[Row]) -> list[dict[str, Any]]:
    probs = point_probabilities(fitted.point_model, rows, fitted.names)
    out = []
    for row, p in zip(rows, probs, strict=True):
        j = fitted.answer_models[shape_of(row)].judge(answer_vector(row, p))
        out.append({"verdict": j.verdict, "leaning": j.leaning, "confidence": j.confidence, "score": j.score})
    return out


def cross_validate(
    rows: Sequence[Row], names: tuple[str, ...], folds: int = 5, seed: int = 0
) -> list[dict[str, Any]]:
    """Verdicts for every row from models fitted without its question's fold."""
    from sklearn.model_selection import GroupKFold

    groups = np.array([r.item.group for r in rows])
    out: list[dict[str, Any]] = [{} for _ in rows]
    for train_idx, test_idx in GroupKFold(folds, shuffle=True, random_state=seed).split(
        np.zeros(len(rows)), groups=groups
    ):
        fitted = fit([rows[i] for i in train_idx], names)
        for i, j in zip(test_idx, judge(fitted, [rows[i] for i in test_idx]), strict=True):
            out[i] = j
    return out


def metrics(items: Sequence[GradedAnswer], judged: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Figures of one source: 2-way for SemEval, 3-way and score correlation otherwise."""
    from sklearn.metrics import accuracy_score, f1_score

    labels = [it.label for it in items]
    leaning = [j["leaning"] for j in judged]
    verdict = [j["verdict"] for j in judged]
    out: dict[str, float] = {"n": float(len(items)), "unsure": _share(verdict, "unsure")}
    if all(lab in ("pass", NOT_PASS) for lab in labels):
        y = [lab == "pass" for lab in labels]
        pred = [v == "pass" for v in leaning]
        out.update(
            acc=accuracy_score(y, pred),
            macro_f1=f1_score(y, pred, average="macro"),
            weighted_f1=f1_score(y, pred, average="weighted"),
        )
        return out
    passes = [i for i, lab in enumerate(labels) if lab == "pass"]
    fails = [i for i, lab in enumerate(labels) if lab == "fail"]
    out["acc3"] = float(np.mean([a == b for a, b in zip(labels, leaning, strict=True)]))
    out["acc3_sure"] = float(np.mean([a == b for a, b in zip(labels, verdict, strict=True)]))
    out["false_fail"] = float(np.mean([verdict[i] == "fail" for i in passes])) if passes else float("nan")
    out["false_pass"] = float(np.mean([verdict[i] == "pass" for i in fails])) if fails else float("nan")
    scores = [it.score for it in items]
    if all(s is not None for s in scores):
        out["pearson"] = float(np.corrcoef([j["score"] for j in judged], np.array(scores, dtype=float))[0, 1])
    majority = max(LABELS, key=labels.count)
    out["majority_acc3"] = labels.count(majority) / len(labels)
    return out


def _share(values: Sequence[str], value: str) -> float:
    return sum(v == value for v in values) / len(values) if values else 0.0


__all__ = ["ANSWER_FEATURES", "Fitted", "Row", "cross_validate", "featurise", "fit", "judge", "metrics"]
