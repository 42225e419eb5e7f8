"""Use-case contexts for tests: a store, a user, a fixed clock, a seeded rng, and (when given) a grader."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from mldrill.app.context import LOCAL_USER, Context
from mldrill.clock import Clock, fixed_clock
from mldrill.store import Store

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def ctx_at(
    store: Store,
    when: datetime | Clock = NOW,
    user: str = LOCAL_USER,
    rng: random.Random | None = None,
    grader: Callable[..., Any] | None = None,
) -> Context:
    """A context on `store` for `user` whose clock says `when` (or is the clock `when`)."""
    clock = when if callable(when) else fixed_clock(when)
    factory = None if grader is None else (lambda: grader)
    return Context(store, user, clock, rng or random.Random(0), factory)
