"""The security layer of every response: a strict Content-Security-Policy (no inline script, nothing from another
origin), the other hardening headers, request-body limits, and CSRF tokens for forms.

CSRF: a random token lives in a `SameSite=Strict`, HttpOnly cookie; every page carries it (a hidden form field and
htmx's `X-CSRF-Token` header, set on <body>). A state-changing request must present the cookie's token in the
header or the form field, unless its body is JSON: a cross-site page cannot send `application/json` without a
CORS preflight, which this app never answers. Server mode's accounts build on the same tokens.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from typing import Any

from fastapi import Request

from mldrill.web.errors import WebError

CSRF_COOKIE = "mldrill_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
UPLOAD_PATHS = ("/import", "/api/import")


class BodyTooLarge(WebError):
    def __init__(self, limit: int) -> None:
        super().__init__(
            413, "body_too_large", f"the request body is larger than the limit of {limit // 1024} KiB"
        )


def _cookie(scope: Mapping[str, Any], name: str) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name:
                    return v
    return None


class SecurityMiddleware:
    """Pure ASGI (cheap on every request): headers, the CSRF cookie, and the body limit."""

    def __init__(self, app: Any, max_body: int, max_upload: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _cookie(scope, CSRF_COOKIE)
        new_token = None
        if not token or len(token) < 20:
            token = new_token = secrets.token_urlsafe(24)
        scope.setdefault("state", {})["csrf"] = token
        limit = self.max_upload if scope["path"] in UPLOAD_PATHS else self.max_body
        for key, value in scope.get("headers", ()):
            if key == b"content-length" and value.isdigit() and int(value) > limit:
                await _too_large(scope, send, limit, new_token)
                return
        seen = 0

        async def limited_receive() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in HEADERS if k not in names]
                if new_token:
                    cookie = f"{CSRF_COOKIE}={new_token}; Path=/; HttpOnly; SameSite=Strict"
                    headers.append((b"set-cookie", cookie.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, limited_receive, send_with_headers)


async def _too_large(scope: dict[str, Any], send: Any, limit: int, new_token: str | None) -> None:
    from mldrill.web.errors import error_response_for_scope

    response = error_response_for_scope(scope, BodyTooLarge(limit))
    await response(scope, _no_body, send)


async def _no_body() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


def csrf_token(request: Request) -> str:
    token: str = request.state.csrf
    return token


async def require_csrf(request: Request) -> None:
    """A dependency of every router: state-changing requests carry the CSRF token (JSON bodies excepted)."""
    if request.method in SAFE_METHODS:
        return
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        return
    expected = _cookie(request.scope, CSRF_COOKIE) or ""
    given = request.headers.get(CSRF_HEADER, "")
    if not given and content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.form()
        value = form.get(CSRF_FIELD, "")
        given = value if isinstance(value, str) else ""
    if not expected or not given or not hmac.compare_digest(expected, given):
        raise WebError(
            403, "csrf", "this form is out of date or came from another site: reload the page and try again"
        )
