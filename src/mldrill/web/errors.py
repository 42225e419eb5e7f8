"""One error shape: `{"error": {"code", "message"}}` for the JSON API, one template for pages.

Use-case errors map to statuses by kind: NotFound 404, UsageError and other user errors 400 (422 for request
validation), UndoRefused 409, GraderUnavailable 503. Anything else is a 500 with a generic message (the detail
goes to the server log, not the page).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from mldrill.errors import MldrillError, NotFound, UndoRefused, UsageError

log = logging.getLogger("mldrill.web")


class WebError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _status_of(exc: MldrillError) -> tuple[int, str]:
    from mldrill.app.grading import GraderUnavailable

    if isinstance(exc, NotFound):
        return 404, "not_found"
    if isinstance(exc, UndoRefused):
        return 409, "undo_refused"
    if isinstance(exc, GraderUnavailable):
        return 503, "grader_unavailable"
    if isinstance(exc, UsageError):
        return 400, "bad_request"
    return 400, type(exc).__name__.lower()


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large", 415: "unsupported_media"}


def wants_json(path: str, accept: str = "") -> bool:
    return path.startswith("/api/") or path == "/openapi.json" or "application/json" in accept.split(",")[0]


def error_response(path: str, accept: str, status: int, code: str, message: str) -> Response:
    if wants_json(path, accept):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    from mldrill.web.pages import render_error

    return HTMLResponse(render_error(status, code, message), status_code=status)


def error_response_for_scope(scope: dict[str, Any], exc: WebError) -> Response:
    accept = ""
    for key, value in scope.get("headers", ()):
        if key == b"accept":
            accept = value.decode("latin-1")
    return error_response(scope["path"], accept, exc.status, exc.code, exc.message)


def _respond(request: Request, status: int, code: str, message: str) -> Response:
    return error_response(request.url.path, request.headers.get("accept", ""), status, code, message)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where or 'body'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is not valid"


def install(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        return _respond(request, exc.status, exc.code, exc.message)

    @app.exception_handler(MldrillError)
    async def _mldrill_error(request: Request, exc: MldrillError) -> Response:
        status, code = _status_of(exc)
        return _respond(request, status, code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return _respond(request, 422, "invalid_request", _validation_message(exc))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"there is no page at {request.url.path}"
        return _respond(request, exc.status_code, code, message)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _respond(
            request, 500, "internal", "something went wrong on the server; the log has the details"
        )
