"""Grading quality against human grades, on every shape of answer we have, in one run.

    python bench/grade_quality.py [--cache DIR] [--json PATH] [--quick]

Printed per set, for the shipped grader and for a cosine-only baseline fitted the same way (the same point
and answer models, scripts/fit_grader.py's code, but one feature: the cosine of the point and its best unit):

- SemEval-2013 test splits (SciEntsBank UA/UQ/UD, Beetle UA/UQ): accuracy, macro-F1, weighted-F1 of "pass"
  against the 2-way label "correct" (the grader's leaning; unsure grades are counted by their leaning too).
- SAF saf_test_ua and saf_test_uq: 3-way accuracy (leaning), Pearson r of the score with the tutor's score
  over the question's maximum, false-fail (share of tutor-"correct" answers given fail), false-pass (share of
  tutor-"incorrect" answers given pass), the share unsure, and the majority-class baseline's accuracy.
- Our interview answers (bench/data/interview_answers.jsonl) by 5-fold cross-validation grouped by question
  (every fold refits both models on all other questions of all three sources), with the same figures, graded
  against the deck's rubric and, as a question without a rubric would be, against points derived from its
  model answer; and fitted without one writer's half, scored on it (the two halves share no question).
- Also for the interview set: length alone and word overlap alone (a one-feature ordinal model each, same CV),
  to show that neither predicts the label; and the agreement of a second reader's blind labels.

The shipped grader's figures on the test splits come from `mldrill.grade.grade_points`, the code that grades
a typed answer, with the shipped parameters. Nothing here is fitted on a test split. Embeddings are cached under
/tmp (MLDRILL_GRADE_CACHE). Needs the dev extra (scikit-learn, SciPy).
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

from fit_grader import encoded, train_items  # noqa: E402
from mldrill.grade.calibrate import DEFAULT_CACHE, TEST_SPLITS  # noqa: E402
from mldrill.grade.dataset import INTERVIEW_SET, GradedAnswer, load_saf, load_semeval  # noqa: E402
from mldrill.grade.embed import TextEncoder  # noqa: E402
from mldrill.grade.evidence import feature_names  # noqa: E402
from mldrill.grade.fitting import Row, cross_validate, featurise, fit, judge, metrics  # noqa: E402
from mldrill.grade.points import Point  # noqa: E402
from mldrill.grade.score import grade_points  # noqa: E402
from mldrill.grade.text import content_stems, words  # noqa: E402
from mldrill.grade.verdict import AnswerModel  # noqa: E402

SAF_TEST = ("saf_test_ua", "saf_test_uq")
COSINE = ("cos_best",)
TARGETS = "interview: acc3 >= 0.75, false-fail <= 0.10, false-pass <= 0.05, r >= 0.75; SAF: acc3 >= 0.60, "
TARGETS += "false-fail <= 0.10, false-pass <= 0.25"


def shipped(items: list[GradedAnswer], encoder: TextEncoder) -> list[dict[str, Any]]:
    """The grader as it grades a typed answer; Beetle's alternatives: the best grade over them."""
    out = []
    for n, item in enumerate(items, 1):
        best: dict[str, Any] | None = None
        for points in item.points:
            pts = [Point(p, "reference") for p in points]
            g = grade_points(item.prompt, pts, item.answer, encoder)
            j = {"verdict": g.verdict, "leaning": g.leaning, "confidence": g.confidence, "score": g.score}
            if best is None or j["score"] > best["score"]:
                best = j
        assert best is not None
        out.append(best)
        if n % 2000 == 0:
            print(f"  graded {n}/{len(items)}", flush=True)
    return out


def show(title: str, items: list[GradedAnswer], judged: list[dict[str, Any]]) -> dict[str, float]:
    m = metrics(items, judged)
    keys = [
        k for k in ("acc", "macro_f1", "weighted_f1", "acc3", "false_fail", "false_pass", "pearson") if k in m
    ]
    keys += ["unsure"] + (["majority_acc3"] if "majority_acc3" in m else [])
    print(f"  {title:42s} " + "  ".join(f"{k} {m[k]:.3f}" for k in keys), flush=True)
    return m


