"""Web fixtures: an in-process client (FastAPI's TestClient over a real SQLite store with the built-in deck and a
fixed clock), `mldrill serve` as a real subprocess on a free port, and real headless Chromium (Playwright driving
/usr/bin/chromium) whose pages fail the test on any console error or uncaught exception.

Screenshots go to tests/web/artifacts/ (ignored by git); `docs/screenshots/` holds the ones the README shows.
Without Chromium the browser tests skip, except under CI (env CI set), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from mldrill.app.context import LOCAL_USER, Context
from mldrill.app.library import ensure_builtin_deck
from mldrill.clock import fixed_clock
from mldrill.store import Store

CHROMIUM = os.environ.get("MLDRILL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def deck_store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store holding the built-in deck."""
    with Store.open(str(tmp_path / "store.db")) as store:
        ensure_builtin_deck(Context(store, LOCAL_USER, fixed_clock(T0)))
        yield store


def make_client(store: Store, **config: Any) -> Any:
    from fastapi.testclient import TestClient

    from mldrill.web.app import create_app
    from mldrill.web.config import WebConfig

    config.setdefault("clock", fixed_clock(T0))
    return TestClient(create_app(WebConfig(store, **config)), raise_server_exceptions=False)


@pytest.fixture
def client(deck_store: Store) -> Any:
    """An in-process client on the built-in deck, the clock stopped at T0, the bundled grader."""
    with make_client(deck_store) as c:
        yield c


def csrf_of(html: str) -> str:
    """The CSRF token a page carries (its forms need it)."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'"X-CSRF-Token": "([^"]+)"', html
    )
    assert found, "the page carries no CSRF token"
    return found.group(1)


@dataclass
class LiveServer:
    url: str
    db: str
    process: subprocess.Popen[str]
    log: list[str] = field(default_factory=list)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_server(db: str, env: dict[str, str] | None = None, timeout: float = 90) -> LiveServer:
    """`mldrill --db DB serve --port 0 --no-browser` as a subprocess; returns once it printed its URL. A thread
    keeps reading its output (into `log`) so the pipe never fills."""
    import queue
    import threading

    process = subprocess.Popen(
        [sys.executable, "-m", "mldrill", "--db", db, "serve", "--port", "0", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    lines: queue.Queue[str | None] = queue.Queue()
    log: list[str] = []

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            log.append(line)
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    try:
        while True:
            line = lines.get(timeout=timeout)
            if line is None:
                break
            if line.startswith("http://"):
                return LiveServer(line.strip().rstrip("/"), db, process, log)
    except queue.Empty:
        pass
    process.kill()
    raise AssertionError("mldrill serve did not start:\n" + "".join(log))


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """`mldrill serve` on a fresh store (it imports the built-in deck on start), on a free port."""
    server = start_server(str(tmp_path / "store.db"))
    yield server
    server.stop()


def _need_chromium() -> None:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM} (CI is set: .ci/run installs it)")
        pytest.skip(f"Chromium is missing at {CHROMIUM}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class PageProblems:
    errors: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert not self.errors, "the browser reported errors:\n" + "\n".join(self.errors)


def watch(page: Any) -> PageProblems:
    """Collect console errors, uncaught exceptions and failed requests (4xx/5xx, with their URL) of a page."""
    problems = PageProblems()
    page.on(
        "console",
        lambda m: problems.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.errors.append(f"uncaught: {e}"))
    page.on(
        "response",
        lambda r: problems.errors.append(f"HTTP {r.status} for {r.url}") if r.status >= 400 else None,
    )
    return problems


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A desktop-size page; the test fails if the page logged a console error or threw."""
    context = browser.new_context(viewport=DESKTOP)
    pg = context.new_page()
    problems = watch(pg)
    pg.set_default_timeout(15_000)
    yield pg
    context.close()
    problems.check()


def screenshot(page: Any, name: str, *, readme: bool = False) -> Path:
    """Save a full-page screenshot as a test artefact (and into docs/screenshots/ for the README)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if readme:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, SCREENSHOTS / f"{name}.png")
    return path
