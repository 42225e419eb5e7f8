"""Planning a mock interview: which questions, in which order, and why. Pure: no I/O, randomness passed in.

Every eligible question gets a weight, the product of

- its company fit: asked by the company (x4), on the company's topic list (x2), or in a top-level topic the
  company's own questions cluster in (x1.5);
- the level's difficulty mix divided by the pool's own mix, so the plan's expected mix is the level's;
- the person's history: weak (a lapse, an Again, a low interview score) x2, not yet seen x1.5, well known x0.6;

then questions are drawn one at a time, in proportion to their weights, among those whose time budget still fits
the minutes left; after each draw the other questions of the same top-level topic count less (x0.6) so the plan
spreads over topics, and the question's duplicate group is used up. It stops when nothing fits, so the plan
stays under `minutes` by less than the smallest budget left. Questions asked in the last few interviews, and
those with neither an answer nor a rubric to grade against, are not eligible. The chosen questions are asked
from easy to hard.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from mldrill.errors import UsageError
from mldrill.models import DEFAULT_MINUTES, Question

LEVELS: dict[str, dict[str, float]] = {
    "junior": {"easy": 0.5, "medium": 0.4, "hard": 0.1},
    "mid": {"easy": 0.25, "medium": 0.5, "hard": 0.25},
    "senior": {"easy": 0.1, "medium": 0.4, "hard": 0.5},
}
DEFAULT_LEVEL = "mid"
DEFAULT_MINUTES_TOTAL = 45.0
NO_REPEAT_INTERVIEWS = 3  # questions of the last N interviews are not asked again

ASKED_BY = 4.0
ON_TOPIC_LIST = 2.0
COMPANY_TOPIC = 1.5
COMPANY_TOPIC_SHARE = 0.1  # a top-level topic holding at least this share of the company's questions
WEAK = 2.0
UNSEEN = 1.5
WELL_KNOWN = 0.6
SPREAD = 0.6
_RANK = {"easy": 0, "medium": 1, "hard": 2}


@dataclass(frozen=True)
class History:
    """What the person's history says about a question (see `store.interviews.QuestionHistory`)."""

    reps: int = 0
    lapses: int = 0
    last_rating: int | None = None
    asked: int = 0
    last_score: float | None = None


@dataclass(frozen=True)
class Candidate:
    id: int
    prompt: str
    topic: str | None
    difficulty: str | None
    companies: tuple[str, ...]
    minutes: float
    budget_given: bool  # the source gave a time budget (else the difficulty's default)
    dupe_group: int | None = None
    gradable: bool = True
    history: History = field(default_factory=History)

    @property
    def top_topic(self) -> str:
        return (self.topic or "(no topic)").split("/")[0]

    @property
    def level_difficulty(self) -> str:
        return self.difficulty if self.difficulty in _RANK else "medium"


def candidate_from(question: Question, history: History | None = None) -> Candidate:
    record = question.record
    budget = record.time_minutes
    given = budget is not None and budget > 0
    minutes = (
        float(budget) if budget and given else DEFAULT_MINUTES.get(record.difficulty, DEFAULT_MINUTES[None])
    )
    return Candidate(
        id=question.id,
        prompt=record.prompt,
        topic=record.topic,
        difficulty=record.difficulty,
        companies=tuple(record.companies),
        minutes=float(minutes or DEFAULT_MINUTES[None]),
        budget_given=given,
        dupe_group=question.dupe_group,
        gradable=bool(record.answered or record.rubric or question.own_answer),
        history=history or History(),
    )


@dataclass(frozen=True)
class PlanOptions:
    company: str | None = None
    minutes: float = DEFAULT_MINUTES_TOTAL
    topics: tuple[str, ...] = ()
    level: str = DEFAULT_LEVEL
    seed: int = 0
    no_repeat: int = NO_REPEAT_INTERVIEWS

    def checked(self) -> PlanOptions:
        level = self.level.lower()
        if level not in LEVELS:
            raise UsageError(f"--level must be one of {', '.join(LEVELS)}, not {self.level!r}")
        if not self.minutes > 0:
            raise UsageError(f"--minutes must be more than 0, not {self.minutes:g}")
        topics = tuple(t.strip().strip("/").lower() for t in self.topics if t.strip().strip("/"))
        company = self.company.strip() if self.company and self.company.strip() else None
        return PlanOptions(
            company, float(self.minutes), topics, level, int(self.seed), max(self.no_repeat, 0)
        )


