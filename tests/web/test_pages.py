"""Every page, in real Chromium, at desktop and phone width: it loads without a console error, nothing overflows
the phone's width, axe-core (vendored from npm, tests/web/assets/axe-core) finds no serious or critical
accessibility violation, and a screenshot is kept as a test artefact."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import DESKTOP, PHONE, LiveServer, screenshot, start_server, watch

AXE = Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"

RUN_AXE = """
async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.impact + "): " + v.help + " — " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = start_server(str(tmp_path_factory.mktemp("pages") / "store.db"))
    yield live
    live.stop()


def _api(server: LiveServer, path: str, body: dict[str, Any] | None = None) -> Any:
    req = urllib.request.Request(
        server.url + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)


@pytest.fixture(scope="module")
def paths(server: LiveServer) -> list[str]:
    """Every page, with the ids it needs made through the API."""
    first = _api(server, "/api/questions?limit=1")["items"][0]["id"]
    planned = _api(server, "/api/interviews", {"minutes": 10})["id"]
    interview = _api(server, "/api/interviews", {"minutes": 10})["id"]
    _api(server, f"/api/interviews/{interview}/start", {})
    return [
        "/",
        "/study",
        "/study?type=1",
        "/interview",
        f"/interviews/{planned}",
        f"/interviews/{interview}/run",
        "/interviews",
        "/questions",
        "/questions?q=gradient",
        f"/questions/{first}",
        "/import",
        "/progress",
        "/settings",
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page(server: LiveServer, paths: list[str], browser: Any, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport, bypass_csp=False)
    page = context.new_page()
    problems = watch(page)
    failures: list[str] = []
    axe_source = AXE.read_text(encoding="utf-8")
    for path in paths:
        response = page.goto(server.url + path)
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"] + 1:
            failures.append(f"{path}: the page is {width}px wide at a {viewport['width']}px viewport")
        page.evaluate(axe_source)  # evaluated by the driver, not injected: the page's CSP stays on
        for violation in page.evaluate(RUN_AXE):
            failures.append(f"{path}: {violation}")
        name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "home"
        screenshot(page, f"page-{name}-{'phone' if viewport is PHONE else 'desktop'}")
    context.close()
    problems.check()
    assert not failures, "\n".join(failures)


def test_the_error_page_is_accessible_too(server: LiveServer, browser: Any) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    response = page.goto(server.url + "/questions/999999")
    assert response is not None and response.status == 404
    page.evaluate(AXE.read_text(encoding="utf-8"))
    assert page.evaluate(RUN_AXE) == []
    context.close()
