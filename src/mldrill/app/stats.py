"""The figures of `mldrill stats` and of the home screen: due counts, forecast, reviews per day, true retention,
streaks, mastery per topic and readiness per company. Read-only use-cases; `now` is passed in, UTC.

Mastery (per topic) and readiness (per company) are the same measure of a group of questions: coverage (share
studied at least once) × mean retrievability of the studied ones (FSRS's predicted recall, now).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from mldrill.app.study import StudySettings, day_start, open_study, queue_counts
from mldrill.models import QuestionFilter
from mldrill.schedule import NEW, STATE_NAMES
from mldrill.store import queries as question_queries
from mldrill.store import reviews as db

if TYPE_CHECKING:
    from mldrill.app.context import Context

__all__ = ["HomeSummary", "Mastery", "Retention", "StudyStats", "home_summary", "study_stats"]


@dataclass(frozen=True)
class Retention:
    passed: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "total": self.total, "rate": self.rate}


@dataclass(frozen=True)
class Mastery:
    """How well a group of questions (a topic, or one company's) is known: coverage × mean retrievability."""

    name: str
    questions: int
    studied: int
    mature: int  # stability of 21 days or more
    mean_retrievability: float | None  # over the studied ones

    @property
    def coverage(self) -> float:
        return self.studied / self.questions if self.questions else 0.0

    @property
    def score(self) -> float:
        return self.coverage * (self.mean_retrievability or 0.0)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "coverage": self.coverage, "score": self.score}


@dataclass
class StudyStats:
    now: datetime
    day_start: datetime
    due_now: int
    due_today: int
    new_available: int
    new_left_today: int
    reviews_today: int
    new_today: int
    minutes_today: float
    total_reviews: int
    cards_by_state: dict[str, int]
    forecast: list[tuple[str, int]]  # (day, cards due), 30 days from today; today includes overdue cards
    reviews_per_day: list[tuple[str, int]]  # (day, reviews), days with reviews only
    retention: Retention
    retention_30_days: Retention
    topics: list[Mastery]
    companies: list[Mastery]
    streak: int
    longest_streak: int

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if not isinstance(v, (Retention, list))}
        d["now"], d["day_start"] = self.now.isoformat(), self.day_start.isoformat()
        d["forecast"] = [{"day": day, "due": n} for day, n in self.forecast]
        d["reviews_per_day"] = [{"day": day, "reviews": n} for day, n in self.reviews_per_day]
        d["retention"] = self.retention.to_dict()
        d["retention_30_days"] = self.retention_30_days.to_dict()
        d["topics"] = [m.to_dict() for m in self.topics]
        d["companies"] = [m.to_dict() for m in self.companies]
        return d


def _longest_run(days: Collection[date]) -> int:
    longest = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    return longest


STREAK_FIRST, STREAK_CHUNK = 8, 64  # days probed by the first statement and by each later one


def _streak_from_days(days: Collection[date], today: date) -> int:
    """Study days in a row up to today; a today without reviews yet does not break the run."""
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _current_streak(conn: Any, user: str, today: datetime) -> int:
    """`_streak_from_days` read from the store: one EXISTS probe a day, STREAK_FIRST days in the first statement
    (cheap to compile: most streaks are short), STREAK_CHUNK in each later one, going back only while the run
    reaches the oldest day probed."""
    found: set[date] = set()
    probed = 0
    while True:
        size = STREAK_CHUNK if probed else STREAK_FIRST
        bounds = [today + timedelta(days=1 - i) for i in range(probed, probed + size + 1)]
        reviewed = db.reviewed_in_ranges(conn, user, bounds, size)
        found |= {today.date() - timedelta(days=probed + i) for i, yes in enumerate(reviewed) if yes}
        probed += size
        streak = _streak_from_days(found, today.date())
        first = today.date() if today.date() in found else today.date() - timedelta(days=1)
        if streak == 0 or first - timedelta(days=streak - 1) > today.date() - timedelta(days=probed - 1):
            return streak


class _Tally:
    __slots__ = ("mature", "questions", "recall", "studied")

    def __init__(self) -> None:
        self.questions = self.studied = self.mature = 0
        self.recall = 0.0

    def mastery(self, name: str) -> Mastery:
        mean = self.recall / self.studied if self.studied else None
        return Mastery(name, self.questions, self.studied, self.mature, mean)


