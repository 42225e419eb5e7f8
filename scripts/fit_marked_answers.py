"""Fit the marked-answer models ("embedding+examples", "lexical+examples") and check the encoder against fp32.

    python scripts/fit_marked_answers.py [--cache DIR] [--out PATH]      # replaces only the two marked-answer models
    python scripts/fit_marked_answers.py --check-fp32 MODEL_DIR --fp32-python /tmp/venv/bin/python

The point and answer models are fitted by scripts/fit_grader.py. The marked-answer models were fitted at the
previous stop, on SemEval train, with a reference-only probability from that stop's point model (the
SemEval-only feature set of features.py and analyse.py, which this script still uses); they map that
probability and the answer's likeness to marked answers to P(correct), and grading moves every point's
probability by the same log-odds. Re-fitting them on the current point model is still to do.

What follows is the previous script's description:
Fit the grader's point models on human grades and write src/mldrill/grade/data/grader_params.json.

    python scripts/fit_grader.py [--data DIR] [--cache DIR] [--out PATH] [--no-cv]
    python scripts/fit_grader.py --repeated-cv 4      # compare variants: CV over 4 question partitions
    python scripts/fit_grader.py --check-fp32 MODEL_DIR --fp32-python /tmp/venv/bin/python

Data: SemEval-2013 Task 7 (SciEntsBank and Beetle, 2-way labels), train splits only (see
/work/shared/data/asag/README.md). Each student answer is analysed exactly as `mldrill.grade` analyses a typed
answer: the reference answer gives the points, each point gets its features, and every point row carries the
answer's label (weight 1/number of points). Beetle lists several acceptable reference answers; the fit uses the
one the answer is closest to, and grading credits the best.

Two models are fitted, one on all features ("embedding") and one on lexical features only ("lexical"):
histogram gradient boosting with a few monotonic constraints (more of the point's words or meaning found never
lowers the probability; negation or antonym conflicts never raise it), exported as plain trees. The decision
threshold is 0.5 unless 5-fold cross-validation grouped by question finds one better by more than 0.01 weighted
F1 (mean over the two datasets).

Embeddings are cached under /tmp (MLDRILL_GRADE_CACHE) so that re-runs take seconds. Needs scikit-learn (the
dev extra); the shipped grader does not.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mldrill.grade.analyse import analyse  # noqa: E402
from mldrill.grade.calibrate import (  # noqa: E402
    DEFAULT_CACHE,
    DEFAULT_DATA,
    TRAIN_SPLITS,
    CachedEncoder,
    LabelledAnswer,
    RecordingEncoder,
    load_split,
)
from mldrill.grade.embed import TextEncoder, load_embedder  # noqa: E402
from mldrill.grade.examples import (  # noqa: E402
    EMBEDDING_EXAMPLE_FEATURES,
    EXAMPLE_MONOTONE,
    LEXICAL_EXAMPLE_FEATURES,
    Prepared,
    example_features,
    prepare,
    similarities,
)
from mldrill.grade.features import feature_names  # noqa: E402
from mldrill.grade.model import FORMAT, PARAMS_PATH  # noqa: E402
from mldrill.grade.points import derive_points  # noqa: E402

# Monotonic constraints (+1: more of it never lowers P(covered); -1: never raises it): the features whose
# direction is beyond doubt, and those through which length alone could otherwise earn credit.
MONOTONE = {
    "recall_new": 1,
    "cos_best": 1,
    "tok_recall_new": 1,
    "neg_scope": -1,
    "antonym": -1,
    # length alone must earn nothing: more words never raise P(covered), diluted answers never gain
    "len_log": -1,
    "new_words": -1,
    "focus": 1,
    "tok_precision": 1,
    "tok_unexplained": -1,
}
DEFAULT_THRESHOLD = 0.5
THRESHOLD_MIN_GAIN = 0.01  # move off 0.5 only when CV says so by more than this (the CV curve is flat)
HGB_PARAMS: dict[str, Any] = {
    "max_iter": 250,
    "learning_rate": 0.05,
    "max_depth": 4,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 40,
    "l2_regularization": 10.0,
    "random_state": 0,
}

EXAMPLE_HGB_PARAMS: dict[str, Any] = {
    "max_iter": 150,
    "learning_rate": 0.05,
    "max_depth": 3,
    "min_samples_leaf": 40,
    "l2_regularization": 10.0,
    "random_state": 0,
}
EXAMPLE_FOLDS = 5  # marked answers are simulated by splitting each question's answers into this many folds
SMALL_POOLS = (
    1,
    2,
    3,
    5,
    8,
    13,
)  # besides the full pool, each answer gets one row with this few marked answers

KEY: str | None = None  # how grading picks among reference alternatives (None: best probability)

# Rows for one labelled answer: per reference alternative, the feature rows of its points.
Case = tuple[LabelledAnswer, list[list[dict[str, float]]]]


def points_of(item: LabelledAnswer, reference: str) -> list[str]:
    return [p.text for p in derive_points(item.prompt, reference, [], None)]


def analyse_cases(items: list[LabelledAnswer], encoder: TextEncoder | None) -> list[Case]:
    cases: list[Case] = []
    for item in items:
        per_ref = []
        for ref in item.references:
            analysis = analyse(item.prompt, points_of(item, ref), item.answer, encoder)
            per_ref.append([m.features for m in analysis.matches])
        cases.append((item, per_ref))
    return cases


def prefetch(items: list[LabelledAnswer], cached: CachedEncoder) -> None:
    recorder = RecordingEncoder()
    analyse_cases(items, recorder)
    new = cached.prefetch(recorder.seen - {""})
    new_answers = cached.prefetch_answers(recorder.answers)
    cached.save()
    print(
        f"texts: {len(recorder.seen)}, newly encoded: {new}; answers: {len(recorder.answers)}, "
        f"newly encoded: {new_answers}",
        flush=True,
    )


def closest_reference(rows: list[list[dict[str, float]]], key: str) -> list[dict[str, float]]:
    return max(rows, key=lambda pts: sum(p[key] for p in pts) / max(len(pts), 1))


def training_matrix(cases: list[Case], names: tuple[str, ...], key: str) -> tuple[np.ndarray, ...]:
    xs, ys, ws, groups = [], [], [], []
    for item, per_ref in cases:
        pts = closest_reference(per_ref, key)
        for feats in pts:
            xs.append([feats[n] for n in names])
            ys.append(item.correct)
            ws.append(1.0 / len(pts))
            groups.append(f"{item.split}:{item.question_id}")
    return np.array(xs), np.array(ys), np.array(ws), np.array(groups)


def answer_probabilities(
    predict: Callable[[np.ndarray], np.ndarray],
    cases: list[Case],
    names: tuple[str, ...],
    key: str | None = None,
) -> np.ndarray:
    """Per answer, the mean point probability against the reference alternative closest by `key`
    (as in training), or, with key=None, the best over alternatives. One batched call."""
    rows = [[f[n] for n in names] for _, per_ref in cases for pts in per_ref for f in pts]
    probs = predict(np.array(rows)) if rows else np.zeros(0)
    out = np.zeros(len(cases))
    pos = 0
    for i, (_, per_ref) in enumerate(cases):
        best_key = -1.0
        for pts in per_ref:
            if pts:
                p = float(probs[pos : pos + len(pts)].mean())
                k = sum(f[key] for f in pts) / len(pts) if key else p
                if k > best_key:
                    best_key, out[i] = k, p
            pos += len(pts)
    return out


def positive_proba(model: Any) -> Callable[[np.ndarray], np.ndarray]:
    def predict(rows: np.ndarray) -> np.ndarray:
        return np.asarray(model.predict_proba(rows)[:, 1])

    return predict


def fit_model(x: np.ndarray, y: np.ndarray, w: np.ndarray, names: tuple[str, ...]) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    cst = [MONOTONE.get(n, 0) for n in names]
    return HistGradientBoostingClassifier(monotonic_cst=cst, **HGB_PARAMS).fit(x, y, sample_weight=w)


def fit_example_model(x: np.ndarray, y: np.ndarray, names: tuple[str, ...]) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    cst = [EXAMPLE_MONOTONE.get(n, 0) for n in names]
    return HistGradientBoostingClassifier(monotonic_cst=cst, **EXAMPLE_HGB_PARAMS).fit(x, y)


def weighted_f1(y: np.ndarray, pred: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, pred, average="weighted"))


def cross_validate(cases: list[Case], names: tuple[str, ...], key: str) -> tuple[float, float]:
    """Grouped 5-fold CV on train (folds by question): returns the decision threshold and its CV weighted F1
    (mean over the two datasets). The threshold stays at 0.5 unless another one is better by more than
    THRESHOLD_MIN_GAIN."""
    from sklearn.model_selection import GroupKFold

    groups = np.array([f"{item.split}:{item.question_id}" for item, _ in cases])
    labels = np.array([item.correct for item, _ in cases])
    probs = np.zeros(len(cases))
    for train_idx, test_idx in GroupKFold(5).split(cases, labels, groups):
        x, y, w, _ = training_matrix([cases[i] for i in train_idx], names, key)
        model = fit_model(x, y, w, names)
        fold = [cases[i] for i in test_idx]
        probs[test_idx] = answer_probabilities(positive_proba(model), fold, names, KEY)
    datasets = np.array([item.split.split("_")[0] for item, _ in cases])
    grid = np.arange(0.25, 0.751, 0.01)
    # each dataset counts equally: the mean over datasets of the weighted F1
    scores = [
        float(np.mean([weighted_f1(labels[datasets == d], probs[datasets == d] >= t) for d in set(datasets)]))
        for t in grid
    ]
    best = int(np.argmax(scores))
    default = int(np.argmin(np.abs(grid - DEFAULT_THRESHOLD)))
    if scores[best] - scores[default] <= THRESHOLD_MIN_GAIN:
        best = default
    print(
        "  CV weighted F1 (mean over datasets) by threshold: "
        + " ".join(f"{grid[i]:.2f}:{scores[i]:.3f}" for i in range(0, len(grid), 5)),
        flush=True,
    )
    return float(grid[best]), float(scores[best])


def repeated_cv(cases: list[Case], names: tuple[str, ...], key: str, reps: int) -> None:
    """Grouped 5-fold CV over `reps` random partitions of the questions (seeds 0..reps-1): prints the mean
    weighted F1 (mean over the two datasets) and its standard error at a few thresholds. One fixed partition
    moves by a few thousandths between equally good models; this is the figure to compare variants on."""
    groups = np.array([f"{item.split}:{item.question_id}" for item, _ in cases])
    labels = np.array([item.correct for item, _ in cases])
    datasets = np.array([item.split.split("_")[0] for item, _ in cases])
    questions = sorted(set(groups))
    thresholds = (0.45, 0.5, 0.55)
    scores: dict[float, list[float]] = {t: [] for t in thresholds}
    for rep in range(reps):
        fold_of = dict(
            zip(questions, np.random.default_rng(rep).permutation(len(questions)) % 5, strict=True)
        )
        folds = np.array([fold_of[g] for g in groups])
        probs = np.zeros(len(cases))
        for k in range(5):
            train_idx, test_idx = np.where(folds != k)[0], np.where(folds == k)[0]
            x, y, w, _ = training_matrix([cases[i] for i in train_idx], names, key)
            model = fit_model(x, y, w, names)
            fold = [cases[i] for i in test_idx]
            probs[test_idx] = answer_probabilities(positive_proba(model), fold, names, KEY)
        for t in thresholds:
            per_dataset = [
                weighted_f1(labels[datasets == d], probs[datasets == d] >= t) for d in set(datasets)
            ]
            scores[t].append(float(np.mean(per_dataset)))
    print(
        f"  repeated grouped CV ({reps} partitions) weighted F1: "
        + " ".join(f"{t:.2f}:{np.mean(v):.4f}±{np.std(v) / np.sqrt(len(v)):.4f}" for t, v in scores.items()),
        flush=True,
    )


def export_trees(model: Any, names: tuple[str, ...], threshold: float) -> dict[str, Any]:
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        trees.append(
            {
                "f": [-1 if n["is_leaf"] else int(n["feature_idx"]) for n in nodes],
                "t": [float(n["num_threshold"]) if not n["is_leaf"] else 0.0 for n in nodes],
                "l": [int(n["left"]) for n in nodes],
                "r": [int(n["right"]) for n in nodes],
                "v": [round(float(n["value"]), 6) if n["is_leaf"] else 0.0 for n in nodes],
            }
        )
    return {
        "kind": "trees",
        "features": list(names),
        "baseline": float(np.ravel(model._baseline_prediction)[0]),
        "threshold": round(threshold, 4),
        "trees": trees,
    }


def check_export(exported: dict[str, Any], model: Any, x: np.ndarray) -> float:
    from mldrill.grade.model import _model_from_dict

    mine = _model_from_dict("check", exported)
    names = exported["features"]
    ours = np.array([mine.probability(dict(zip(names, row, strict=True))) for row in x[:500]])
    return float(np.abs(ours - model.predict_proba(x[:500])[:, 1]).max())


def fit_mode(mode: str, cases: list[Case], do_cv: bool) -> dict[str, Any]:
    names = feature_names(mode == "embedding")
    key = "cos_best" if mode == "embedding" else "recall_new"
    threshold, cv_f1 = cross_validate(cases, names, key) if do_cv else (0.5, float("nan"))
    x, y, w, _ = training_matrix(cases, names, key)
    model = fit_model(x, y, w, names)
    exported = export_trees(model, names, threshold)
    exported["cv_weighted_f1"] = round(cv_f1, 4)
    exported["train_rows"] = len(y)
    print(
        f"{mode}: threshold {threshold:.2f}, grouped-CV weighted F1 {cv_f1:.3f}, rows {len(y)}, "
        f"export max |diff| {check_export(exported, model, x):.2e}",
        flush=True,
    )
    return exported


def example_rows(
    cases: list[Case], encoder: TextEncoder | None, names: tuple[str, ...], key: str, seed: int = 0
) -> tuple[np.ndarray, ...]:
    """Rows for the marked-answer model, simulating "unseen answers to seen questions" on train: each
    question's answers are split into EXAMPLE_FOLDS folds; an answer's reference-only probability comes from a
    point model fitted without its fold, and its marked answers are the same question's answers in the other
    folds, with their human labels. Every answer gives two rows: one with all of them, one with a few
    (SMALL_POOLS), as a person who has marked only some answers has.
    Returns x, y, fold, pool kind (0 full, 1 small), dataset."""
    embedding = encoder is not None
    ex_names = EMBEDDING_EXAMPLE_FEATURES if embedding else LEXICAL_EXAMPLE_FEATURES
    rng = np.random.default_rng(seed)
    items = [item for item, _ in cases]
    groups = np.array([f"{it.split}:{it.question_id}" for it in items])
    folds = np.zeros(len(items), dtype=int)
    for g in sorted(set(groups)):
        idx = np.where(groups == g)[0]
        folds[idx] = rng.permutation(len(idx)) % EXAMPLE_FOLDS
    base = np.zeros(len(items))
    for k in range(EXAMPLE_FOLDS):
        train_idx, test_idx = np.where(folds != k)[0], np.where(folds == k)[0]
        x, y, w, _ = training_matrix([cases[i] for i in train_idx], names, key)
        model = fit_model(x, y, w, names)
        base[test_idx] = answer_probabilities(positive_proba(model), [cases[i] for i in test_idx], names, KEY)
    prepared: list[Prepared] = prepare([it.answer for it in items], encoder)
    labels = np.array([it.correct for it in items])
    xs, ys, fs, kinds, datasets = [], [], [], [], []
    for i, item in enumerate(items):
        others = [j for j in np.where(groups == groups[i])[0] if folds[j] != folds[i]]
        if not others:
            continue
        small = small_pool(others, labels, rng)
        for kind, pool_idx in ((0, others), (1, small)):
            sims = similarities(prepared[i], [prepared[j] for j in pool_idx], embedding)
            feats = example_features(float(base[i]), sims, [bool(labels[j]) for j in pool_idx])
            xs.append([feats[n] for n in ex_names])
            ys.append(item.correct)
            fs.append(folds[i])
            kinds.append(kind)
            datasets.append(item.split.split("_")[0])
    return np.array(xs), np.array(ys), np.array(fs), np.array(kinds), np.array(datasets)


def small_pool(others: list[int], labels: np.ndarray, rng: np.random.Generator) -> list[int]:
    ok = [j for j in rng.permutation(others) if labels[j]]
    bad = [j for j in rng.permutation(others) if not labels[j]]
    while True:
        pool = ok[: int(rng.choice(SMALL_POOLS))] + bad[: int(rng.choice(SMALL_POOLS))]
        if pool:
            return pool


def fit_examples(mode: str, cases: list[Case], encoder: TextEncoder | None) -> dict[str, Any]:
    """Fit the marked-answer model for `mode`; print CV (by the same folds) against the reference alone."""
    names = feature_names(mode == "embedding")
    key = "cos_best" if mode == "embedding" else "recall_new"
    ex_names = EMBEDDING_EXAMPLE_FEATURES if encoder is not None else LEXICAL_EXAMPLE_FEATURES
    x, y, folds, kinds, datasets = example_rows(cases, encoder, names, key)
    probs = np.zeros(len(y))
    for k in range(EXAMPLE_FOLDS):
        model = fit_example_model(x[folds != k], y[folds != k], ex_names)
        probs[folds == k] = model.predict_proba(x[folds == k])[:, 1]
    base = x[:, ex_names.index("ex_base")]
    for kind, label in ((0, "all other answers marked"), (1, "0-8 correct and 0-8 incorrect marked")):
        sel = kinds == kind
        cells = []
        for name, p in (("reference only", base), ("with marked answers", probs)):
            per = [
                weighted_f1(y[sel & (datasets == d)], p[sel & (datasets == d)] >= 0.5)
                for d in sorted(set(datasets))
            ]
            cells.append(f"{name} {np.mean(per):.3f} ({' / '.join(f'{v:.3f}' for v in per)})")
        print(f"  marked answers, CV within questions, {label}: " + "; ".join(cells), flush=True)
    model = fit_example_model(x, y, ex_names)
    exported = export_trees(model, ex_names, 0.5)
    exported["train_rows"] = len(y)
    print(
        f"{mode}+examples: rows {len(y)}, export max |diff| {check_export(exported, model, x):.2e}",
        flush=True,
    )
    return exported


FP32_SNIPPET = r"""
import json, sys
import numpy as np, torch
from transformers import AutoModel, AutoTokenizer
model_dir, texts_path, out_path = sys.argv[1:4]
texts = json.load(open(texts_path))
tok = AutoTokenizer.from_pretrained(model_dir)
model = AutoModel.from_pretrained(model_dir, dtype=torch.float32).eval()
rows = []
with torch.no_grad():
    for i in range(0, len(texts), 32):
        enc = tok(texts[i:i + 32], padding=True, truncation=True, max_length=256, return_tensors="pt")
        hidden = model(**enc).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).float()
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        rows.append(torch.nn.functional.normalize(pooled, dim=1).numpy())
np.save(out_path, np.concatenate(rows))
print(f"fp32 reference: {len(texts)} texts, torch {torch.__version__}")
"""

# A few sentences in the interview domain, written for this check, beside the SemEval ones.
ML_SENTENCES = [
    "Overfitting means the model memorises noise in the training set and does worse on new data.",
    "L1 regularisation can set some weights exactly to zero, which selects features.",
    "L2 regularisation shrinks all weights smoothly but rarely makes any of them zero.",
    "Gradient descent moves the parameters a small step against the gradient of the loss.",
    "A learning rate that is too large makes the loss diverge; one that is too small makes training slow.",
    "Cross-validation estimates how well a model generalises by holding out each fold in turn.",
    "Precision is the share of predicted positives that are correct; recall is the share of positives found.",
    "Batch normalisation rescales activations using statistics of the mini-batch.",
    "Dropout randomly zeroes activations during training, which acts as a regulariser.",
    "Attention lets every token weigh every other token when building its representation.",
]


def check_fp32(model_dir: Path, python: str, data_dir: Path, n: int = 300) -> int:
    """Cosine agreement between the shipped int8 ONNX embeddings and the fp32 PyTorch model (run by `python`,
    an interpreter that has torch and transformers, e.g. a throw-away venv)."""
    import random
    import subprocess
    import tempfile

    pool = sorted({t for a in load_split(TRAIN_SPLITS[0], data_dir) for t in (a.answer, a.references[0])})
    texts = ML_SENTENCES + random.Random(13).sample(pool, n - len(ML_SENTENCES))
    with tempfile.TemporaryDirectory() as tmp:
        texts_path, out_path = Path(tmp) / "texts.json", Path(tmp) / "fp32.npy"
        texts_path.write_text(json.dumps(texts), encoding="utf-8")
        subprocess.run(
            [python, "-c", FP32_SNIPPET, str(model_dir), str(texts_path), str(out_path)], check=True
        )
        ref = np.load(out_path)
    ours = load_embedder().embed(texts)
    cos = (ours * ref).sum(axis=1)
    pair_ours, pair_ref = ours @ ours.T, ref @ ref.T
    iu = np.triu_indices(len(texts), 1)
    corr = float(np.corrcoef(pair_ours[iu], pair_ref[iu])[0, 1])
    print(
        f"{len(texts)} texts: cosine(int8 ONNX, fp32) mean {cos.mean():.4f}, min {cos.min():.4f}, "
        f"5th percentile {np.percentile(cos, 5):.4f}; pairwise-similarity Pearson r {corr:.4f}, "
        f"max |diff| {np.abs(pair_ours[iu] - pair_ref[iu]).max():.4f}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--out", type=Path, default=PARAMS_PATH)
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation (threshold 0.5)")
    ap.add_argument(
        "--repeated-cv",
        type=int,
        metavar="N",
        default=0,
        help="only print grouped CV repeated over N random question partitions, per mode; write nothing",
    )
    ap.add_argument(
        "--check-fp32",
        type=Path,
        metavar="MODEL_DIR",
        help="only compare the ONNX model with the "
        "fp32 model in MODEL_DIR (Hugging Face layout, model.safetensors) and exit",
    )
    ap.add_argument("--fp32-python", default=sys.executable, help="interpreter with torch + transformers")
    args = ap.parse_args(argv)
    if args.check_fp32:
        return check_fp32(args.check_fp32, args.fp32_python, args.data)
    started = time.perf_counter()
    items = [a for split in TRAIN_SPLITS for a in load_split(split, args.data)]
    print(f"train answers: {len(items)} from {', '.join(TRAIN_SPLITS)}", flush=True)
    cached = CachedEncoder(load_embedder(), args.cache)
    prefetch(items, cached)
    if args.repeated_cv:
        for mode, encoder in (("embedding", cached), ("lexical", None)):
            print(mode, flush=True)
            key = "cos_best" if mode == "embedding" else "recall_new"
            repeated_cv(
                analyse_cases(items, encoder), feature_names(mode == "embedding"), key, args.repeated_cv
            )
        return 0
    embedding_cases, lexical_cases = analyse_cases(items, cached), analyse_cases(items, None)
    modes = {
        "embedding": fit_mode("embedding", embedding_cases, not args.no_cv),
        "lexical": fit_mode("lexical", lexical_cases, not args.no_cv),
        "embedding+examples": fit_examples("embedding", embedding_cases, cached),
        "lexical+examples": fit_examples("lexical", lexical_cases, None),
    }
    params = {
        "format": FORMAT,
        "fitted_by": "scripts/fit_grader.py",
        "fitted_on": [f"SemEval-2013 Task 7 {s} (2-way labels)" for s in TRAIN_SPLITS],
        "embedding_model": cached.name,
        "hgb_params": HGB_PARAMS,
        "modes": modes,
    }
    current = json.loads(args.out.read_text(encoding="utf-8"))  # keep fit_grader.py's point and answer models
    for kind in ("embedding+examples", "lexical+examples"):
        current["modes"][kind] = params["modes"][kind]
    args.out.write_text(json.dumps(current, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB) in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
