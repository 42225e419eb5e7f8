"""Compare the importer's output on the five seeds with the hand count in ../shared/seeds-gold/gold.json."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from mldrill.ingest import read_source
from mldrill.models import QuestionRecord

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "seeds-gold" / "gold.json"
ALIASES = {"facebook": "meta"}


def _company_set(names: list[str]) -> set[str]:
    return {ALIASES.get(n.lower(), n.lower()) for n in names}


@dataclass
class SeedScore:
    seed: str
    gold: int = 0
    found: int = 0
    matched: int = 0
    answered_ok: int = 0
    difficulty_ok: int = 0
    companies_ok: int = 0
    insights_gold: int = 0
    insights_found: int = 0
    company_lists_gold: int = 0
    company_lists_found: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def _lines(q: QuestionRecord) -> set[int]:
    out = {q.line}
    if q.prompt_line:
        out.add(q.prompt_line)
    return out


def score_seed(entry: dict) -> SeedScore:  # type: ignore[type-arg]
    parsed = read_source(str(SEEDS / entry["seed"]))
    s = SeedScore(entry["seed"][:3], gold=len(entry["questions"]), found=len(parsed.questions))
    pool = list(parsed.questions)
    for g in entry["questions"]:
        glines = {g["line"]} | ({g["prompt_line"]} if g.get("prompt_line") else set())
        hit = None
        for q in pool:
            if q.inner_file == g["part"] and any(abs(a - b) <= 1 for a in glines for b in _lines(q)):
                hit = q
                break
        where = f"{g['part'] or ''}:{g['line']} {g['first_words']!r}"
        if hit is None:
            s.missed.append(where)
            continue
        pool.remove(hit)
        s.matched += 1
        if hit.answered == g["answered"]:
            s.answered_ok += 1
        else:
            s.wrong.append(f"answered {hit.answered} != {g['answered']} at {where}")
        if hit.difficulty == g["difficulty"]:
            s.difficulty_ok += 1
        else:
            s.wrong.append(f"difficulty {hit.difficulty} != {g['difficulty']} at {where}")
        if _company_set(hit.companies) == _company_set(g["companies"]):
            s.companies_ok += 1
        else:
            s.wrong.append(f"companies {hit.companies} != {g['companies']} at {where}")
        if g["has_insight"]:
            s.insights_gold += 1
            if hit.insight and hit.rubric:
                s.insights_found += 1
    s.extra = [f"{q.inner_file or ''}:{q.line} {q.prompt[:50]!r}" for q in pool]
    gold_ct = entry.get("company_topics") or {}
    s.company_lists_gold = len(gold_ct)
    for company, topics in gold_ct.items():
        got = parsed.company_topics.get(company, [])
        if [t.lower() for t in got] == [t.lower() for t in topics]:
            s.company_lists_found += 1
    return s


def score_all() -> list[SeedScore]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    return [score_seed(e) for e in gold["files"]]


def table(scores: list[SeedScore]) -> str:
    rows = ["seed  gold found match  answered difficulty companies insight  company-lists"]
    for s in scores:
        m = max(s.matched, 1)
        rows.append(
            f"{s.seed:5} {s.gold:4} {s.found:5} {s.matched:5}  {s.answered_ok / m:8.3f} {s.difficulty_ok / m:10.3f}"
            f" {s.companies_ok / m:9.3f} {s.insights_found:3}/{s.insights_gold:<3} {s.company_lists_found}/"
            f"{s.company_lists_gold}"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    import sys

    sc = score_all()
    print(table(sc))
    g = sum(s.gold for s in sc)
    f = sum(s.found for s in sc)
    m = sum(s.matched for s in sc)
    print(f"recall {m / g:.3f} precision {m / f:.3f}")
    print(
        f"answered {sum(s.answered_ok for s in sc) / m:.3f} difficulty {sum(s.difficulty_ok for s in sc) / m:.3f} "
        f"companies {sum(s.companies_ok for s in sc) / m:.3f}"
    )
    if "-v" in sys.argv:
        for s in sc:
            for x in s.missed:
                print(s.seed, "MISSED", x)
            for x in s.extra:
                print(s.seed, "EXTRA", x)
            for x in s.wrong:
                print(s.seed, "WRONG", x)