def one_feature(rows: list[Row], values: list[float]) -> list[dict[str, Any]]:
    """A one-feature ordinal model (fail < partial < pass), 5-fold CV grouped by question."""
    from sklearn.model_selection import GroupKFold

    from mldrill.grade.fitting import fit_answer_model

    groups = np.array([r.item.group for r in rows])
    out: list[dict[str, Any]] = [{} for _ in rows]
    pad = [[v, 0.0, 0.0, 0.0, 0.0] for v in values]  # the value in the coverage slot, the rest zero
    for tr, te in GroupKFold(5, shuffle=True, random_state=0).split(np.zeros(len(rows)), groups=groups):
        m: AnswerModel = fit_answer_model(
            [rows[i] for i in tr], [pad[i] for i in tr], {"interview": 1.0}, 0.0
        )
        for i in te:
            j = m.judge(pad[i])
            out[i] = {
                "verdict": j.leaning,
                "leaning": j.leaning,
                "confidence": j.confidence,
                "score": j.score,
            }
    return out


def overlap(item: GradedAnswer) -> float:
    ref = set().union(*(set(content_stems(words(p))) for p in item.points[0]))
    ans = set(content_stems(words(item.answer)))
    return len(ref & ans) / len(ans) if ans else 0.0


def agreement() -> None:
    second = INTERVIEW_SET.with_name("interview_answers_second_reader.jsonl")
    if not second.is_file():
        return
    first = {r["id"]: r for r in map(json.loads, INTERVIEW_SET.read_text(encoding="utf-8").splitlines())}
    other = {r["id"]: r for r in map(json.loads, second.read_text(encoding="utf-8").splitlines())}
    ids = sorted(first.keys() & other.keys())
    a, b = [first[i]["label"] for i in ids], [other[i]["label"] for i in ids]
    from sklearn.metrics import cohen_kappa_score

    r = np.corrcoef([first[i]["score"] for i in ids], [other[i]["score"] for i in ids])[0, 1]
    print(
        f"  second reader (blind, {len(ids)} answers): label agreement {np.mean([x == y for x, y in zip(a, b, strict=True)]):.3f}, "
        f"Cohen's kappa {cohen_kappa_score(a, b):.3f}, score Pearson r {r:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--quick", action="store_true", help="skip the SemEval test splits (the slowest part)")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    train = train_items()
    test = [] if args.quick else [a for s in TEST_SPLITS for a in load_semeval(s)]
    test += [a for s in SAF_TEST for a in load_saf(s)]
    cached = encoded(train + test, args.cache)
    figures: dict[str, Any] = {}
    train_rows = featurise(train, cached)
    test_rows = featurise(test, cached)
    names = feature_names(True)
    baseline = fit(train_rows, COSINE)
    base_judged = judge(baseline, test_rows)
    print("shipped grader (embedding mode) and the cosine-only baseline on the test splits:", flush=True)
    ours = shipped(test, cached)
    for split in [*([] if args.quick else TEST_SPLITS), *SAF_TEST]:
        idx = [i for i, it in enumerate(test) if it.split == split]
        items = [test[i] for i in idx]
        figures[f"{split}/grader"] = show(f"{split} grader", items, [ours[i] for i in idx])
        figures[f"{split}/cosine"] = show(f"{split} cosine", items, [base_judged[i] for i in idx])
    print("interview answers, 5-fold CV grouped by question (refitted on all sources per fold):", flush=True)
    iv = [i for i, r in enumerate(train_rows) if r.item.split == "interview"]
    ivr = [i for i, r in enumerate(train_rows) if r.item.split == "interview-reference"]
    iv_items = [train_rows[i].item for i in iv]
    for title, feats in (("grader", names), ("cosine", COSINE)):
        cv = cross_validate(train_rows, feats)
        figures[f"interview_cv/{title}"] = show(f"interview CV {title}", iv_items, [cv[i] for i in iv])
        figures[f"interview_reference_cv/{title}"] = show(
            f"... against model-answer points, {title}",
            [train_rows[i].item for i in ivr],
            [cv[i] for i in ivr],
        )
    iv_rows = [train_rows[i] for i in iv]
    length = one_feature(iv_rows, [float(np.log1p(len(words(r.item.answer)))) for r in iv_rows])
    figures["interview_cv/length-only"] = show("interview CV length alone", iv_items, length)
    lap = one_feature(iv_rows, [overlap(r.item) for r in iv_rows])
    figures["interview_cv/overlap-only"] = show("interview CV word overlap alone", iv_items, lap)
    print("interview answers, fitted without one writer's half, scored on it:", flush=True)
    for held in ("a-", "b-"):
        keep = [
            r for r in train_rows if not (r.item.source == "interview" and r.item.answer_id.startswith(held))
        ]
        fitted = fit(keep, names)
        out = [r for r in train_rows if r.item.split == "interview" and r.item.answer_id.startswith(held)]
        figures[f"interview_writer_{held[0]}"] = show(
            f"writer {held[0].upper()} held out", [r.item for r in out], judge(fitted, out)
        )
    agreement()
    print(f"targets: {TARGETS}")
    print(f"done in {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