@dataclass
class PlannedQuestion:
    question_id: int
    prompt: str
    topic: str | None
    difficulty: str | None
    minutes: float
    budget_given: bool
    reasons: list[str]
    weight: float
    chance: float  # the chance it had at its draw

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Plan:
    options: PlanOptions
    questions: list[PlannedQuestion]
    pool: int  # eligible questions
    excluded_recent: int
    warnings: list[str] = field(default_factory=list)

    @property
    def total_minutes(self) -> float:
        return sum(q.minutes for q in self.questions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "options": asdict(self.options),
            "total_minutes": self.total_minutes,
            "pool": self.pool,
            "excluded_recent": self.excluded_recent,
            "warnings": list(self.warnings),
            "questions": [q.to_dict() for q in self.questions],
        }


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _in_topics(candidate: Candidate, topics: tuple[str, ...]) -> bool:
    if not topics:
        return True
    topic = (candidate.topic or "").lower()
    return any(topic == t or topic.startswith(t + "/") for t in topics)


@dataclass(frozen=True)
class _CompanyView:
    name: str
    listed: frozenset[str]  # slugs of its topic list
    top_topics: frozenset[str]  # top-level topics holding a fair share of its tagged questions

    def asks(self, c: Candidate) -> bool:
        return any(x.strip().lower() == self.name.lower() for x in c.companies)

    def lists(self, c: Candidate) -> bool:
        segments = {slug(s) for s in (c.topic or "").split("/") if s}
        return bool(segments & self.listed)


def _company_view(
    company: str, pool: list[Candidate], company_topics: Mapping[str, Iterable[str]]
) -> _CompanyView:
    listed = frozenset(
        slug(t) for name, ts in company_topics.items() if name.strip().lower() == company.lower() for t in ts
    )
    spelled = [x.strip() for c in pool for x in c.companies if x.strip().lower() == company.lower()]
    names = [n for n in company_topics if n.strip().lower() == company.lower()]
    name = min(spelled or names or [company])  # as the sources spell it
    view = _CompanyView(name, listed, frozenset())
    tagged = [c for c in pool if view.asks(c)]
    counts: dict[str, int] = {}
    for c in tagged:
        counts[c.top_topic] = counts.get(c.top_topic, 0) + 1
    common = frozenset(t for t, n in counts.items() if n >= COMPANY_TOPIC_SHARE * len(tagged))
    return _CompanyView(name, listed, common)


def _weigh(
    c: Candidate, options: PlanOptions, company: _CompanyView | None, level_factor: Mapping[str, float]
) -> tuple[float, list[str]]:
    weight, reasons = 1.0, []
    if company is not None:
        if company.asks(c):
            weight *= ASKED_BY
            reasons.append(f"asked by {company.name}")
        elif company.lists(c):
            weight *= ON_TOPIC_LIST
            reasons.append(f"its topic is on {company.name}'s topic list")
        elif c.top_topic in company.top_topics:
            weight *= COMPANY_TOPIC
            reasons.append(f"{company.name} asks often about {c.top_topic}")
    factor = level_factor[c.level_difficulty]
    weight *= factor
    share = LEVELS[options.level][c.level_difficulty]
    reasons.append(f"{c.difficulty or 'unrated'}: {share:.0%} of a {options.level} interview (x{factor:.2g})")
    h = c.history
    if h.lapses or h.last_rating == 1 or (h.last_score is not None and h.last_score <= 2):
        weight *= WEAK
        why = []
        if h.lapses:
            why.append(f"forgotten {h.lapses}x in study")
        if h.last_rating == 1:
            why.append("last rated Again")
        if h.last_score is not None and h.last_score <= 2:
            why.append(f"scored {h.last_score:g}/5 in an interview")
        reasons.append("weak for you (" + ", ".join(why) + ")")
    elif h.reps == 0 and h.asked == 0:
        weight *= UNSEEN
        reasons.append("not yet seen")
    elif (h.reps >= 3 and (h.last_rating or 0) >= 3) or (h.last_score is not None and h.last_score >= 4):
        weight *= WELL_KNOWN
        reasons.append("well known to you, so less likely")
    return weight, reasons