def _elapsed_days(value: Any, now: datetime) -> int:
    """Whole days from a stored last-review time (ISO text or a datetime) to `now`, as py-fsrs counts them:
    `(now - last_review).days`, at least 0."""
    when = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return max(0, (now - (when.replace(tzinfo=UTC) if when.tzinfo is None else when)).days)


def _groups_of(topic: str | None, companies: Any) -> tuple[list[str], list[str]]:
    parts = (topic or "(no topic)").split("/")
    names = json.loads(companies) if isinstance(companies, str) else (companies or [])
    return ["/".join(parts[:depth]) for depth in range(1, len(parts) + 1)], sorted(
        {c.strip() for c in names if c.strip()}
    )


def _mastery(
    rows: Sequence[tuple[Any, ...]], now: datetime, settings: StudySettings
) -> tuple[dict[str, int], list[Mastery], list[Mastery]]:
    """Cards per state, mastery per topic (and each topic above it) and readiness per company, in one pass.

    Retrievability is py-fsrs's `get_card_retrievability`, (1 + factor × elapsed days / stability) ** decay, written
    out per card (tests/study/test_study_stats_reference.py checks it is the same to the bit); each group's recall is
    summed in question order, as before, so the means are the same floats."""
    scheduler = settings.schedule.scheduler()
    decay = -scheduler.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    # SQLite's 'YYYY-MM-DD HH:MM:SS.ffffff' is read without a datetime: whole days are the days between the dates,
    # less one when the time of day is later than now's; other forms go through `_elapsed_days`
    now = now.astimezone(UTC)
    today, clock = now.date().toordinal(), now.strftime("%H:%M:%S.%f")
    ordinals: dict[str, int] = {}
    topics: dict[str, _Tally] = {}
    companies: dict[str, _Tally] = {}
    slots: dict[
        tuple[Any, Any], list[_Tally]
    ] = {}  # (topic, companies) -> the tallies a card of them adds to
    counts: dict[tuple[Any, Any], list[int]] = {}  # (topic, companies) -> [questions, studied, mature]
    states: dict[int, int] = {}
    for topic, names, state, stability, last_review in rows:
        key = (topic, names if names.__class__ is str else tuple(names or ()))  # PostgreSQL hands back a list
        tallies = slots.get(key)
        if tallies is None:
            topic_keys, company_keys = _groups_of(topic, names)
            tallies = slots[key] = [topics.setdefault(k, _Tally()) for k in topic_keys] + [
                companies.setdefault(k, _Tally()) for k in company_keys
            ]
            counts[key] = [0, 0, 0]
        tally = counts[key]
        tally[0] += 1
        state = state or NEW
        states[state] = states.get(state, 0) + 1
        if state == NEW:
            continue
        tally[1] += 1
        if stability is None:
            continue  # py-fsrs's retrievability is 0 without a stability or a last review
        tally[2] += stability >= 21
        if last_review is None:
            continue
        if last_review.__class__ is str and len(last_review) == 26 and last_review[10] == " ":
            ordinal = ordinals.get(last_review[:10])
            if ordinal is None:
                ordinal = ordinals[last_review[:10]] = date.fromisoformat(last_review[:10]).toordinal()
            days = today - ordinal - (last_review[11:] > clock)
            if days < 0:
                days = 0
        else:
            days = _elapsed_days(last_review, now)
        r = (1 + factor * days / stability) ** decay
        for t in tallies:
            t.recall += r
    for key, (n, studied, mature) in counts.items():
        for t in slots[key]:
            t.questions += n
            t.studied += studied
            t.mature += mature
    by_state = {STATE_NAMES.get(state, str(state)): n for state, n in states.items()}
    return (
        by_state,
        [t.mastery(name) for name, t in sorted(topics.items())],
        [t.mastery(name) for name, t in sorted(companies.items())],
    )


