"""Fit the grader on human grades from three sources and write src/mldrill/grade/data/grader_params.json.

    python scripts/fit_grader.py [--cache DIR] [--out PATH] [--no-cv]

Sources, train splits only: SemEval-2013 Task 7 (SciEntsBank and Beetle train), SAF v2.0 (saf_train) and our
interview answers (bench/data/interview_answers.jsonl; all of it is "train": the benchmark reports it by
cross-validation grouped by question). Two models per mode (embedding, lexical):

- the point model, P(point stated | evidence features of its best unit), histogram gradient boosting with
  monotonic constraints, exported as plain trees (src/mldrill/grade/model.py evaluates them);
- the answer model, an ordinal logistic regression from the points' probabilities to fail < partial < pass
  (src/mldrill/grade/verdict.py), fitted on out-of-fold point probabilities.

With CV (the default) it first prints 5-fold cross-validation grouped by question, per source. The marked-answer
models ("embedding+examples", "lexical+examples") are kept from the existing parameters file.
Embeddings are cached under /tmp (MLDRILL_GRADE_CACHE). Needs scikit-learn and SciPy (the dev extra).
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

from mldrill.grade.calibrate import DEFAULT_CACHE, TRAIN_SPLITS, CachedEncoder, RecordingEncoder  # noqa: E402
from mldrill.grade.dataset import GradedAnswer, load_interview, load_saf, load_semeval  # noqa: E402
from mldrill.grade.embed import load_embedder  # noqa: E402
from mldrill.grade.evidence import feature_names  # noqa: E402
from mldrill.grade.fitting import HGB_PARAMS, Row, cross_validate, featurise, fit, metrics  # noqa: E402
from mldrill.grade.model import FORMAT, PARAMS_PATH, _model_from_dict  # noqa: E402


def train_items() -> list[GradedAnswer]:
    items = [a for split in TRAIN_SPLITS for a in load_semeval(split)]
    items += load_saf("saf_train")
    from mldrill.grade.dataset import INTERVIEW_SET

    if INTERVIEW_SET.is_file():
        items += load_interview() + load_interview(against="reference")
    return items


def encoded(items: list[GradedAnswer], cache: Path) -> CachedEncoder:
    cached = CachedEncoder(load_embedder(), cache)
    recorder = RecordingEncoder()
    featurise(items, recorder)
    new = cached.prefetch(recorder.seen - {""})
    new_answers = cached.prefetch_answers(recorder.answers)
    cached.save()
    print(f"encoded {new} new texts, {new_answers} new answers", flush=True)
    return cached


def print_metrics(title: str, rows: list[Row], judged: list[dict[str, Any]]) -> None:
    for source in ("semeval", "saf", "interview", "interview-reference"):
        idx = [
            i
            for i, r in enumerate(rows)
            if (r.item.split if r.item.source == "interview" else r.item.source) == source
        ]
        if not idx:
            continue
        m = metrics([rows[i].item for i in idx], [judged[i] for i in idx])
        print(f"  {title} {source}: " + " ".join(f"{k} {v:.3f}" for k, v in m.items()), flush=True)


def export_trees(model: Any, names: tuple[str, ...]) -> dict[str, Any]:
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
        "threshold": 0.5,
        "trees": trees,
    }


def check_export(exported: dict[str, Any], model: Any, rows: list[Row], names: tuple[str, ...]) -> float:
    mine = _model_from_dict("check", exported)
    feats = [f for r in rows[:300] for pts in r.per_ref for f in pts]
    x = np.array([[f[n] for n in names] for f in feats])
    ours = np.array([mine.probability(f) for f in feats])
    return float(np.abs(ours - model.predict_proba(x)[:, 1]).max())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--out", type=Path, default=PARAMS_PATH)
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    items = train_items()
    counts = {s: sum(1 for i in items if i.source == s) for s in ("semeval", "saf", "interview")}
    print(f"train answers: {counts}", flush=True)
    cached = encoded(items, args.cache)
    old = json.loads(args.out.read_text(encoding="utf-8")) if args.out.is_file() else {"modes": {}}
    modes: dict[str, Any] = {}
    answer_models: dict[str, Any] = {}
    for mode, encoder in (("embedding", cached), ("lexical", None)):
        names = feature_names(mode == "embedding")
        rows = featurise(items, encoder)
        if not args.no_cv:
            print_metrics(f"CV {mode}", rows, cross_validate(rows, names))
        fitted = fit(rows, names)
        exported = export_trees(fitted.point_model, names)
        print(
            f"{mode}: export max |diff| {check_export(exported, fitted.point_model, rows, names):.1e}; "
            f"answer models {fitted.answer_models}",
            flush=True,
        )
        modes[mode] = exported
        answer_models[mode] = {k: m.to_dict() for k, m in fitted.answer_models.items()}
    for kind in ("embedding+examples", "lexical+examples"):
        if kind in old.get("modes", {}):
            modes[kind] = old["modes"][kind]
    params = {
        "format": FORMAT,
        "fitted_by": "scripts/fit_grader.py",
        "fitted_on": [
            *(f"SemEval-2013 {s}" for s in TRAIN_SPLITS),
            "SAF saf_train",
            "interview_answers.jsonl",
        ],
        "train_answers": counts,
        "embedding_model": cached.name,
        "hgb_params": HGB_PARAMS,
        "modes": modes,
        "answer_models": answer_models,
    }
    args.out.write_text(json.dumps(params, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB) in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
