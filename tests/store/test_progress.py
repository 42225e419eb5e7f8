"""Progress counts on each backend: study days (their SQL is written per dialect), JSON columns read back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from mldrill.schedule import CardState
from mldrill.store import Store
from mldrill.store import reviews as db
from tests.store.factories import NOW, q, source

USER = db.LOCAL_USER
TIMES = [
    datetime(2025, 3, 3, 3, 59, tzinfo=UTC),  # before 04:00: still the study day of 2 March
    datetime(2025, 3, 3, 4, 0, tzinfo=UTC),
    datetime(2025, 3, 3, 23, 30, tzinfo=UTC),
    datetime(2025, 3, 4, 0, 30, tzinfo=UTC),
]


def _filled(store: Store) -> list[int]:
    store.save_source(
        source("p.md", [q("What is a day?", companies=["Acme", "Zeta"]), q("What is an hour?")]), NOW
    )
    return [x.id for x in store.list_questions()]


def _log(store: Store, question_id: int) -> None:
    with store.write() as conn:
        card = CardState(question_id)
        for when in TIMES:
            after = replace(card, state=2, due=when + timedelta(days=1), last_review=when, reps=card.reps + 1)
            db.append_review(conn, USER, card, after, 3, when, 1000)
            card = after


def test_reviews_per_day_follow_the_day_offset(store: Store) -> None:
    first, _ = _filled(store)
    _log(store, first)
    with store.read() as conn:
        assert db.reviews_per_day(conn, USER, None, 0) == {date(2025, 3, 3): 3, date(2025, 3, 4): 1}
        assert db.reviews_per_day(conn, USER, None, 4) == {
            date(2025, 3, 2): 1,
            date(2025, 3, 3): 3,
        }
        since = datetime(2025, 3, 3, 4, 0, tzinfo=UTC)
        assert db.reviews_per_day(conn, USER, since, 4) == {date(2025, 3, 3): 3}
        assert db.time_spent_ms(conn, USER, since) == 3000
        assert db.last_review_time(conn, USER) == TIMES[-1]


def test_due_per_day_and_card_summaries(store: Store) -> None:
    first, second = _filled(store)
    _log(store, first)
    with store.read() as conn:
        # the card is due one day after its last review: 2025-03-05 00:30 UTC, the 4th with a 4-hour offset
        assert db.due_per_day(conn, USER, datetime(2025, 4, 1, tzinfo=UTC), 4) == {date(2025, 3, 4): 1}
        assert db.next_due(conn, USER, NOW) == TIMES[-1] + timedelta(days=1)
        summaries = {s.card.question_id: s for s in db.card_summaries(conn, USER)}
    assert summaries[first].companies == ["Acme", "Zeta"]
    assert summaries[first].card.last_review == TIMES[-1]
    assert summaries[second].companies == [] and summaries[second].card.last_review is None


def test_settings_upsert_overwrites(store: Store) -> None:
    with store.write() as conn:
        db.set_setting(conn, USER, "new_per_day", 10)
        db.set_setting(conn, USER, "new_per_day", 25)
        db.set_setting(conn, "other", "new_per_day", 5)
    with store.read() as conn:
        assert db.get_settings(conn, USER) == {"new_per_day": 25}
        assert db.get_settings(conn, "other") == {"new_per_day": 5}
