"""What every use-case is handed: the store, the one user it acts for, a clock, an rng and the grader.

A shell (the CLI, the web app) builds one `Context` per invocation or request and passes it to the functions of
`mldrill.app`; nothing below the shell picks a user, reads the real time or loads the grader by itself. Tests
pass a fixed clock, a seeded rng and a real grader (or a function returning a real `Grade`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from mldrill.clock import Clock, system_clock
from mldrill.errors import MldrillError

if TYPE_CHECKING:
    from mldrill.app.grading import Grader
    from mldrill.store import Store

LOCAL_USER = "local"  # the one person of a laptop's store; a server names its users


class NoUser(MldrillError):
    """A use-case was called without a user."""


@dataclass
class Context:
    store: Store
    user: str
    clock: Clock = field(default_factory=system_clock)
    rng: random.Random = field(default_factory=random.Random)
    grader_factory: Callable[[], Grader] | None = None  # None: the bundled grader, loaded on first use
    _grader: Grader | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.user, str) or not self.user.strip():
            raise NoUser("every use-case acts for a user; none was given")

    def now(self) -> datetime:
        return self.clock()

    def grader(self) -> Grader:
        """The grader, loaded once; raises `GraderUnavailable` (with the reason) when it cannot load."""
        if self._grader is None:
            from mldrill.app.grading import default_grader

            self._grader = (self.grader_factory or default_grader)()
        return self._grader

    def at(self, when: datetime) -> Context:
        """The same context with its clock stopped at `when` (a review recorded at an interview's end)."""
        from mldrill.clock import fixed_clock

        return Context(self.store, self.user, fixed_clock(when), self.rng, self.grader_factory)

    def as_user(self, user: str) -> Context:
        """The same store, clock and rng, acting for another user."""
        return Context(self.store, user, self.clock, self.rng, self.grader_factory)
