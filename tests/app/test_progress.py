"""The progress charts' series on a real store (each backend) with fixed clocks: the calendar of study days, true
retention per week, and the scores of finished interviews."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from mldrill.app import study
from mldrill.app.progress import CalendarDay, WeekRetention, progress
from mldrill.app.stats import study_stats
from mldrill.errors import UsageError
from mldrill.store import Store
from tests.app.progress_history import add_rubric_questions, full_answer, half_answer, sit_interview
from tests.context import ctx_at
from tests.study.helpers import NOW, PLAIN, fill

DAY = timedelta(days=1)


@pytest.fixture
def history(store: Store) -> tuple[Store, list[int]]:
    """NOW is Monday 2025-03-03 09:00 UTC. Reviews on Wed 26 Feb (2), Sat 1 Mar, Sun 2 Mar and Mon 3 Mar (2);
    of cards in review: one recalled on Sunday, one forgotten on Monday."""
    ids = fill(store)
    study.record_review(ctx_at(store, NOW - 5 * DAY), ids[0], 4, PLAIN)  # new -> review
    study.record_review(ctx_at(store, NOW - 5 * DAY), ids[1], 4, PLAIN)  # new -> review
    study.record_review(ctx_at(store, NOW - 2 * DAY), ids[6], 3, PLAIN)  # new -> learning
    study.record_review(ctx_at(store, NOW - 1 * DAY), ids[1], 3, PLAIN)  # review, recalled
    study.record_review(ctx_at(store, NOW), ids[0], 1, PLAIN)  # review, forgotten
    study.record_review(ctx_at(store, NOW + timedelta(minutes=1)), ids[2], 3, PLAIN)  # new -> learning
    return store, ids


def test_the_calendar_holds_every_study_day_of_the_last_26_weeks(history: tuple[Store, list[int]]) -> None:
    store, _ = history
    p = progress(ctx_at(store, NOW + timedelta(minutes=2)), PLAIN)
    assert p.weeks == 26
    assert len(p.calendar) == 25 * 7 + 1  # 25 whole weeks, then today (a Monday)
    assert p.calendar[0] == CalendarDay("2024-09-09", 0, 0, 0)
    assert p.calendar[-1] == CalendarDay("2025-03-03", 25, 0, 2)
    assert {d.day: (d.week, d.weekday, d.reviews) for d in p.calendar if d.reviews} == {
        "2025-02-26": (24, 2, 2),
        "2025-03-01": (24, 5, 1),
        "2025-03-02": (24, 6, 1),
        "2025-03-03": (25, 0, 2),
    }
    assert p.reviews_shown == p.stats.total_reviews == 6
    days = [d.day for d in p.calendar]
    assert days == sorted(days) and len(set(days)) == len(days)


def test_the_calendar_ends_today_midweek_and_leaves_older_reviews_out(
    history: tuple[Store, list[int]],
) -> None:
    store, _ = history
    p = progress(ctx_at(store, NOW + 2 * DAY), PLAIN, weeks=1)  # Wednesday 5 March
    assert p.calendar == [
        CalendarDay("2025-03-03", 0, 0, 2),
        CalendarDay("2025-03-04", 0, 1, 0),
        CalendarDay("2025-03-05", 0, 2, 0),
    ]
    assert p.reviews_shown == 2 and p.stats.total_reviews == 6
    assert p.retention_by_week == [WeekRetention("2025-03-03", 0, 1)]


def test_true_retention_per_week_counts_reviews_of_cards_in_review(history: tuple[Store, list[int]]) -> None:
    store, _ = history
    p = progress(ctx_at(store, NOW + timedelta(minutes=2)), PLAIN)
    assert len(p.retention_by_week) == 26
    assert p.retention_by_week[0].week == "2024-09-09" and p.retention_by_week[-1].week == "2025-03-03"
    with_reviews = {w.week: (w.passed, w.total, w.rate) for w in p.retention_by_week if w.total}
    assert with_reviews == {"2025-02-24": (1, 1, 1.0), "2025-03-03": (0, 1, 0.0)}
    assert all(w.rate is None for w in p.retention_by_week if not w.total)
    assert sum(w.passed for w in p.retention_by_week) == p.stats.retention.passed
    assert sum(w.total for w in p.retention_by_week) == p.stats.retention.total
    long = progress(ctx_at(store, NOW + timedelta(minutes=2)), PLAIN, weeks=100)  # two statements of ranges
    assert len(long.retention_by_week) == 100 and long.retention_by_week[-26:] == p.retention_by_week


def test_days_and_weeks_follow_the_day_start_hour(store: Store) -> None:
    """With days starting at 04:00 UTC, Monday 03:00 still belongs to Sunday, and to the week before."""
    ids = fill(store)
    late = replace(PLAIN, day_start_hour=4)
    study.record_review(ctx_at(store, NOW - 5 * DAY), ids[0], 4, late)
    monday_early = NOW.replace(hour=3)
    study.record_review(ctx_at(store, monday_early), ids[0], 3, late)  # a review of a card in review
    study.record_review(ctx_at(store, NOW), ids[1], 3, late)
    p = progress(ctx_at(store, NOW), late, weeks=2)
    assert {d.day: (d.week, d.weekday, d.reviews) for d in p.calendar if d.reviews} == {
        "2025-02-26": (0, 2, 1),
        "2025-03-02": (0, 6, 1),
        "2025-03-03": (1, 0, 1),
    }
    assert p.retention_by_week == [WeekRetention("2025-02-24", 1, 1), WeekRetention("2025-03-03", 0, 0)]
    plain = progress(ctx_at(store, NOW), PLAIN, weeks=2)
    assert [(w.week, w.total) for w in plain.retention_by_week] == [("2025-02-24", 0), ("2025-03-03", 1)]


def test_interview_scores_come_oldest_first_and_only_when_finished(store: Store) -> None:
    ids = add_rubric_questions(store, NOW - 10 * DAY)
    first = sit_interview(store, NOW - 9 * DAY, ids, half_answer, company="Acme")
    second = sit_interview(store, NOW - 2 * DAY, ids, full_answer)
    p = progress(ctx_at(store, NOW), PLAIN)
    assert [(i.id, i.day, i.company, i.questions) for i in p.interviews] == [
        (first, "2025-02-22", "Acme", 2),
        (second, "2025-03-01", None, 2),
    ]
    assert p.interviews[1].score == 5.0
    assert 0 < p.interviews[0].score < p.interviews[1].score
    # a planned interview not yet sat has no score and no place on the chart
    from tests.interview.helpers import insert_interview

    insert_interview(store, [(ids[0], 60.0)])
    assert [i.id for i in progress(ctx_at(store, NOW), PLAIN).interviews] == [first, second]


def test_mastery_per_topic_shows_the_top_level_topics(history: tuple[Store, list[int]]) -> None:
    store, _ = history
    p = progress(ctx_at(store, NOW), PLAIN)
    assert [m.name for m in p.topics] == ["dl", "ml"]
    assert {m.name for m in p.stats.topics} == {"dl", "dl/cnn", "ml", "ml/basics"}
    ml = next(m for m in p.topics if m.name == "ml")
    assert (ml.questions, ml.studied) == (6, 3)


def test_to_dict_is_the_study_stats_and_the_series(history: tuple[Store, list[int]]) -> None:
    store, _ = history
    ctx = ctx_at(store, NOW + timedelta(minutes=2))
    d = progress(ctx, PLAIN).to_dict()
    stats = study_stats(ctx, PLAIN).to_dict()
    assert {k: d[k] for k in stats} == stats
    assert set(d) - set(stats) == {"weeks", "calendar", "retention_by_week", "interview_scores"}
    assert d["calendar"][-1] == {"day": "2025-03-03", "week": 25, "weekday": 0, "reviews": 2}
    assert d["retention_by_week"][-1] == {"week": "2025-03-03", "passed": 0, "total": 1, "rate": 0.0}
    json.dumps(d)  # plain JSON all the way down


@pytest.mark.parametrize("weeks", [0, -1, 521])
def test_weeks_out_of_range_are_refused_by_name(store: Store, weeks: int) -> None:
    with pytest.raises(UsageError, match=f"weeks must be between 1 and 520, not {weeks}"):
        progress(ctx_at(store, NOW), PLAIN, weeks=weeks)
