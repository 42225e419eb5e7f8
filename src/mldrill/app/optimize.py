"""Fit personal FSRS parameters to the review log with py-fsrs's optimizer (`mldrill optimize`).

The optimizer needs PyTorch and pandas, so it ships as the optional extra `mldrill[optimizer]` and is imported only
when a fit really runs. py-fsrs learns only from reviews made on a later day than the card's previous review
(among each card's first 64), and returns its default parameters below 512 of them; `usable_reviews` counts them
the same way, so mldrill can say how many more are needed before fitting is worth it.
"""

from __future__ import annotations

import importlib.util
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mldrill.errors import MissingExtra, MldrillError
from mldrill.store import reviews as db

if TYPE_CHECKING:
    from mldrill.app.context import Context

MIN_REVIEWS = 512  # py-fsrs's mini-batch size: fewer usable reviews and it returns the defaults
MAX_PER_CARD = 64  # py-fsrs uses at most the first 64 reviews of each card
OPTIMIZER_PACKAGES = ("torch", "pandas", "tqdm")
EXTRA = "optimizer"

History = Sequence[tuple[int, int, datetime, int | None]]  # (card id, rating, time, duration ms)
OptimizerFactory = Callable[[list[Any]], Any]  # review logs -> object with compute_optimal_parameters()


class NotEnoughReviews(MldrillError):
    def __init__(self, usable: int, needed: int, extra_missing: bool) -> None:
        self.usable = usable
        self.needed = needed
        hint = f"; fitting will also need pip install 'mldrill[{EXTRA}]'" if extra_missing else ""
        super().__init__(
            f"optimizing needs {MIN_REVIEWS} reviews made on a later day than the card's previous one; "
            f"the log has {usable}, so {needed} more are needed. Keep studying with `mldrill study`{hint}"
        )


@dataclass(frozen=True)
class FitResult:
    parameters: list[float]
    usable_reviews: int
    total_reviews: int
    applied: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "parameters": self.parameters,
            "usable_reviews": self.usable_reviews,
            "total_reviews": self.total_reviews,
            "applied": self.applied,
        }


def usable_reviews(history: History) -> int:
    """Reviews py-fsrs's optimizer learns from: a later day than the card's previous review, first 64 per card."""
    seen: dict[int, list[datetime]] = {}
    for card_id, _rating, when, _ms in history:
        seen.setdefault(card_id, []).append(when)
    count = 0
    for times in seen.values():
        ordered = sorted(times)[:MAX_PER_CARD]
        count += sum(1 for a, b in itertools.pairwise(ordered) if (b - a).days > 0)
    return count


def missing_packages() -> list[str]:
    return [name for name in OPTIMIZER_PACKAGES if importlib.util.find_spec(name) is None]


def _fsrs_optimizer(logs: list[Any]) -> Any:
    from fsrs.optimizer import Optimizer

    return Optimizer(logs)


def fit_parameters(
    ctx: Context, *, apply: bool = False, optimizer: OptimizerFactory | None = None
) -> FitResult:
    """Fit FSRS parameters to this person's review log; with `apply`, keep them as the study setting.

    `optimizer` replaces py-fsrs's Optimizer (tests pass a stand-in); without one, the extra must be installed.
    """
    from fsrs import Rating, ReviewLog

    with ctx.store.read() as conn:
        history = db.review_history(conn, ctx.user)
    usable = usable_reviews(history)
    missing = missing_packages() if optimizer is None else []
    if usable < MIN_REVIEWS:
        raise NotEnoughReviews(usable, MIN_REVIEWS - usable, bool(missing))
    if missing:
        raise MissingExtra(missing[0], EXTRA, "Fitting FSRS parameters (mldrill optimize)")
    logs = [
        ReviewLog(card_id=q, rating=Rating(r), review_datetime=t, review_duration=ms)
        for q, r, t, ms in history
    ]
    factory = optimizer or _fsrs_optimizer
    parameters = [float(p) for p in factory(logs).compute_optimal_parameters()]
    if apply:
        from mldrill.app.study import save_setting

        save_setting(ctx, "parameters", parameters)
    return FitResult(parameters, usable, len(history), apply)
