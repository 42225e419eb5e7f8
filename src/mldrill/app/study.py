"""Studying, as use-cases shared by the CLI and the web app: what comes next, rate, undo, skip, bury, cram,
typed attempts, own answers, settings. The figures of `mldrill stats` and the home screen are in `study_stats`.

Nothing here prints or reads the clock: `now` (UTC) and `rng` are passed in. Each write is one transaction.

Order of a study session: learning cards that are due now, then review cards due today (at most
`reviews_per_day` a day), then new cards in the order of their sources (at most `new_per_day` a day), then
learning cards due within `learn_ahead_minutes`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from fsrs import State

from mldrill.errors import UndoRefused, UsageError
from mldrill.models import Question, QuestionFilter
from mldrill.ratings import clamp_rating
from mldrill.schedule import NEW, CardState, IntervalPreview, ScheduleSettings, preview_buttons
from mldrill.store import queries as question_queries
from mldrill.store import reviews as db
from mldrill.store.reviews import ReviewRow

if TYPE_CHECKING:
    from mldrill.app.context import Context

__all__ = [
    "SETTINGS",
    "QueueCounts",
    "RecordedReview",
    "StudyCard",
    "StudySettings",
    "UndoRefused",
    "bury",
    "load_settings",
    "next_card",
    "open_study",
    "record_review",
    "save_attempt",
    "save_own_answer",
    "undo_review",
]

# Settings


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("desired_retention", 0.9, "Chance of recall FSRS aims for when a card comes back (0.7-0.97)."),
    Setting("new_per_day", 20, "New cards introduced per study day."),
    Setting("reviews_per_day", 200, "Review-state cards shown per study day."),
    Setting("learning_steps", [60, 600], "Learning steps of a new card, in seconds."),
    Setting("relearning_steps", [600], "Relearning steps of a forgotten card, in seconds."),
    Setting("maximum_interval", 36500, "Longest interval, in days."),
    Setting(
        "fuzz", True, "Spread intervals a little at random so cards learnt together do not stay together."
    ),
    Setting(
        "parameters", None, "FSRS parameters fitted by `mldrill optimize --apply` (None: FSRS-6 defaults)."
    ),
    Setting("day_start_hour", 0, "Hour (UTC) at which a new study day begins, for daily limits and streaks."),
    Setting(
        "learn_ahead_minutes", 20, "When nothing else is left, show learning cards due within this time."
    ),
)
_DEFAULTS = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True)
class StudySettings:
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    new_per_day: int = 20
    reviews_per_day: int = 200
    day_start_hour: int = 0
    learn_ahead_minutes: int = 20

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> StudySettings:
        v = {**_DEFAULTS, **values}
        retention = float(v["desired_retention"])
        if not 0.5 <= retention < 1.0:
            raise UsageError(f"desired retention must be between 0.5 and 0.99, not {retention}")
        schedule = ScheduleSettings(
            desired_retention=retention,
            learning_steps=tuple(int(s) for s in v["learning_steps"]),
            relearning_steps=tuple(int(s) for s in v["relearning_steps"]),
            maximum_interval=int(v["maximum_interval"]),
            fuzz=bool(v["fuzz"]),
            **({"parameters": tuple(float(p) for p in v["parameters"])} if v["parameters"] else {}),
        )
        return cls(
            schedule=schedule,
            new_per_day=int(v["new_per_day"]),
            reviews_per_day=int(v["reviews_per_day"]),
            day_start_hour=int(v["day_start_hour"]) % 24,
            learn_ahead_minutes=int(v["learn_ahead_minutes"]),
        )


def open_study(ctx: Context) -> int:
    """Get a store ready for `ctx.user` to study: a NEW card for every active question. Returns the number of
    cards added."""
    with ctx.store.write() as conn:
        return db.sync_new_cards(conn, ctx.user)


def load_settings(ctx: Context, overrides: dict[str, Any] | None = None) -> StudySettings:
    with ctx.store.read() as conn:
        stored = db.get_settings(conn, ctx.user)
    return StudySettings.from_values({**stored, **(overrides or {})})


def save_setting(ctx: Context, name: str, value: Any) -> None:
    """Store one of `ctx.user`'s settings; UsageError naming the setting when the value is not valid (see
    `mldrill.app.setting_values`)."""
    from mldrill.app.setting_values import check_setting

    value = check_setting(name, value)
    with ctx.store.write() as conn:
        db.set_setting(conn, ctx.user, name, value)


def stored_settings(ctx: Context) -> dict[str, Any]:
    """Every setting's value for `ctx.user`: what was saved, else the default."""
    with ctx.store.read() as conn:
        return {**_DEFAULTS, **db.get_settings(conn, ctx.user)}


