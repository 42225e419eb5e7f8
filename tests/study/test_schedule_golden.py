"""The schedule is py-fsrs's: golden intervals at fixed UTC dates, checked against fsrs itself."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating, Scheduler

from mldrill.schedule import (
    NEW,
    CardState,
    ScheduleSettings,
    format_interval,
    fuzz_range,
    preview,
    retrievability,
    review,
)

START = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
PLAIN = ScheduleSettings(fuzz=False)

# Verified by hand with fsrs 6.3 (default parameters, retention 0.9, steps 1m/10m, relearning 10m, no fuzz),
# each review made exactly when the card fell due.
GOLDEN = [
    (3, timedelta(minutes=10)),
    (3, timedelta(days=2)),
    (3, timedelta(days=11)),
    (3, timedelta(days=46)),
    (1, timedelta(minutes=10)),
    (3, timedelta(days=3)),
    (3, timedelta(days=8)),
    (2, timedelta(days=14)),
    (4, timedelta(days=40)),
]


def test_golden_intervals() -> None:
    card, now = CardState(1), START
    for rating, expected in GOLDEN:
        card, _ = review(card, rating, now, PLAIN)
        assert card.due is not None
        assert card.due - now == expected
        now = card.due
    assert (card.reps, card.lapses) == (len(GOLDEN), 1)


def test_first_review_buttons() -> None:
    intervals = preview(CardState(1), START, PLAIN)
    assert intervals == {
        1: timedelta(minutes=1),
        2: timedelta(minutes=5, seconds=30),
        3: timedelta(minutes=10),
        4: timedelta(days=8),
    }
    assert [format_interval(i) for i in intervals.values()] == ["1m", "5.5m", "10m", "8d"]


def _fsrs_sequence(ratings: list[int], gaps: list[float], scheduler: Scheduler) -> list[Card]:
    card, now, out = Card(card_id=7, due=START), START, []
    for rating, gap in zip(ratings, gaps, strict=True):
        card, _ = scheduler.review_card(card, Rating(rating), now)
        out.append(card)
        now = card.due + (card.due - now) * gap
    return out


@pytest.mark.parametrize(
    ("ratings", "gaps", "retention"),
    [
        ([3] * 12, [0.0] * 12, 0.9),
        ([1, 1, 2, 3, 1, 3, 4, 2, 2, 3], [0.0] * 10, 0.9),
        ([4, 3, 3, 1, 1, 3, 3, 3], [0.5, 1.0, -0.3, 2.0, 0.0, 0.2, 1.5, 0.0], 0.9),
        ([2, 3, 2, 3, 2, 3, 2, 3], [0.0] * 8, 0.8),
        ([3, 3, 4, 4, 1, 2, 4, 3], [0.1] * 8, 0.95),
    ],
)
def test_matches_py_fsrs(ratings: list[int], gaps: list[float], retention: float) -> None:
    """Same states, stabilities, difficulties and due times as py-fsrs, reviews early, on time and late."""
    settings = ScheduleSettings(desired_retention=retention, fuzz=False)
    expected = _fsrs_sequence(ratings, gaps, Scheduler(desired_retention=retention, enable_fuzzing=False))
    card, now = CardState(7), START
    for rating, gap, want in zip(ratings, gaps, expected, strict=True):
        shown = preview(card, now, settings)
        card, log = review(card, rating, now, settings, duration_ms=1500)
        assert shown[rating] == card.due - now if card.due else False
        assert (card.state, card.step, card.stability, card.difficulty) == (
            int(want.state),
            want.step,
            want.stability,
            want.difficulty,
        )
        assert (card.due, card.last_review) == (want.due, want.last_review)
        assert (log.rating, log.review_datetime, log.review_duration) == (rating, now, 1500)
        assert card.due is not None
        now = card.due + (card.due - now) * gap


def test_fuzz_draws_from_the_rng_passed_in_like_py_fsrs_does() -> None:
    """With the same seed, our fuzz (from the rng passed in) equals py-fsrs's (from the random module)."""
    settings = ScheduleSettings()
    saved = random.getstate()
    try:
        for seed in range(20):
            card, now = CardState(3), START
            fcard = Card(card_id=3, due=START)
            for rating in (3, 3, 3, 3, 2, 4):
                card, _ = review(card, rating, now, settings, random.Random(seed))
                random.seed(seed)
                fcard, _ = Scheduler().review_card(fcard, Rating(rating), now)
                assert card.due == fcard.due
                assert card.due is not None
                now = card.due
    finally:
        random.setstate(saved)


