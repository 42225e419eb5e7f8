"""The FSRS-6 schedule, through the `fsrs` package (py-fsrs). Pure functions: no I/O, no clock, no global state.

    ScheduleSettings               desired retention, learning / relearning steps, parameters, fuzz
    CardState                      one person's state of one card (a stored row, as plain values)
    review(card, rating, now, settings, rng) -> (card, ReviewLog)
    preview(card, now, settings)   the interval each rating would give (as Anki shows on its buttons)
    retrievability(card, now, settings)

A card that was never reviewed has state NEW (0); py-fsrs has no such state and sees it as a fresh card in its
first learning step. Fuzz draws from the `rng` passed in (py-fsrs itself would use the `random` module's
global generator), over the same range py-fsrs uses, so a seeded run is reproducible.
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, ReviewLog, Scheduler, State
from fsrs.scheduler import DEFAULT_PARAMETERS, FUZZ_RANGES

from mldrill.ratings import RATING_NAMES

__all__ = [
    "NEW",
    "CardState",
    "Rating",
    "ScheduleSettings",
    "State",
    "format_interval",
    "preview",
    "retrievability",
    "review",
]

NEW = 0  # a card never reviewed; the other states are fsrs.State values (1 learning, 2 review, 3 relearning)
STATE_NAMES = {NEW: "new", State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}


@dataclass(frozen=True)
class ScheduleSettings:
    desired_retention: float = 0.9
    learning_steps: tuple[int, ...] = (60, 600)  # seconds
    relearning_steps: tuple[int, ...] = (600,)
    maximum_interval: int = 36500  # days
    parameters: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)
    fuzz: bool = True

    def scheduler(self, rng: random.Random | None = None) -> Scheduler:
        """A py-fsrs Scheduler for these settings; with fuzz on, its fuzz draws from `rng`."""
        kwargs: dict[str, Any] = dict(
            parameters=self.parameters,
            desired_retention=self.desired_retention,
            learning_steps=tuple(timedelta(seconds=s) for s in self.learning_steps),
            relearning_steps=tuple(timedelta(seconds=s) for s in self.relearning_steps),
            maximum_interval=self.maximum_interval,
        )
        if self.fuzz and rng is not None:
            return _SeededFuzzScheduler(rng, **kwargs)
        return Scheduler(enable_fuzzing=False, **kwargs)


class _SeededFuzzScheduler(Scheduler):
    """py-fsrs's scheduler whose fuzz uses a generator passed in instead of the `random` module's own."""

    def __init__(self, rng: random.Random, **kwargs: Any) -> None:
        super().__init__(enable_fuzzing=True, **kwargs)
        self._rng = rng

    def _get_fuzzed_interval(self, *, interval: timedelta) -> timedelta:
        days = interval.days
        if days < 2.5:
            return interval
        low, high = fuzz_range(days, self.maximum_interval)
        drawn = self._rng.random() * (high - low + 1) + low
        return timedelta(days=min(round(drawn), self.maximum_interval))


def fuzz_range(days: int, maximum_interval: int) -> tuple[int, int]:
    """The interval range (in days) fuzz may pick from, by py-fsrs's table of ranges."""
    spread = 1.0
    for band in FUZZ_RANGES:
        spread += band["factor"] * max(min(float(days), band["end"]) - band["start"], 0.0)
    high = min(round(days + spread), maximum_interval)
    low = min(max(2, round(days - spread)), high)
    return low, high


@dataclass(frozen=True)
class CardState:
    """One person's state of one card: the values of its stored row (times in UTC)."""

    question_id: int
    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    buried_until: datetime | None = None

    @property
    def is_new(self) -> bool:
        return self.state == NEW

    @property
    def state_name(self) -> str:
        return STATE_NAMES.get(self.state, str(self.state))

    def to_fsrs(self) -> Card:
        if self.state == NEW:
            return Card(card_id=self.question_id, state=State.Learning, step=0, due=self.due or _EPOCH)
        return Card(
            card_id=self.question_id,
            state=State(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due or _EPOCH,
            last_review=self.last_review,
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for name in ("due", "last_review", "buried_until"):
            d[name] = d[name].isoformat() if d[name] is not None else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CardState:
        values = dict(d)
        for name in ("due", "last_review", "buried_until"):
            values[name] = datetime.fromisoformat(values[name]) if values.get(name) else None
        return cls(**values)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _check_utc(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() != timedelta(0):
        raise ValueError(f"times must be timezone-aware UTC, got {now!r}")


def review(
    card: CardState,
    rating: int,
    now: datetime,
    settings: ScheduleSettings,
    rng: random.Random | None = None,
    duration_ms: int | None = None,
) -> tuple[CardState, ReviewLog]:
    """Rate `card` at `now`: its next state and py-fsrs's review log entry. Fuzz only with an `rng`."""
    _check_utc(now)
    now = now.astimezone(UTC)
    scheduled, log = settings.scheduler(rng).review_card(card.to_fsrs(), Rating(rating), now, duration_ms)
    lapsed = card.state == State.Review and rating == Rating.Again
    after = replace(
        card,
        state=int(scheduled.state),
        step=scheduled.step,
        stability=scheduled.stability,
        difficulty=scheduled.difficulty,
        due=scheduled.due,
        last_review=scheduled.last_review,
        reps=card.reps + 1,
        lapses=card.lapses + (1 if lapsed else 0),
        buried_until=None,
    )
    return after, log


def preview(card: CardState, now: datetime, settings: ScheduleSettings) -> dict[int, timedelta]:
    """The interval each rating (1-4) would give now, without fuzz."""
    plain = replace(settings, fuzz=False)
    result = {}
    for rating in Rating:
        after, _ = review(card, int(rating), now, plain)
        assert after.due is not None
        result[int(rating)] = after.due - now
    return result


def retrievability(card: CardState, now: datetime, settings: ScheduleSettings) -> float:
    """The predicted chance of recalling the card at `now` (0 for a card never reviewed)."""
    if card.state == NEW:
        return 0.0
    return float(settings.scheduler().get_card_retrievability(card.to_fsrs(), now))


def format_interval(interval: timedelta) -> str:
    """A short human form, as on Anki's buttons: <1m, 10m, 5h, 3d, 2.1mo, 1.5y."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{minutes:.0f}m" if minutes == math.floor(minutes) else f"{minutes:.1f}m"
    hours = minutes / 60
    if hours < 24:
        return f"{hours:.0f}h" if hours == math.floor(hours) else f"{hours:.1f}h"
    days = hours / 24
    if days < 30:
        return f"{days:.0f}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


@dataclass(frozen=True)
class IntervalPreview:
    rating: int
    name: str
    interval: timedelta
    label: str = field(default="")


def preview_buttons(card: CardState, now: datetime, settings: ScheduleSettings) -> list[IntervalPreview]:
    """The four buttons: rating, name and the interval each would give."""
    return [
        IntervalPreview(r, RATING_NAMES[r], ivl, format_interval(ivl))
        for r, ivl in preview(card, now, settings).items()
    ]


def retrievabilities(cards: list[CardState], now: datetime, settings: ScheduleSettings) -> list[float]:
    """`retrievability` of many cards at once (one scheduler for all)."""
    scheduler = settings.scheduler()
    return [
        0.0 if c.state == NEW else float(scheduler.get_card_retrievability(c.to_fsrs(), now)) for c in cards
    ]
