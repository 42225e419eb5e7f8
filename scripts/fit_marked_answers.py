"""Fit the marked-answer models ("embedding+examples", "lexical+examples") on the current point model, and
check the encoder against the fp32 reference model.

    python scripts/fit_marked_answers.py [--cache DIR] [--out PATH]     # after scripts/fit_grader.py
    python scripts/fit_marked_answers.py --check-fp32 MODEL_DIR --fp32-python /tmp/venv/bin/python

"Unseen answers to seen questions" is simulated on SemEval train (the only data with many answers to each
question): each question's answers are split into EXAMPLE_FOLDS folds. An answer's reference-only probability
comes from the point model of scripts/fit_grader.py's pipeline fitted without its fold, computed as grading
computes it (mean point probability, contradicted points capped, best reference). Its marked answers are the
same question's answers in the other folds, with their human labels. Every answer gives two rows: one with all
of them, one with a few (0-13 correct and, drawn independently, 0-13 incorrect), as a person who has marked
only some answers has. The model (boosted trees, monotonic: likeness to correct answers never lowers
P(correct), to incorrect ones never raises it) replaces only the two marked-answer entries of the parameters
file. Needs scikit-learn (the dev extra).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from fit_grader import check_export, encoded, export_trees  # noqa: E402
from mldrill.grade.calibrate import DEFAULT_CACHE, DEFAULT_DATA, TRAIN_SPLITS, load_split  # noqa: E402
from mldrill.grade.dataset import load_semeval  # noqa: E402
from mldrill.grade.embed import TextEncoder, load_embedder  # noqa: E402
from mldrill.grade.evidence import feature_names  # noqa: E402
from mldrill.grade.examples import (  # noqa: E402
    EMBEDDING_EXAMPLE_FEATURES,
    EXAMPLE_MONOTONE,
    LEXICAL_EXAMPLE_FEATURES,
    example_features,
    prepare,
    similarities,
)
from mldrill.grade.fitting import Row, answer_vector, featurise, fit_point_model, point_probabilities  # noqa: E402
from mldrill.grade.model import PARAMS_PATH  # noqa: E402

EXAMPLE_HGB_PARAMS: dict[str, Any] = {
    "max_iter": 150,
    "learning_rate": 0.05,
    "max_depth": 3,
    "min_samples_leaf": 40,
    "l2_regularization": 10.0,
    "random_state": 0,
}
EXAMPLE_FOLDS = 5
SMALL_POOLS = (1, 2, 3, 5, 8, 13)


def small_pool(others: list[int], labels: np.ndarray, rng: np.random.Generator) -> list[int]:
    ok = [j for j in rng.permutation(others) if labels[j]]
    bad = [j for j in rng.permutation(others) if not labels[j]]
    while True:
        pool = ok[: int(rng.choice(SMALL_POOLS))] + bad[: int(rng.choice(SMALL_POOLS))]
        if pool:
            return pool


def example_rows(rows: list[Row], encoder: TextEncoder | None, seed: int = 0) -> tuple[np.ndarray, ...]:
    """x, y, fold, pool kind (0 all others, 1 a few) and dataset of every simulated grading."""
    embedding = encoder is not None
    names = feature_names(embedding)
    ex_names = EMBEDDING_EXAMPLE_FEATURES if embedding else LEXICAL_EXAMPLE_FEATURES
    rng = np.random.default_rng(seed)
    groups = np.array([r.item.group + r.item.split for r in rows])
    folds = np.zeros(len(rows), dtype=int)
    for g in sorted(set(groups)):
        idx = np.where(groups == g)[0]
        folds[idx] = rng.permutation(len(idx)) % EXAMPLE_FOLDS
    base = np.zeros(len(rows))
    for k in range(EXAMPLE_FOLDS):
        train = [rows[i] for i in np.where(folds != k)[0]]
        test_idx = np.where(folds == k)[0]
        model = fit_point_model(train, names)
        probs = point_probabilities(model, [rows[i] for i in test_idx], names)
        for i, p in zip(test_idx, probs, strict=True):
            base[i] = answer_vector(rows[i], p)[0]
    prepared = prepare([r.item.answer for r in rows], encoder)
    labels = np.array([r.item.label == "pass" for r in rows])
    xs, ys, fs, kinds, datasets = [], [], [], [], []
    for i, row in enumerate(rows):
        others = [j for j in np.where(groups == groups[i])[0] if folds[j] != folds[i]]
        if not others:
            continue
        for kind, pool in ((0, others), (1, small_pool(others, labels, rng))):
            sims = similarities(prepared[i], [prepared[j] for j in pool], embedding)
            feats = example_features(float(base[i]), sims, [bool(labels[j]) for j in pool])
            xs.append([feats[n] for n in ex_names])
            ys.append(bool(labels[i]))
            fs.append(folds[i])
            kinds.append(kind)
            datasets.append(row.item.split.split("_")[0])
    return np.array(xs), np.array(ys), np.array(fs), np.array(kinds), np.array(datasets)


def fit_example_model(x: np.ndarray, y: np.ndarray, names: tuple[str, ...]) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    cst = [EXAMPLE_MONOTONE.get(n, 0) for n in names]
    return HistGradientBoostingClassifier(monotonic_cst=cst, **EXAMPLE_HGB_PARAMS).fit(x, y)


def fit_examples(mode: str, rows: list[Row], encoder: TextEncoder | None) -> dict[str, Any]:
    """Fit the marked-answer model for `mode`; print CV on the same folds against the reference alone."""
    from sklearn.metrics import f1_score

    ex_names = EMBEDDING_EXAMPLE_FEATURES if encoder is not None else LEXICAL_EXAMPLE_FEATURES
    x, y, folds, kinds, datasets = example_rows(rows, encoder)
    probs = np.zeros(len(y))
    for k in range(EXAMPLE_FOLDS):
        model = fit_example_model(x[folds != k], y[folds != k], ex_names)
        probs[folds == k] = model.predict_proba(x[folds == k])[:, 1]
    base = x[:, ex_names.index("ex_base")]
    for kind, label in ((0, "all other answers marked"), (1, "a few correct and a few incorrect marked")):
        sel = kinds == kind
        cells = []
        for name, p in (("reference only", base), ("with marked answers", probs)):
            per = [
                float(f1_score(y[sel & (datasets == d)], p[sel & (datasets == d)] >= 0.5, average="weighted"))
                for d in sorted(set(datasets))
            ]
            cells.append(f"{name} {np.mean(per):.3f} ({' / '.join(f'{v:.3f}' for v in per)})")
        print(f"  {mode}, CV within questions, {label}: " + "; ".join(cells), flush=True)
    model = fit_example_model(x, y, ex_names)
    exported = export_trees(model, ex_names)
    exported["train_rows"] = len(y)
    feats = [dict(zip(ex_names, row, strict=True)) for row in x[:300]]
    fake = [Row(rows[0].item, [[f]]) for f in feats]
    print(
        f"{mode}+examples: rows {len(y)}, export max |diff| {check_export(exported, model, fake, ex_names):.1e}"
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
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--out", type=Path, default=PARAMS_PATH)
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
        return check_fp32(args.check_fp32, args.fp32_python, DEFAULT_DATA)
    started = time.perf_counter()
    items = [a for split in TRAIN_SPLITS for a in load_semeval(split)]
    cached = encoded(items, args.cache)
    current = json.loads(args.out.read_text(encoding="utf-8"))  # fit_grader.py's point and answer models stay
    for mode, encoder in (("embedding", cached), ("lexical", None)):
        current["modes"][f"{mode}+examples"] = fit_examples(mode, featurise(items, encoder), encoder)
    args.out.write_text(json.dumps(current, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
