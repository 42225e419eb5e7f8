"""The series the progress charts draw, beside the figures of `study_stats`: reviews per study day laid out as a
calendar (weeks × weekdays), true retention per week, and the scores of finished interviews in order.

Weeks start on Monday; days are study days (they begin at the settings' `day_start_hour`, UTC), as everywhere
else. Read-only use-cases; `now` comes from the context.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from mldrill.app.interviews import list_interviews
from mldrill.app.stats import Mastery, StudyStats, study_stats
from mldrill.app.study import day_start
from mldrill.errors import UsageError
from mldrill.store import progress as db

if TYPE_CHECKING:
    from mldrill.app.context import Context
    from mldrill.app.study import StudySettings

__all__ = ["WEEKS", "CalendarDay", "InterviewScore", "Progress", "WeekRetention", "progress"]

WEEKS = 26  # weeks the calendar and the retention line show, the current one included
MAX_WEEKS = 520


@dataclass(frozen=True)
class CalendarDay:
    day: str  # the study day, ISO
    week: int  # 0 = the oldest week shown
    weekday: int  # 0 = Monday ... 6 = Sunday
    reviews: int


@dataclass(frozen=True)
class WeekRetention:
    week: str  # the Monday the week starts on, ISO
    passed: int  # reviews of cards in the Review state not rated Again
    total: int  # reviews of cards in the Review state

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rate": self.rate}


@dataclass(frozen=True)
class InterviewScore:
    id: int
    day: str  # when it finished (when it was planned, if no finish time was kept), ISO
    company: str | None
    questions: int
    score: float  # the report's overall score, 0-5


@dataclass
class Progress:
    stats: StudyStats
    weeks: int
    calendar: list[CalendarDay]  # every study day of the last `weeks` weeks up to today, oldest first
    retention_by_week: list[WeekRetention]  # oldest first, the current week last
    interviews: list[InterviewScore]  # finished interviews with a score, oldest first

    @property
    def topics(self) -> list[Mastery]:
        """Mastery of the top-level topics (a topic's subtopics count towards it)."""
        return [m for m in self.stats.topics if "/" not in m.name]

    @property
    def reviews_shown(self) -> int:
        return sum(d.reviews for d in self.calendar)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.stats.to_dict(),
            "weeks": self.weeks,
            "calendar": [asdict(d) for d in self.calendar],
            "retention_by_week": [w.to_dict() for w in self.retention_by_week],
            "interview_scores": [asdict(i) for i in self.interviews],
        }


def progress(ctx: Context, settings: StudySettings, weeks: int = WEEKS) -> Progress:
    """`study_stats` for `ctx.user` as of `ctx.now()`, with the calendar, the weekly retention and the interview
    scores of the last `weeks` weeks (interviews: all of them)."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise UsageError(f"weeks must be between 1 and {MAX_WEEKS}, not {weeks!r}")
    stats = study_stats(ctx, settings)
    today_start = day_start(stats.now, settings.day_start_hour)
    today = (today_start - timedelta(hours=settings.day_start_hour)).date()
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    per_day = {date.fromisoformat(d): n for d, n in stats.reviews_per_day}
    calendar = [
        CalendarDay(day.isoformat(), i // 7, i % 7, per_day.get(day, 0))
        for i, day in ((i, first + timedelta(days=i)) for i in range((today - first).days + 1))
    ]
    first_start = today_start - timedelta(days=(today - first).days)
    bounds = [first_start + timedelta(weeks=i) for i in range(weeks + 1)]
    with ctx.store.read() as conn:
        counts = db.retention_in_ranges(conn, ctx.user, bounds)
    retention = [
        WeekRetention((first + timedelta(weeks=i)).isoformat(), passed, total)
        for i, (passed, total) in enumerate(counts)
    ]
    scores = [
        InterviewScore(
            s.id,
            (s.finished_at or s.created_at).date().isoformat(),
            s.company,
            s.questions,
            float(s.score),
        )
        for s in reversed(list_interviews(ctx))
        if s.score is not None
    ]
    return Progress(stats, weeks, calendar, retention, scores)