def test_fuzz_stays_in_range_and_is_reproducible() -> None:
    card, _ = review(CardState(3), 4, START, PLAIN)  # a review card, 8 days
    plain, _ = review(card, 3, card.due or START, PLAIN)
    days = ((plain.due or START) - (card.due or START)).days
    low, high = fuzz_range(days, 36500)
    seen = set()
    for seed in range(60):
        fuzzed, _ = review(card, 3, card.due or START, ScheduleSettings(), random.Random(seed))
        again, _ = review(card, 3, card.due or START, ScheduleSettings(), random.Random(seed))
        assert fuzzed == again
        seen.add(((fuzzed.due or START) - (card.due or START)).days)
    # py-fsrs draws uniformly from [low, high + 1) and rounds, so high + 1 can come out too: we do the same
    assert seen <= set(range(low, high + 2))
    assert len(seen) > 1


def test_no_rng_means_no_fuzz() -> None:
    card, _ = review(CardState(3), 4, START, ScheduleSettings())
    assert card.due == START + timedelta(days=8)


def test_retention_setting_changes_intervals_as_fsrs_does() -> None:
    for retention in (0.8, 0.9, 0.95):
        card, _ = review(CardState(1), 4, START, ScheduleSettings(desired_retention=retention, fuzz=False))
        want, _ = Scheduler(desired_retention=retention, enable_fuzzing=False).review_card(
            Card(card_id=1, due=START), Rating.Easy, START
        )
        assert card.due == want.due
    low, _ = review(CardState(1), 4, START, ScheduleSettings(desired_retention=0.8, fuzz=False))
    high, _ = review(CardState(1), 4, START, ScheduleSettings(desired_retention=0.95, fuzz=False))
    assert (low.due or START) > (high.due or START)


def test_learning_steps_are_settings() -> None:
    settings = ScheduleSettings(learning_steps=(120, 3600, 86400), fuzz=False)
    card, _ = review(CardState(1), 3, START, settings)
    assert (card.state, card.step, card.due) == (1, 1, START + timedelta(hours=1))
    card, _ = review(card, 3, START + timedelta(hours=1), settings)
    assert (card.step, card.due) == (2, START + timedelta(hours=1, days=1))


def test_relearning_and_lapses() -> None:
    card, now = CardState(1), START
    for rating in (4, 1):
        card, _ = review(card, rating, now, PLAIN)
        now = card.due or now
    assert (card.state, card.step, card.lapses) == (3, 0, 1)
    assert card.due == START + timedelta(days=8, minutes=10)


def test_times_must_be_utc() -> None:
    with pytest.raises(ValueError, match="UTC"):
        review(CardState(1), 3, datetime(2024, 1, 1, 9, 0), PLAIN)
    with pytest.raises(ValueError, match="UTC"):
        review(CardState(1), 3, datetime(2024, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=2))), PLAIN)


def test_retrievability() -> None:
    assert retrievability(CardState(1), START, PLAIN) == 0.0
    card, _ = review(CardState(1), 4, START, PLAIN)
    assert retrievability(card, START, PLAIN) == pytest.approx(1.0)
    later = retrievability(card, START + timedelta(days=8), PLAIN)
    assert later == pytest.approx(0.9, abs=0.02)


def test_card_round_trips_through_its_dict() -> None:
    card, _ = review(CardState(5), 3, START, PLAIN)
    assert CardState.from_dict(card.to_dict()) == card
    assert CardState.from_dict(CardState(5).to_dict()) == CardState(5)
    assert CardState(5).state == NEW


@pytest.mark.parametrize(
    ("interval", "label"),
    [
        (timedelta(seconds=30), "<1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=3), "3d"),
        (timedelta(days=63), "2.1mo"),
        (timedelta(days=548), "1.5y"),
    ],
)
def test_format_interval(interval: timedelta, label: str) -> None:
    assert format_interval(interval) == label