# Days


def day_start(now: datetime, hour: int = 0) -> datetime:
    """Start of the study day containing `now` (days begin `hour` o'clock UTC)."""
    shifted = now.astimezone(UTC) - timedelta(hours=hour)
    return datetime(shifted.year, shifted.month, shifted.day, tzinfo=UTC) + timedelta(hours=hour)


def next_day_start(now: datetime, hour: int = 0) -> datetime:
    return day_start(now, hour) + timedelta(days=1)


# The queue


DISPLAY_CAP = 999


@dataclass(frozen=True)
class QueueCounts:
    new: int = 0
    learning: int = 0
    review: int = 0

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


@dataclass
class StudyCard:
    question: Question
    card: CardState
    kind: str  # new | learning | review | relearning | cram
    buttons: list[IntervalPreview]

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question.to_dict(),
            "card": self.card.to_dict(),
            "kind": self.kind,
            "buttons": [
                {"rating": b.rating, "name": b.name, "seconds": b.interval.total_seconds(), "label": b.label}
                for b in self.buttons
            ],
        }


_LEARNING = (int(State.Learning), int(State.Relearning))
_REVIEW = (int(State.Review),)


def _left_today(conn: Any, user: str, now: datetime, settings: StudySettings) -> tuple[int, int]:
    done = db.done_since(conn, user, day_start(now, settings.day_start_hour))
    return (
        max(settings.new_per_day - done.get(NEW, 0), 0),
        max(settings.reviews_per_day - done.get(int(State.Review), 0), 0),
    )


def _pick(
    conn: Any,
    user: str,
    filters: QuestionFilter,
    now: datetime,
    settings: StudySettings,
    exclude: Collection[int],
) -> CardState | None:
    new_left, reviews_left = _left_today(conn, user, now, settings)
    card = db.first_due(conn, user, filters, _LEARNING, now, now, exclude)
    if card is None and reviews_left:
        end_of_day = next_day_start(now, settings.day_start_hour)
        card = db.first_due(
            conn, user, filters, _REVIEW, end_of_day - timedelta(microseconds=1), now, exclude
        )
    if card is None and new_left:
        card = db.first_new(conn, user, filters, now, exclude)
    if card is None and settings.learn_ahead_minutes > 0:
        ahead = now + timedelta(minutes=settings.learn_ahead_minutes)
        card = db.first_due(conn, user, filters, _LEARNING, ahead, now, exclude)
    return card


def next_card(
    ctx: Context,
    settings: StudySettings,
    filters: QuestionFilter | None = None,
    exclude: Collection[int] = (),
) -> StudyCard | None:
    """The card `ctx.user` studies now, or None when nothing is left for today."""
    now = ctx.now()
    with ctx.store.read() as conn:
        card = _pick(conn, ctx.user, filters or QuestionFilter(), now, settings, exclude)
        if card is None:
            return None
        question = question_queries.get_question(conn, card.question_id, ctx.user)
    return StudyCard(question, card, card.state_name, preview_buttons(card, now, settings.schedule))


