"""The FastAPI application: every area's router, the static assets, the security layer and the error handlers."""

from __future__ import annotations

from importlib.resources import files

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from mldrill import __version__
from mldrill.web import errors
from mldrill.web.config import WebConfig
from mldrill.web.security import SecurityMiddleware, require_csrf


def create_app(config: WebConfig) -> FastAPI:
    from mldrill.web import home, importing, interview, progress, questions, settings, study

    app = FastAPI(
        title="mldrill",
        version=__version__,
        description="Offline-first trainer for machine-learning interviews: the JSON API under /api/.",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(require_csrf)],
    )
    app.state.config = config
    for module in (home, study, interview, questions, importing, progress, settings):
        app.include_router(module.router)
    static = files("mldrill") / "web" / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    errors.install(app)
    app.add_middleware(SecurityMiddleware, max_body=config.max_body_bytes, max_upload=config.max_upload_bytes)
    return app
