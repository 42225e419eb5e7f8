"""Grading quality against human grades: SemEval-2013 Task 7 test splits (SciEntsBank, Beetle; 2-way labels).

    python bench/grade_quality.py [--data DIR] [--cache DIR] [--json PATH]

For each test split it prints accuracy, macro-F1 and weighted-F1 of
  - the shipped grader (`mldrill.grade`, embedding mode): an answer is "correct" when its verdict is pass;
  - the shipped grader in lexical mode (no embedding model);
  - the shipped grader with marked answers ("grader+marked"): the train split's labelled answers to the same
    question are passed as answers a person marked correct or incorrect before, as `mldrill grade` does with
    the answers you mark. Only the unseen-answers splits have such questions; on the others no marked answers
    exist and the figures equal the grader's;
  - baseline "cosine": cosine of answer and reference embeddings alone, threshold fitted on the train splits;
  - baseline "overlap": share of the reference's content words found in the answer, threshold fitted on train.
Beetle questions have several acceptable reference answers; every method takes the best over them.
Nothing here is fitted on the test splits. Embeddings are cached under /tmp (MLDRILL_GRADE_CACHE).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mldrill.grade.calibrate import (  # noqa: E402
    DEFAULT_CACHE,
    DEFAULT_DATA,
    TEST_SPLITS,
    TRAIN_SPLITS,
    CachedEncoder,
    LabelledAnswer,
    load_split,
)
from mldrill.grade.embed import TextEncoder, load_embedder  # noqa: E402
from mldrill.grade.examples import Example  # noqa: E402
from mldrill.grade.points import answer_sentences, derive_points  # noqa: E402
from mldrill.grade.score import PASS_SCORE, grade_points  # noqa: E402
from mldrill.grade.text import content_stems, words  # noqa: E402

Scorer = Callable[[LabelledAnswer, str], float]


def metrics(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    """Accuracy, macro-F1 and weighted-F1 of boolean predictions, in plain numpy."""
    out = {"accuracy": float((y == pred).mean())}
    f1s, supports = [], []
    for cls in (True, False):
        tp = float(((pred == cls) & (y == cls)).sum())
        fp = float(((pred == cls) & (y != cls)).sum())
        fn = float(((pred != cls) & (y == cls)).sum())
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        supports.append(float((y == cls).sum()))
    out["macro_f1"] = float(np.mean(f1s))
    out["weighted_f1"] = float(np.dot(f1s, supports) / sum(supports))
    return out


def best_over_references(items: list[LabelledAnswer], scorer: Scorer) -> np.ndarray:
    return np.array([max(scorer(item, ref) for ref in item.references) for item in items])


Marked = dict[tuple[str, str], list[Example]]


def grader_scorer(encoder: TextEncoder | None, marked: Marked | None = None) -> Scorer:
    def score(item: LabelledAnswer, ref: str) -> float:
        points = derive_points(item.prompt, ref, [], None)
        examples = (marked or {}).get(question_key(item), [])
        return grade_points(item.prompt, points, item.answer, encoder, examples=examples).score

    return score


def question_key(item: LabelledAnswer) -> tuple[str, str]:
    return item.split.split("_")[0], item.question_id


def marked_answers(train: list[LabelledAnswer]) -> Marked:
    """The train split's labelled answers by question: the "marked answers" of seen questions."""
    out: Marked = {}
    for item in train:
        out.setdefault(question_key(item), []).append(Example(item.answer, item.correct))
    return out


def cosine_scorer(encoder: TextEncoder) -> Scorer:
    def score(item: LabelledAnswer, ref: str) -> float:
        sentences, _ = answer_sentences(item.answer)
        if not sentences:
            return 0.0
        vecs = encoder.embed([ref, " ".join(sentences)])
        return float(vecs[0] @ vecs[1])

    return score


def overlap_score(item: LabelledAnswer, ref: str) -> float:
    ref_stems = set(content_stems(words(ref)))
    return len(ref_stems & set(content_stems(words(item.answer)))) / len(ref_stems) if ref_stems else 0.0


def fit_threshold(values: np.ndarray, labels: np.ndarray) -> float:
    """The threshold on a single score that maximises weighted F1 on the train splits."""
    candidates = np.unique(np.quantile(values, np.linspace(0.02, 0.98, 97)))
    return float(max(candidates, key=lambda t: metrics(labels, values >= t)["weighted_f1"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    encoder = CachedEncoder(load_embedder(), args.cache)

    train = [a for s in TRAIN_SPLITS for a in load_split(s, args.data)]
    y_train = np.array([a.correct for a in train])
    cos = cosine_scorer(encoder)
    cos_threshold = fit_threshold(best_over_references(train, cos), y_train)
    overlap_threshold = fit_threshold(best_over_references(train, overlap_score), y_train)
    print(
        f"baseline thresholds fitted on train: cosine >= {cos_threshold:.3f}, overlap >= {overlap_threshold:.3f}"
    )

    marked = marked_answers(train)
    methods: dict[str, Callable[[list[LabelledAnswer]], np.ndarray]] = {
        "grader": lambda items: best_over_references(items, grader_scorer(encoder)) >= PASS_SCORE,
        "grader+marked": lambda items: (
            best_over_references(items, grader_scorer(encoder, marked)) >= PASS_SCORE
        ),
        "grader-lexical": lambda items: best_over_references(items, grader_scorer(None)) >= PASS_SCORE,
        "cosine": lambda items: best_over_references(items, cos) >= cos_threshold,
        "overlap": lambda items: best_over_references(items, overlap_score) >= overlap_threshold,
    }
    results: dict[str, dict[str, dict[str, float]]] = {}
    header = f"{'split':<22}{'n':>6}  " + "  ".join(f"{m:>22}" for m in methods)
    print("\nacc / macro-F1 / weighted-F1 per method")
    print(header)
    for split in TEST_SPLITS:
        items = load_split(split, args.data)
        y = np.array([a.correct for a in items])
        results[split] = {name: metrics(y, run(items)) for name, run in methods.items()}
        cells = [
            f"{r['accuracy']:.3f}/{r['macro_f1']:.3f}/{r['weighted_f1']:.3f}" for r in results[split].values()
        ]
        print(f"{split:<22}{len(items):>6}  " + "  ".join(f"{c:>22}" for c in cells), flush=True)
        seen = sum(1 for a in items if question_key(a) in marked)
        print(f"{'':<22}{'':>6}  answers to questions with marked answers: {seen}", flush=True)
    encoder.save()
    print(f"\n({time.perf_counter() - started:.0f} s; model {encoder.name})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
