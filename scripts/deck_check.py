"""Check deck files against docs/deck-format.md and the content rules, without the importer.

    python scripts/deck_check.py [FILES...]      (default: every src/mldrill/deck/*.md)

Prints per-file counts, every problem found, the difficulty balance, and any 10-word sequence shared with a seed.
Exit code 1 when a problem was found.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
KEYS = {"id", "difficulty", "topic", "tags", "companies", "time"}
SECTIONS = {"answer", "rubric", "resources"}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOPIC_RE = re.compile(r"^[a-z0-9-]+(/[a-z0-9-]+)*$")


def words(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", " ", text.lower()).split()


def ngrams(text: str, n: int = 10) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def check_file(path: Path, ids: Counter[str], diffs: Counter[str]) -> list[str]:
    problems: list[str] = []
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "format: mldrill-deck/1" not in text.split("\n---", 2)[0]:
        return [f"{path.name}: missing front matter with format: mldrill-deck/1"]
    if re.search(r"^kind:\s*notes", text.split("\n---", 2)[0], re.M):
        return problems
    blocks = re.split(r"^## (?!#)", text, flags=re.M)[1:]
    for block in blocks:
        lines = block.split("\n")
        prompt = lines[0].strip()
        where = f"{path.name}: {prompt[:50]!r}"
        meta: dict[str, str] = {}
        i = 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        while i < len(lines) and lines[i].strip():
            m = re.match(r"^(\w+):\s*(.*)$", lines[i])
            if not m:
                problems.append(f"{where}: bad metadata line {lines[i]!r}")
            else:
                meta[m.group(1)] = m.group(2).strip()
            i += 1
        for k in meta:
            if k not in KEYS:
                problems.append(f"{where}: unknown key {k}")
        qid = meta.get("id", "")
        if not ID_RE.match(qid):
            problems.append(f"{where}: bad or missing id {qid!r}")
        ids[qid] += 1
        d = meta.get("difficulty")
        if d not in ("easy", "medium", "hard"):
            problems.append(f"{where}: bad difficulty {d!r}")
        diffs[str(d)] += 1
        if not TOPIC_RE.match(meta.get("topic", "")):
            problems.append(f"{where}: bad or missing topic {meta.get('topic')!r}")
        if "time" in meta and not re.match(r"^\d+(\.\d+)?$", meta["time"]):
            problems.append(f"{where}: time must be a number of minutes")
        secs = dict(re.findall(r"^### (\w+)\n(.*?)(?=^### |\Z)", block, flags=re.M | re.S))
        for s in secs:
            if s.lower() not in SECTIONS:
                problems.append(f"{where}: unknown section {s}")
        ans = secs.get("Answer", "")
        n = len(words(re.sub(r"```.*?```", " ", ans, flags=re.S)))
        if n < 50 or n > 320:
            problems.append(f"{where}: answer has {n} words (aim 80-250)")
        rubric = [ln for ln in secs.get("Rubric", "").split("\n") if ln.startswith("- ")]
        if not 3 <= len(rubric) <= 6:
            problems.append(f"{where}: {len(rubric)} rubric points (need 3-6)")
    return problems


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted((ROOT / "src/mldrill/deck").glob("*.md"))
    ids: Counter[str] = Counter()
    diffs: Counter[str] = Counter()
    problems: list[str] = []
    seed_grams: set[tuple[str, ...]] = set()
    for s in sorted(SEEDS.glob("*")):
        seed_grams |= ngrams(s.read_text(encoding="utf-8", errors="replace"))
    for f in files:
        problems += check_file(f, ids, diffs)
        shared = ngrams(f.read_text(encoding="utf-8")) & seed_grams
        for g in sorted(shared)[:5]:
            problems.append(f"{f.name}: 10 words also in a seed: {' '.join(g)!r}")
    problems += [f"duplicate id {i!r} ({n} times)" for i, n in ids.items() if n > 1]
    total = sum(diffs.values())
    print(f"{len(files)} files, {total} questions; difficulty {dict(diffs)}")
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
