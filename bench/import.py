"""Import throughput on a synthetic corpus of varied question-bank shapes, beside markdown-it-py parse-only.

    python bench/import.py [--mb 50] [--seed 7]

Builds a corpus (>= 50 MB by default) of heading Q&A, <details> answers, mkdocs admonitions, [E]/[M]/[H]
lists with fenced answers, Q:/A: pairs, question tables and study notes; then times, on the same bytes,
(a) markdown-it-py parsing alone (same parser and plugins as the importer) and (b) mldrill's read_source
(decode + mojibake repair + parse + question extraction). Prints MB/s for both and the ratio (target >= 0.33).
"""

from __future__ import annotations

import argparse
import random
import time

from mldrill.ingest import read_source
from mldrill.ingest.blocks import parser

WORDS = (
    "model data loss gradient feature label train test bias variance tree forest boost kernel margin "
    "vector matrix sample prior posterior entropy layer weight batch norm dropout attention token embed "
    "metric recall precision threshold cluster centroid drift deploy monitor latency cache retrieval"
).split()


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def heading_qa(rng: random.Random, i: int) -> str:
    return f"## What is {rng.choice(WORDS)} {i}?\n\n{sentence(rng)} {sentence(rng)}\n\n- {sentence(rng)}\n- {sentence(rng)}\n\n"


def details(rng: random.Random, i: int) -> str:
    return (
        f"## Q{i}: {rng.choice(WORDS).title()} vs {rng.choice(WORDS)} (Google)\n\n**Difficulty**: Medium | "
        f"**Time**: 5 min\n\n<details>\n<summary>Answer</summary>\n\n{sentence(rng)}\n\n```python\nx = {i}\n```\n\n"
        "</details>\n\n---\n\n"
    )


def mkdocs(rng: random.Random, i: int) -> str:
    return (
        f"### Explain {rng.choice(WORDS)} {i} - Google, Amazon Interview Question\n\n**Difficulty:** 🟡 Medium | "
        f'**Tags:** `{rng.choice(WORDS)}` | **Asked by:** Google, Meta\n\n??? success "View Answer"\n\n'
        f"    {sentence(rng)}\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n\n"
        f'    !!! tip "Interviewer\'s Insight"\n        **Strong answer signals:**\n\n        - {sentence(rng, 6)}\n\n---\n\n'
    )


def emh(rng: random.Random, i: int) -> str:
    return f"{i % 9 + 1}. [{rng.choice('EMH')}] Why does {rng.choice(WORDS)} matter?\n```text\n{sentence(rng)}\n```\n"


def qa(rng: random.Random, i: int) -> str:
    return f"Q: How does {rng.choice(WORDS)} {i} work?\nA: {sentence(rng)}\n\n"


def table_row(rng: random.Random, i: int) -> str:
    return f"| {i} | {rng.choice(WORDS).title()} {i} | [src](https://example.org/{i}) | Google, Amazon | Hard | Topic |\n"


def notes(rng: random.Random, i: int) -> str:
    return f"### {rng.choice(WORDS).title()} {i}\n- {sentence(rng)}\n    - {sentence(rng)}\n- How to tune {rng.choice(WORDS)}?\n    - {sentence(rng)}\n\n"


SHAPES = [heading_qa, details, mkdocs, emh, qa, table_row, notes]


def build_corpus(total_mb: float, seed: int) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    files: list[tuple[str, bytes]] = []
    size = 0
    k = 0
    while size < total_mb * 1_000_000:
        shape = SHAPES[k % len(SHAPES)]
        parts = ["# Bank\n\n"]
        while sum(len(p) for p in parts) < 200_000:
            parts.append(shape(rng, len(parts)))
        data = "".join(parts).encode("utf-8")
        files.append((f"bank{k:04d}.md", data))
        size += len(data)
        k += 1
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    files = build_corpus(args.mb, args.seed)
    total = sum(len(d) for _, d in files) / 1e6
    print(f"corpus: {len(files)} files, {total:.1f} MB, {len(SHAPES)} shapes")

    md = parser()
    t0 = time.perf_counter()
    for _, data in files:
        md.parse(data.decode("utf-8"))
    parse_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    questions = 0
    for name, data in files:
        questions += len(read_source(name, data).questions)
    import_s = time.perf_counter() - t0

    print(f"markdown-it-py parse only: {total / parse_s:6.2f} MB/s ({parse_s:.1f} s)")
    print(
        f"mldrill read_source:       {total / import_s:6.2f} MB/s ({import_s:.1f} s), {questions} questions"
    )
    print(f"ratio (mldrill / parse-only): {parse_s / import_s:.2f}  (target >= 0.33)")


if __name__ == "__main__":
    main()
