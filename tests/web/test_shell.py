"""The web shell itself: `mldrill serve` starts, refuses non-loopback hosts, every page carries the strict CSP,
errors come in one shape, bodies over the limit are refused, and forms without the CSRF token are refused."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from mldrill.web.security import CSP
from tests.web.conftest import LiveServer, csrf_of, screenshot


def test_serve_refuses_a_public_host_unless_asked(tmp_path: Any) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mldrill", "--db", str(tmp_path / "s.db"), "serve", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "refusing to listen on '0.0.0.0'" in run.stderr and "--allow-remote" in run.stderr


def test_home_page_in_chromium(live_server: LiveServer, page: Any) -> None:
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    assert response.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert int(page.inner_text("#new-available")) > 0  # the built-in deck was imported on start
    screenshot(page, "home-desktop")


def test_api_errors_have_one_shape(client: Any) -> None:
    missing = client.get("/api/does-not-exist")
    assert missing.status_code == 404
    assert set(missing.json()["error"]) == {"code", "message"}
    html = client.get("/no-such-page")
    assert html.status_code == 404 and "text/html" in html.headers["content-type"]
    assert "no page at /no-such-page" in html.text


def test_bodies_over_the_limit_are_refused(client: Any) -> None:
    response = client.post(
        "/api/home", content=b"{" + b" " * (2 << 20) + b"}", headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


@pytest.mark.parametrize("path", ["/", "/api/home"])
def test_every_response_carries_the_security_headers(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_pages_carry_a_csrf_token_matching_their_cookie(client: Any) -> None:
    response = client.get("/")
    assert csrf_of(response.text) == response.cookies["mldrill_csrf"]