def study_stats(ctx: Context, settings: StudySettings) -> StudyStats:
    """The figures of `mldrill stats` for `ctx.user`, as of `ctx.now()` (every question gets its card first)."""
    open_study(ctx)
    store, now, user = ctx.store, ctx.now(), ctx.user
    hour = settings.day_start_hour
    today = day_start(now, hour)
    tomorrow = today + timedelta(days=1)
    with store.read() as conn:
        per_day = db.reviews_per_day(conn, user, None, hour)
        forecast_bounds = [None, *(today + timedelta(days=i) for i in range(1, 31))]
        counts = db.due_in_ranges(conn, user, forecast_bounds)
        due_now = db.count_queue(conn, user, QuestionFilter(), (1, 2, 3), now, now, 10**9)
        due_today = db.count_queue(conn, user, QuestionFilter(), (1, 2, 3), tomorrow, now, 10**9)
        done = db.done_since(conn, user, today)
        spent = db.time_spent_ms(conn, user, today)
        retention = Retention(*db.retention_counts(conn, user, None))
        retention_30 = Retention(*db.retention_counts(conn, user, today - timedelta(days=30)))
        rows = db.mastery_rows(conn, user)
    streak = _streak_from_days(per_day.keys(), today.date())
    by_state, topics, companies = _mastery(rows, now, settings)
    new_available = by_state.get("new", 0)
    return StudyStats(
        now=now,
        day_start=today,
        due_now=due_now,
        due_today=due_today,
        new_available=new_available,
        new_left_today=min(new_available, max(settings.new_per_day - done.get(NEW, 0), 0)),
        reviews_today=sum(done.values()),
        new_today=done.get(NEW, 0),
        minutes_today=round(spent / 60000, 1),
        total_reviews=sum(per_day.values()),
        cards_by_state=by_state,
        forecast=[((today.date() + timedelta(days=i)).isoformat(), n) for i, n in enumerate(counts)],
        reviews_per_day=[(d.isoformat(), n) for d, n in sorted(per_day.items())],
        retention=retention,
        retention_30_days=retention_30,
        topics=topics,
        companies=companies,
        streak=streak,
        longest_streak=max(_longest_run(per_day), streak),
    )


@dataclass(frozen=True)
class HomeSummary:
    questions: int
    due_now: int
    due_later_today: int
    new_available: int  # new cards left within today's limit
    reviews_today: int
    streak: int
    next_due: datetime | None
    suggestion: str

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["next_due"] = self.next_due.isoformat() if self.next_due else None
        return d


def home_summary(ctx: Context, settings: StudySettings) -> HomeSummary:
    """The short home screen for `ctx.user`: what is due, what is new, the streak, and what to do next."""
    store, now, user = ctx.store, ctx.now(), ctx.user
    open_study(ctx)
    today = day_start(now, settings.day_start_hour)
    with store.read() as conn:
        questions = question_queries.count_questions(conn, QuestionFilter())
        due_now = db.count_queue(conn, user, QuestionFilter(), (1, 2, 3), now, now, 10**9)
        due_today = db.count_queue(
            conn, user, QuestionFilter(), (1, 2, 3), today + timedelta(days=1), now, 10**9
        )
        next_due = db.next_due(conn, user, now)
        reviews_today = sum(db.done_since(conn, user, today).values())
        streak = _current_streak(conn, user, today)
    new = queue_counts(ctx, settings).new
    if questions == 0:
        suggestion = (
            "Add questions: `mldrill init` installs the built-in deck, `mldrill import PATH` adds yours."
        )
    elif due_now:
        suggestion = f"Run `mldrill study`: {due_now} card{'s' if due_now != 1 else ''} due now."
    elif new:
        suggestion = f"Run `mldrill study` to learn {new} new card{'s' if new != 1 else ''}."
    elif next_due is not None and next_due < today + timedelta(days=1):
        suggestion = f"All caught up; the next card is due at {next_due:%H:%M} UTC."
    else:
        when = f" (next due {next_due:%Y-%m-%d})" if next_due else ""
        suggestion = (
            f"All done for today{when}. `mldrill study --cram` practises without touching the schedule."
        )
    return HomeSummary(
        questions=questions,
        due_now=due_now,
        due_later_today=max(due_today - due_now, 0),
        new_available=new,
        reviews_today=reviews_today,
        streak=streak,
        next_due=next_due,
        suggestion=suggestion,
    )
