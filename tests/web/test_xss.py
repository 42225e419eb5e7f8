"""The XSS corpus (tests/web/xss_corpus.py, 115 payloads) imported as questions, answers, rubric points, topics,
companies, tags and a file name, then opened in real Chromium on every page that shows them: no payload runs
(each would call `xssHit`, and `alert` is redirected to the same trap), the CSP reports no violation (a blocked
inline script would mean the sanitiser let it through), no element carries an event handler or a script URL,
and each question's marker text is still there to read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mldrill.app.context import LOCAL_USER, Context
from mldrill.app.library import import_paths
from mldrill.clock import system_clock
from mldrill.store import Store
from tests.web.conftest import CHROMIUM_ARGS, LiveServer, start_server, watch
from tests.web.xss_corpus import hostile_bank, marker, payloads

HOSTILE_NAME = "bank<img src=x onerror=xssHit(999)>.md"

TRAP = """
window.__hits = [];
window.xssHit = function (n) { window.__hits.push("hit " + n); };
window.alert = window.confirm = window.prompt = function (n) { window.__hits.push("alert " + n); };
document.addEventListener("securitypolicyviolation", function (e) {
  window.__hits.push("csp " + e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
});
"""

# Elements that may carry markup from a bank must carry no handler and no script URL.
DANGEROUS = """
() => {
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase().replace(/\\s+/g, "");
      if (name.startsWith("on") || name === "srcdoc"
          || (["href", "src", "action", "formaction", "xlink:href", "data", "background"].includes(name)
              && (value.startsWith("javascript:") || value.startsWith("data:text") || value.startsWith("vbscript:")))) {
        bad.push(el.tagName + " " + attr.name + "=" + attr.value.slice(0, 60));
      }
    }
    if (["IFRAME", "OBJECT", "EMBED", "BASE", "FRAME", "APPLET"].includes(el.tagName)
        || (el.tagName === "META" && el.getAttribute("http-equiv"))) {
      bad.push("element " + el.tagName);
    }
  }
  return bad;
}
"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("hostile")
    bank = folder / HOSTILE_NAME
    bank.write_text(hostile_bank(), encoding="utf-8")
    db = str(folder / "store.db")
    with Store.open(db) as store:
        report = import_paths(Context(store, LOCAL_USER, system_clock()), [str(bank)])
        assert report.ok and sum(f.added for f in report.files) == len(payloads())
    server = start_server(db)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def question_ids(hostile_server: LiveServer) -> dict[int, int]:
    """Payload number -> question id, read through the API."""
    import json
    import urllib.request

    ids: dict[int, int] = {}
    offset = 0
    while True:
        with urllib.request.urlopen(f"{hostile_server.url}/api/questions?limit=200&offset={offset}") as r:
            items = json.load(r)["items"]
        for item in items:
            n = int(item["prompt"][3:6])
            ids[n] = item["id"]
        if len(items) < 200:
            return ids
        offset += 200


@pytest.fixture
def trapped(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(TRAP)
    pg = context.new_page()
    problems = watch(pg)
    pg.set_default_timeout(15_000)
    yield pg
    context.close()
    problems.check()


def assert_clean(page: Any, where: str) -> None:
    # Give handlers (onload, onerror, autofocus, animations) a moment, and hover/focus what could trigger them.
    page.mouse.move(200, 300)
    page.wait_for_timeout(150)
    hits = page.evaluate("window.__hits")
    assert hits == [], f"{where}: a payload ran: {hits}"
    bad = page.evaluate(DANGEROUS)
    assert bad == [], f"{where}: dangerous attributes reached the page: {bad[:5]}"


def test_question_pages(hostile_server: LiveServer, question_ids: dict[int, int], trapped: Any) -> None:
    assert len(question_ids) == len(payloads())
    for n, qid in sorted(question_ids.items()):
        trapped.goto(f"{hostile_server.url}/questions/{qid}")
        assert_clean(trapped, f"/questions/{qid} (payload {n})")
        text = trapped.inner_text("main")
        assert marker(n) in text, f"payload {n}: the marker text is gone from the question page"


def test_lists_and_search(hostile_server: LiveServer, question_ids: dict[int, int], trapped: Any) -> None:
    for path in (
        "/",
        "/questions?limit=200",
        "/questions?q=XSS",
        "/questions?q=script",
        "/questions?q=onerror",
    ):
        trapped.goto(hostile_server.url + path)
        assert_clean(trapped, path)
    trapped.goto(hostile_server.url + "/questions?limit=200")
    text = trapped.inner_text("main")
    missing = [n for n in question_ids if marker(n) not in text]
    assert not missing, f"markers missing from the list: {missing[:10]}"


def test_study_cards(hostile_server: LiveServer, trapped: Any) -> None:
    trapped.goto(hostile_server.url + "/study")
    for _ in range(12):
        assert_clean(trapped, "/study question")
        trapped.keyboard.press("Space")
        trapped.wait_for_timeout(100)
        assert_clean(trapped, "/study answer")
        assert "XSS" in trapped.inner_text("main")
        trapped.keyboard.press("3")
        trapped.wait_for_timeout(150)


def test_progress_with_hostile_topics_and_companies(hostile_server: LiveServer, trapped: Any) -> None:
    trapped.goto(hostile_server.url + "/progress")
    trapped.wait_for_timeout(300)
    assert_clean(trapped, "/progress")


def test_hostile_file_name_through_the_upload_form(
    hostile_server: LiveServer, trapped: Any, tmp_path: Path
) -> None:
    upload = tmp_path / HOSTILE_NAME.replace("bank", "again")
    upload.write_text(hostile_bank(), encoding="utf-8")
    trapped.goto(hostile_server.url + "/import")
    trapped.set_input_files("input[type=file]", str(upload))
    trapped.locator("form button[type=submit], form input[type=submit]").first.click()
    trapped.wait_for_function("document.querySelector('main').innerText.includes('again')", timeout=60_000)
    assert_clean(trapped, "/import summary")
    trapped.goto(hostile_server.url + "/questions")
    assert_clean(trapped, "/questions after the upload")


def test_interview_report(hostile_server: LiveServer, trapped: Any) -> None:
    import json
    import urllib.request

    def post(path: str, body: dict[str, Any]) -> Any:
        req = urllib.request.Request(
            hostile_server.url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.load(r)

    created = post("/api/interviews", {"minutes": 10})
    iid = created["id"]
    post(f"/api/interviews/{iid}/start", {})
    trapped.goto(f"{hostile_server.url}/interviews/{iid}/run")
    assert_clean(trapped, "interview question")
    payload = payloads()[10]
    trapped.locator("textarea").first.fill(f"My answer {payload} about overfitting")
    trapped.keyboard.press("Control+Enter")
    trapped.wait_for_selector("#outcome-title", timeout=60_000)  # the grade of the hand-in
    assert_clean(trapped, "interview after an answer")
    state = post(f"/api/interviews/{iid}/end", {})
    if state["status"] != "finished":
        ratings = {str(item["position"]): 3 for item in state.get("to_rate") or []}
        post(f"/api/interviews/{iid}/finish", {"ratings": ratings})
    trapped.goto(f"{hostile_server.url}/interviews/{iid}")
    assert_clean(trapped, "interview report")
    text = trapped.inner_text("main")
    assert "Report" in text or "report" in text
    assert "My answer" in text and "about overfitting" in text, (
        "the typed answer is not readable in the report"
    )


def test_payloads_number_at_least_100() -> None:
    assert len(payloads()) >= 100
    assert len(set(payloads())) == len(payloads())
    assert CHROMIUM_ARGS  # the browser is launched the way the brief says
