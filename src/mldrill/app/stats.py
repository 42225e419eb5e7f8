"""The figures of `mldrill stats` and of the home screen: due counts, forecast, reviews per day, true retention,
streaks, mastery per topic and readiness per company. Read-only use-cases; `now` is passed in, UTC.

Mastery (per topic) and readiness (per company) are the same measure of a group of questions: coverage (share
studied at least once) × mean retrievability of the studied ones (FSRS's predicted recall, now).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from mldrill.app.study import StudySettings, day_start, open_study, queue_counts
from mldrill.models import QuestionFilter
from mldrill.schedule import NEW, CardState
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


def _current_streak(conn: Any, user: str, today: datetime) -> int:
    """Study days in a row up to today; a today without reviews yet does not break the run."""
    streak = 0
    start = (
        today
        if db.reviewed_between(conn, user, today, today + timedelta(days=1))
        else today - timedelta(days=1)
    )
    while db.reviewed_between(conn, user, start, start + timedelta(days=1)):
        streak += 1
        start -= timedelta(days=1)
    return streak


class _Tally:
    __slots__ = ("mature", "questions", "recall", "studied")

    def __init__(self) -> None:
        self.questions = self.studied = self.mature = 0
        self.recall = 0.0

    def add(self, card: CardState, r: float) -> None:
        self.questions += 1
        if not card.is_new:
            self.studied += 1
            self.recall += r
            self.mature += (card.stability or 0) >= 21

    def mastery(self, name: str) -> Mastery:
        mean = self.recall / self.studied if self.studied else None
        return Mastery(name, self.questions, self.studied, self.mature, mean)


def _by_topic_and_company(
    infos: list[db.CardInfo], now: datetime, settings: StudySettings
) -> tuple[list[Mastery], list[Mastery]]:
    from mldrill.schedule import retrievabilities

    values = retrievabilities([i.card for i in infos], now, settings.schedule)
    topics: dict[str, _Tally] = {}
    companies: dict[str, _Tally] = {}
    for info, r in zip(infos, values, strict=True):
        parts = (info.topic or "(no topic)").split("/")
        for depth in range(1, len(parts) + 1):
            key = "/".join(parts[:depth])
            (topics.get(key) or topics.setdefault(key, _Tally())).add(info.card, r)
        for company in {c.strip() for c in info.companies if c.strip()}:
            (companies.get(company) or companies.setdefault(company, _Tally())).add(info.card, r)
    return (
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
        due = db.due_per_day(conn, user, today + timedelta(days=30), hour)
        due_now = db.count_queue(conn, user, QuestionFilter(), (1, 2, 3), now, now, 10**9)
        due_today = db.count_queue(conn, user, QuestionFilter(), (1, 2, 3), tomorrow, now, 10**9)
        done = db.done_since(conn, user, today)
        spent = db.time_spent_ms(conn, user, today)
        retention = Retention(*db.retention_counts(conn, user, None))
        retention_30 = Retention(*db.retention_counts(conn, user, today - timedelta(days=30)))
        streak = _current_streak(conn, user, today)
        infos = db.card_summaries(conn, user)
    by_state: dict[str, int] = {}
    for info in infos:
        by_state[info.card.state_name] = by_state.get(info.card.state_name, 0) + 1
    counts = [0] * 30
    for day, n in due.items():
        counts[max((day - today.date()).days, 0)] += n
    topics, companies = _by_topic_and_company(infos, now, settings)
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
