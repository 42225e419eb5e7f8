"""The figures of `mldrill stats` and of the home screen, on a history built at fixed UTC times."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from mldrill.app import study
from mldrill.app.stats import home_summary, study_stats
from mldrill.cli.stats import heatmap, sparkline
from mldrill.schedule import retrievability
from mldrill.store import Store
from tests.context import ctx_at
from tests.study.helpers import NOW, PLAIN

DAY = timedelta(days=1)


@pytest.fixture
def history(filled: tuple[Store, list[int]]) -> tuple[Store, list[int]]:
    """Study days: D-5, then D-2, D-1 and D (D = NOW); one lapse and one pass of review cards."""
    store, ids = filled
    study.record_review(
        ctx_at(store, NOW - 5 * DAY), ids[0], 4, PLAIN, duration_ms=60_000
    )  # review card, 8 days
    study.record_review(ctx_at(store, NOW - 5 * DAY), ids[1], 4, PLAIN)
    study.record_review(ctx_at(store, NOW - 2 * DAY), ids[6], 3, PLAIN)  # learning, dl/cnn
    study.record_review(ctx_at(store, NOW - 1 * DAY), ids[1], 3, PLAIN)  # review card, recalled
    study.record_review(ctx_at(store, NOW), ids[0], 1, PLAIN, duration_ms=30_000)  # review card, forgotten
    study.record_review(
        ctx_at(store, NOW + timedelta(minutes=1)), ids[2], 3, PLAIN, duration_ms=30_000
    )  # new today
    return store, ids


def test_daily_figures(history: tuple[Store, list[int]]) -> None:
    store, _ = history
    s = study_stats(ctx_at(store, NOW + timedelta(minutes=2)), PLAIN)
    assert (s.reviews_today, s.new_today, s.total_reviews) == (2, 1, 6)
    assert s.minutes_today == 1.0
    assert (s.streak, s.longest_streak) == (3, 3)
    assert [(d, n) for d, n in s.reviews_per_day] == [
        ("2025-02-26", 2),
        ("2025-03-01", 1),
        ("2025-03-02", 1),
        ("2025-03-03", 2),
    ]
    assert (s.retention.passed, s.retention.total) == (1, 2)
    assert s.retention.rate == 0.5
    assert s.cards_by_state == {"new": 6, "learning": 2, "relearning": 1, "review": 1}
    assert (s.new_available, s.new_left_today) == (6, 6)


def test_due_and_forecast(history: tuple[Store, list[int]]) -> None:
    store, _ = history
    now = NOW + timedelta(minutes=2)
    s = study_stats(ctx_at(store, now), PLAIN)
    # due now: the forgotten card (relearning, 10 minutes) is not yet due; the dl card (learning, from D-2) is
    assert s.due_now == 1
    assert s.due_today == 3  # plus the relearning card and today's new one, both due within minutes
    assert len(s.forecast) == 30 and s.forecast[0] == ("2025-03-03", 3)
    assert sum(n for _, n in s.forecast) == 4
    assert s.to_dict()["forecast"][0] == {"day": "2025-03-03", "due": 3}


def test_streak_survives_a_day_not_yet_studied(history: tuple[Store, list[int]]) -> None:
    store, _ = history
    tomorrow = study_stats(ctx_at(store, NOW + DAY), PLAIN)
    assert (tomorrow.streak, tomorrow.reviews_today) == (3, 0)
    later = study_stats(ctx_at(store, NOW + 2 * DAY), PLAIN)
    assert (later.streak, later.longest_streak) == (0, 3)


def test_mastery_and_readiness_are_coverage_times_mean_retrievability(
    history: tuple[Store, list[int]],
) -> None:
    store, ids = history
    now = NOW + 3 * DAY
    s = study_stats(ctx_at(store, now), PLAIN)
    topics = {m.name: m for m in s.topics}
    companies = {m.name: m for m in s.companies}
    assert set(topics) == {"ml", "ml/basics", "dl", "dl/cnn"}
    assert (topics["ml"].questions, topics["ml"].studied) == (6, 3)
    assert (topics["dl/cnn"].questions, topics["dl/cnn"].studied) == (4, 1)
    assert (companies["Google"].questions, companies["Meta"].questions) == (10, 4)
    with store.read() as conn:
        from mldrill.store import reviews as db

        cards = {c.card.question_id: c.card for c in db.cards_with_questions(conn, db.LOCAL_USER)}
    r = {qid: retrievability(card, now, PLAIN.schedule) for qid, card in cards.items()}
    studied_ml = [r[i] for i in ids[:6] if not cards[i].is_new]
    assert topics["ml"].mean_retrievability == pytest.approx(sum(studied_ml) / 3)
    assert topics["ml"].score == pytest.approx(0.5 * sum(studied_ml) / 3)
    studied_all = [r[i] for i in ids if not cards[i].is_new]
    assert companies["Google"].score == pytest.approx(
        len(studied_all) / 10 * sum(studied_all) / len(studied_all)
    )
    assert companies["Meta"].score == pytest.approx(0.25 * r[ids[6]])


def test_day_start_hour_moves_reviews_to_the_previous_day(history: tuple[Store, list[int]]) -> None:
    store, _ = history
    late = replace(PLAIN, day_start_hour=10)  # days start at 10:00 UTC; NOW is 09:00
    s = study_stats(ctx_at(store, NOW + timedelta(minutes=2)), late)
    assert [(d, n) for d, n in s.reviews_per_day] == [
        ("2025-02-25", 2),
        ("2025-02-28", 1),
        ("2025-03-01", 1),
        ("2025-03-02", 2),
    ]
    assert (s.reviews_today, s.day_start) == (2, NOW.replace(hour=10) - DAY)


def test_empty_store_has_empty_figures(filled: tuple[Store, list[int]]) -> None:
    store, _ = filled
    s = study_stats(ctx_at(store, NOW), PLAIN)
    assert (s.reviews_today, s.total_reviews, s.streak, s.due_today) == (0, 0, 0, 0)
    assert s.retention.rate is None
    assert all(m.score == 0 for m in s.topics)


def test_home_summary_suggests_the_next_step(history: tuple[Store, list[int]]) -> None:
    store, _ = history
    home = home_summary(ctx_at(store, NOW + timedelta(minutes=2)), PLAIN)
    assert (home.questions, home.due_now, home.reviews_today, home.streak) == (10, 1, 2, 3)
    assert home.new_available == 6
    assert "mldrill study" in home.suggestion and "1 card due now" in home.suggestion
    quiet = home_summary(ctx_at(store, NOW + 40 * DAY), replace(PLAIN, new_per_day=0))
    assert quiet.due_now == 4 and "4 cards due now" in quiet.suggestion


def test_home_summary_when_all_is_done(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    settings = replace(PLAIN, new_per_day=1)
    study.record_review(ctx_at(store, NOW), ids[0], 4, settings)
    home = home_summary(ctx_at(store, NOW), settings)
    assert home.due_now == 0 and home.new_available == 0
    assert "All done for today (next due 2025-03-11)" in home.suggestion


def test_sparkline_and_heatmap() -> None:
    assert sparkline([0, 1, 2, 4, 8]) == " ▁▂▄█"
    assert sparkline([0, 0]) == "  "
    today = date(2025, 3, 3)
    text = heatmap({today: 5, today - timedelta(days=1): 1}, today, weeks=2).plain
    assert text.splitlines()[0].startswith(" Mon")
    assert "max 5 a day" in text
