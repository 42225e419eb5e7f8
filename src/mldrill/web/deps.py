"""Per-request dependencies: the `Context` every route passes to `mldrill.app`, and the study settings."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from fastapi import Request

from mldrill.app.context import Context

if TYPE_CHECKING:
    from mldrill.app.study import StudySettings
    from mldrill.web.config import WebConfig


def config(request: Request) -> WebConfig:
    cfg: WebConfig = request.app.state.config
    return cfg


def context(request: Request) -> Context:
    """One Context per request: the app's store, clock and grader, acting for the request's user."""
    cfg = config(request)
    return Context(cfg.store, cfg.user, cfg.clock, random.Random(), cfg.grader)


def study_settings(request: Request) -> StudySettings:
    from mldrill.app.study import load_settings

    return load_settings(context(request))
