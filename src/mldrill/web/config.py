"""What a running web app is built from: the store, the clock, the grader, the user and the limits."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mldrill.app.context import LOCAL_USER
from mldrill.clock import Clock, system_clock

if TYPE_CHECKING:
    from mldrill.app.grading import Grader
    from mldrill.store import Store

MAX_BODY_BYTES = 1 << 20  # a JSON or form body: 1 MiB is ~150k words, far above any answer
MAX_UPLOAD_BYTES = 20 << 20  # an import upload (files or a zip): 20 MiB


@dataclass
class WebConfig:
    store: Store
    user: str = LOCAL_USER  # server mode replaces this with accounts
    clock: Clock = field(default_factory=system_clock)
    grader_factory: Callable[[], Grader] | None = None  # None: the bundled grader
    max_body_bytes: int = MAX_BODY_BYTES
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))  # signs CSRF tokens
    _grader: Grader | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def grader(self) -> Grader:
        """The grader, loaded once for every request (loading the model takes a second or two)."""
        with self._lock:
            if self._grader is None:
                from mldrill.app.grading import default_grader

                self._grader = (self.grader_factory or default_grader)()
            return self._grader
