"""Rendering pages: the web app's Jinja2 environment (autoescape everywhere, undefined names fail), the layout's
shared values (navigation, CSRF token, the asset URLs), and the one error page."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from mldrill.web.markdown import markdown_markup

NAV = (
    ("/", "Home", "g h"),
    ("/study", "Study", "g s"),
    ("/interview", "Interview", "g i"),
    ("/questions", "Questions", "g q"),
    ("/import", "Import", "g m"),
    ("/progress", "Progress", "g p"),
    ("/settings", "Settings", "g ,"),
)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mldrill", "web/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = markdown_markup
    env.globals["nav"] = NAV
    return env


def render(template: str, /, **values: Any) -> str:
    return environment().get_template(template).render(**values)


def page(request: Request, template: str, /, status: int = 200, **values: Any) -> HTMLResponse:
    """A full page (or, for an htmx request, the same template: templates decide with `partial`)."""
    values.setdefault("title", "mldrill")
    html = render(
        template,
        csrf=request.state.csrf,
        path=request.url.path,
        partial=request.headers.get("hx-request") == "true",
        **values,
    )
    return HTMLResponse(html, status_code=status)


def render_error(status: int, code: str, message: str) -> str:
    return render(
        "error.html", title=f"Error {status}", status=status, code=code, message=message, csrf="", path=""
    )