def queue_counts(ctx: Context, settings: StudySettings, filters: QuestionFilter | None = None) -> QueueCounts:
    """Cards left today: new (within the daily limit), learning due now, review due today (within the limit).
    Each count stops at DISPLAY_CAP, which keeps this cheap enough to run at every key press."""
    f = filters or QuestionFilter()
    now, user = ctx.now(), ctx.user
    with ctx.store.read() as conn:
        new_left, reviews_left = _left_today(conn, user, now, settings)
        end_of_day = next_day_start(now, settings.day_start_hour) - timedelta(microseconds=1)
        return QueueCounts(
            new=db.count_queue(conn, user, f, (NEW,), None, now, min(new_left, DISPLAY_CAP)),
            learning=db.count_queue(conn, user, f, _LEARNING, now, now, DISPLAY_CAP),
            review=db.count_queue(conn, user, f, _REVIEW, end_of_day, now, min(reviews_left, DISPLAY_CAP)),
        )


# Writes


@dataclass(frozen=True)
class RecordedReview:
    review_id: int
    before: CardState
    after: CardState


def record_review(
    ctx: Context, question_id: int, rating: int, settings: StudySettings, duration_ms: int | None = None
) -> RecordedReview:
    """Rate a card (1 Again, 2 Hard, 3 Good, 4 Easy): the log entry and the card's new state, in one transaction."""
    from mldrill.schedule import review

    if rating not in (1, 2, 3, 4):
        raise UsageError(f"a rating is 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), not {rating!r}")
    now, user = ctx.now(), ctx.user
    with ctx.store.write() as conn:
        before = db.card_for_review(conn, user, question_id)
        after, _ = review(before, rating, now, settings.schedule, ctx.rng, duration_ms)
        review_id = db.append_review(conn, user, before, after, rating, now, duration_ms)
    return RecordedReview(review_id, before, after)


def undo_review(ctx: Context, review_id: int) -> ReviewRow:
    """Take back a review: card and log return exactly to what they were. Raises UndoRefused if the card was
    reviewed or changed since."""
    with ctx.store.write() as conn:
        return db.undo_review(conn, ctx.user, review_id)


def bury(ctx: Context, question_id: int, settings: StudySettings) -> datetime:
    """Hide a card until the next study day; returns when it comes back."""
    until = next_day_start(ctx.now(), settings.day_start_hour)
    with ctx.store.write() as conn:
        db.bury(conn, ctx.user, question_id, until)
    return until


def save_own_answer(ctx: Context, question_id: int, text: str | None) -> None:
    """`ctx.user`'s own answer (the source's answer is kept beside it); None or blank removes it."""
    ctx.store.set_own_answer(ctx.user, question_id, text if text and text.strip() else None, ctx.now())


def save_attempt(ctx: Context, question_id: int, text: str, mode: str = "study", grade: Any = None) -> int:
    """Keep a typed answer (with the grader's result, if any) in the question's attempts history."""
    suggested = suggested_rating(grade)
    with ctx.store.write() as conn:
        return db.add_attempt(
            conn, ctx.user, question_id, text, ctx.now(), mode, grade_to_dict(grade), suggested
        )


def attempts(ctx: Context, question_id: int) -> list[dict[str, Any]]:
    with ctx.store.read() as conn:
        return db.list_attempts(conn, ctx.user, question_id)


# Grades of typed answers


def suggested_rating(grade: Any) -> int | None:
    value = getattr(grade, "suggested_rating", None)
    return None if value is None else clamp_rating(value)


def preselected_rating(grade: Any) -> int | None:
    """The rating a study screen pre-selects (Enter takes it): the grader's suggestion when its grade is sure;
    none when it is unsure, so the person rates it themselves."""
    from mldrill.verdicts import is_unsure

    return None if is_unsure(grade) else suggested_rating(grade)


def grade_to_dict(grade: Any) -> dict[str, Any] | None:
    if grade is None:
        return None
    if hasattr(grade, "to_dict"):
        return dict(grade.to_dict())
    if is_dataclass(grade) and not isinstance(grade, type):
        return asdict(grade)
    return {"verdict": str(getattr(grade, "verdict", "")), "suggested_rating": suggested_rating(grade)}
