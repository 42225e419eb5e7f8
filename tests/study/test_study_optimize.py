"""`mldrill optimize`: counts what py-fsrs's optimizer can learn from, names the extra, applies the fit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fsrs import ReviewLog
from fsrs.scheduler import DEFAULT_PARAMETERS

from mldrill.app import optimize, study
from mldrill.errors import MissingExtra
from mldrill.schedule import CardState, review
from mldrill.store import Store
from mldrill.store import reviews as db
from tests.context import ctx_at
from tests.study.helpers import NOW, PLAIN

DAY = timedelta(days=1)


def _history(store: Store, ids: list[int], days: int, repeat: bool = True) -> None:
    """Each card reviewed once a day for `days` days, with a same-day repeat (which does not count)."""
    with store.write() as conn:
        for qid in ids:
            card = CardState(qid)
            for day in range(days):
                for minute in (0, 5) if repeat else (0,):
                    when = NOW + day * DAY + timedelta(minutes=10 * day + minute)
                    after, _ = review(card, 3, when, PLAIN.schedule)
                    db.append_review(conn, db.LOCAL_USER, card, after, 3, when, 1000)
                    card = after


def test_usable_reviews_counts_like_py_fsrs() -> None:
    t = NOW
    history = [
        (1, 3, t, None),
        (1, 3, t + timedelta(hours=1), None),  # same day: not usable
        (1, 3, t + DAY, None),  # 23 hours after the previous review: not a later day either
        (1, 3, t + 3 * DAY, None),
        (2, 1, t, None),
        (2, 3, t + timedelta(hours=30), None),
    ]
    assert optimize.usable_reviews(history) == 2
    many = [(9, 3, t + i * DAY, None) for i in range(100)]
    assert optimize.usable_reviews(many) == optimize.MAX_PER_CARD - 1


def test_too_few_reviews_says_how_many_more(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    _history(store, ids[:3], 11)  # 3 cards x 10 later-day reviews
    with pytest.raises(optimize.NotEnoughReviews, match="the log has 30, so 482 more") as caught:
        optimize.fit_parameters(ctx_at(store))
    assert caught.value.needed == 482


def test_missing_extra_is_named(filled: tuple[Store, list[int]]) -> None:
    if not optimize.missing_packages():
        pytest.skip("the optimizer extra is installed here")
    store, ids = filled
    _history(store, ids, 53, repeat=False)  # 10 cards x 52 later-day reviews = 520
    with pytest.raises(MissingExtra, match=r"pip install 'mldrill\[optimizer\]'"):
        optimize.fit_parameters(ctx_at(store))


class FakeOptimizer:
    def __init__(self, logs: list[ReviewLog]) -> None:
        self.logs = logs

    def compute_optimal_parameters(self) -> list[float]:
        fitted = list(DEFAULT_PARAMETERS)
        fitted[0] = 0.5  # a longer first interval after Again
        return fitted


def test_fit_and_apply(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    _history(store, ids, 53, repeat=False)
    seen: list[Any] = []

    def factory(logs: list[ReviewLog]) -> FakeOptimizer:
        seen.extend(logs)
        return FakeOptimizer(logs)

    result = optimize.fit_parameters(ctx_at(store), optimizer=factory)
    assert (result.usable_reviews, result.total_reviews, result.applied) == (520, 530, False)
    assert len(seen) == 530 and seen[0].card_id == ids[0] and seen[0].review_datetime == NOW
    assert study.load_settings(ctx_at(store)).schedule.parameters == tuple(DEFAULT_PARAMETERS)
    applied = optimize.fit_parameters(ctx_at(store), optimizer=factory, apply=True)
    assert applied.applied
    settings = study.load_settings(ctx_at(store))
    assert settings.schedule.parameters[0] == 0.5
    assert settings.schedule.scheduler().parameters[0] == 0.5
