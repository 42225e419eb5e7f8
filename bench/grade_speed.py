"""Grading speed: model load time, latency of grading one typed answer, memory.

    python bench/grade_speed.py [--rounds N]

Questions come from the built-in deck (their rubric points); answers are written from each question's reference
answer: its first 1 to 4 sentences, so that they cover some points and miss others, as typed answers do.
Reported, after warm-up:
  - "warm question": the question's points were embedded by an earlier answer (the usual case: several answers
    to one question in a study session or a mock interview; only the new answer is encoded);
  - "cold question": the embedding cache is cleared before each answer, so points and question are encoded too;
  - "warm question, 200-word answer": as "warm question", answers of 200 words (a reference's sentences
    followed by its rubric points, cut at 200 words);
  - "warm question, 30 marked answers": as "warm question", with 30 marked answers (other answers' sentences,
    labelled at random) compared as well; answers over 50 words skip them, as grading does (counted).
Load time is measured in a fresh interpreter (import + load + first grade). Memory is the process's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mldrill.grade import Example, grade_answer, load_embedder  # noqa: E402
from mldrill.grade.points import points_from_markdown  # noqa: E402
from mldrill.ingest import read_source  # noqa: E402
from mldrill.models import QuestionRecord  # noqa: E402

LOAD_SNIPPET = """
import time
t0 = time.perf_counter()
from mldrill.grade import grade_answer, load_embedder
from mldrill.models import QuestionRecord
t1 = time.perf_counter()
e = load_embedder()
t2 = time.perf_counter()
grade_answer(QuestionRecord(prompt="What is dropout?", rubric=["Dropout zeroes random units."]), "It drops units.")
t3 = time.perf_counter()
print(f"{(t1 - t0) * 1000:.0f} {(t2 - t1) * 1000:.0f} {(t3 - t2) * 1000:.0f}")
"""


def deck_questions() -> list[QuestionRecord]:
    out: list[QuestionRecord] = []
    for path in sorted((ROOT / "src" / "mldrill" / "deck").glob("*.md")):
        out += [q for q in read_source(str(path)).questions if q.rubric and q.answer]
    return out


def typed_answers(questions: list[QuestionRecord], rng: random.Random) -> list[tuple[QuestionRecord, str]]:
    pairs = []
    for q in questions:
        sentences = points_from_markdown(q.answer or "", limit=6)
        if sentences:
            pairs.append((q, " ".join(sentences[: rng.randint(1, 4)])))
    return pairs


def long_answers(questions: list[QuestionRecord], words: int = 200) -> list[tuple[QuestionRecord, str]]:
    """About `words` words per answer: the reference's sentences, then its rubric points, cut at `words`."""
    pairs = []
    for q in questions:
        text = " ".join([*points_from_markdown(q.answer or "", limit=40), *q.rubric]).split()
        if len(text) >= words:
            pairs.append((q, " ".join(text[:words])))
    return pairs


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=300, help="answers timed per scenario")
    args = ap.parse_args(argv)
    print(f"cores available: {len(os.sched_getaffinity(0))}, python {sys.version.split()[0]}")

    loads = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", LOAD_SNIPPET],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        ).stdout.split()
        loads.append([float(x) for x in out])
    imp, load, first = (statistics.median(col) for col in zip(*loads, strict=True))
    print(
        f"load (median of 3 fresh processes): import {imp:.0f} ms, model load {load:.0f} ms, first grade {first:.0f} ms"
    )

    rss_before = peak_rss_mib()
    embedder = load_embedder()
    rng = random.Random(7)
    pairs = typed_answers(deck_questions(), rng)
    for q, a in pairs[:20]:  # warm-up
        grade_answer(q, a, embedder=embedder)
    words = [len(a.split()) for _, a in pairs]
    print(
        f"answers: {len(pairs)} from the built-in deck, {statistics.median(words):.0f} words median "
        f"(max {max(words)}), {statistics.median(len(q.rubric) for q, _ in pairs):.0f} rubric points median"
    )

    pool = [Example(a, rng.random() < 0.5) for _, a in pairs]
    long = long_answers(deck_questions())
    scenarios = (
        ("warm question", False, 0, pairs),
        ("cold question", True, 0, pairs),
        ("warm question, 30 marked answers", False, 30, pairs),
        ("warm question, 200-word answer", False, 0, long),
    )
    for label, clear, n_marked, these in scenarios:
        times = []
        used = 0
        embedder._cache.clear()
        for i, (q, a) in enumerate(these[20 : 20 + args.rounds]):  # each answer once: never cached already
            examples = [pool[(i + k + 1) % len(pool)] for k in range(n_marked)]
            if not clear:
                grade_answer(q, "ok", embedder=embedder, examples=examples)  # points and marked answers known
            else:
                embedder._cache.clear()
            t0 = time.perf_counter()
            grade = grade_answer(q, a, embedder=embedder, examples=examples)
            times.append((time.perf_counter() - t0) * 1000)
            used += grade.examples is not None
        extra = f", {used} compared with marked answers" if n_marked else ""
        print(
            f"{label}: p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms "
            f"(n={len(times)}{extra})"
        )
    print(f"memory: peak RSS {peak_rss_mib():.0f} MiB (before loading the model {rss_before:.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