def _level_factors(pool: list[Candidate], level: str) -> dict[str, float]:
    """Per difficulty, the level's share over the pool's share (0 where the pool has none)."""
    mix = LEVELS[level]
    counts = {d: 0 for d in _RANK}
    for c in pool:
        counts[c.level_difficulty] += 1
    present = {d: mix[d] for d in _RANK if counts[d]}
    norm = sum(present.values()) or 1.0
    return {d: (present[d] / norm) / (counts[d] / len(pool)) if counts[d] else 0.0 for d in _RANK}


def plan_interview(
    candidates: Iterable[Candidate],
    options: PlanOptions,
    rng: random.Random,
    *,
    company_topics: Mapping[str, Iterable[str]] | None = None,
    recent: Iterable[int] = (),
) -> Plan:
    """Choose questions to fill `options.minutes`. The same candidates, options and rng state give the same plan."""
    options = options.checked()
    recent_ids = set(recent)
    everything = sorted(candidates, key=lambda c: c.id)
    on_topic = [c for c in everything if _in_topics(c, options.topics)]
    warnings: list[str] = []
    if options.topics and not on_topic:
        known = sorted({c.top_topic for c in everything})
        raise UsageError(
            f"no question has the topics {', '.join(options.topics)}; topics: {', '.join(known)}"
        )
    gradable = [c for c in on_topic if c.gradable]
    pool = [c for c in gradable if c.id not in recent_ids]
    excluded = len(gradable) - len(pool)
    if len(gradable) < len(on_topic):
        warnings.append(
            f"{len(on_topic) - len(gradable)} questions have no answer or rubric to grade against"
        )
    company = None
    if options.company:
        company = _company_view(options.company, pool, company_topics or {})
        if not any(company.asks(c) for c in pool) and not company.listed:
            warnings.append(f"no question is tagged with {options.company!r}: the plan is not shaped by it")
        options = replace(options, company=company.name)
    if not pool:
        warnings.append("no question is left to ask (all were asked in recent interviews or filtered out)")
        return Plan(options, [], 0, excluded, warnings)
    factors = _level_factors(pool, options.level)
    weighed = {c.id: _weigh(c, options, company, factors) for c in pool}
    weights = {cid: w for cid, (w, _) in weighed.items()}
    chosen: list[PlannedQuestion] = []
    used_groups: set[int] = set()
    left = options.minutes
    remaining = list(pool)
    while True:
        fits = [c for c in remaining if c.minutes <= left + 1e-9 and weights[c.id] > 0]
        if not fits:
            break
        total = sum(weights[c.id] for c in fits)
        pick = _draw(fits, weights, total, rng)
        _, reasons = weighed[pick.id]
        chance = weights[pick.id] / total
        chosen.append(
            PlannedQuestion(
                pick.id,
                pick.prompt,
                pick.topic,
                pick.difficulty,
                pick.minutes,
                pick.budget_given,
                reasons,
                round(weights[pick.id], 4),
                round(chance, 4),
            )
        )
        left -= pick.minutes
        if pick.dupe_group is not None:
            used_groups.add(pick.dupe_group)
        remaining = [
            c
            for c in remaining
            if c.id != pick.id and (c.dupe_group is None or c.dupe_group not in used_groups)
        ]
        for c in remaining:
            if c.top_topic == pick.top_topic:
                weights[c.id] *= SPREAD
    if left >= min((c.minutes for c in pool), default=0) and len(chosen) < len(pool):
        warnings.append(
            f"{left:g} of {options.minutes:g} minutes could not be filled with the questions left"
        )
    order = sorted(range(len(chosen)), key=lambda i: (_RANK.get(chosen[i].difficulty or "medium", 1), i))
    return Plan(options, [chosen[i] for i in order], len(pool), excluded, warnings)


def _draw(fits: list[Candidate], weights: Mapping[int, float], total: float, rng: random.Random) -> Candidate:
    target = rng.random() * total
    running = 0.0
    for c in fits:
        running += weights[c.id]
        if target < running:
            return c
    return fits[-1]
