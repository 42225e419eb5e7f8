"""The report: data, markdown, self-contained HTML with code and maths; checked in headless Chromium."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from mldrill.app.interview_run import InterviewSession
from mldrill.errors import UsageError
from mldrill.interview.html import MATHML_TAGS, markdown_to_html, sanitise
from mldrill.interview.report import render_html, render_markdown, write_report
from mldrill.models import QuestionRecord
from mldrill.store import Store
from mldrill.store import interviews as db
from tests.context import ctx_at
from tests.interview.helpers import START, FakeClock, word_grader
from tests.store.factories import source

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
MODEL = r"""The loss is $L(w) = \frac{1}{n}\sum_i (y_i - w^\top x_i)^2$, minimised where its gradient vanishes:

$$
\nabla_w L = -\frac{2}{n} X^\top (y - Xw) = 0
$$

```python
import numpy as np

def fit(X, y):
    return np.linalg.solve(X.T @ X, X.T @ y)  # the normal equations
```
"""
MINE = """Solve the normal equations: they give the weights in closed form <script>alert("x")</script> & more:

```python
w = np.linalg.lstsq(X, y)[0]
```
"""


@pytest.fixture
def report(store: Store) -> dict[str, Any]:
    rubric = [
        "The gradient of the squared loss is set to zero.",
        "The normal equations give the weights in closed form.",
    ]
    records = [
        QuestionRecord(
            "Fit least squares: how?", MODEL, "medium", "math/regression", time_minutes=3, rubric=rubric
        ),
        QuestionRecord(
            "What is <b>bold</b> & why?", "Plain.", "easy", "misc", time_minutes=2, rubric=["Bold is heavy."]
        ),
    ]
    store.save_source(source("/x/r.md", records), START)
    ids = [q.id for q in store.list_questions()]
    with store.write() as conn:
        iid = db.insert_interview(
            conn,
            "local",
            company="Acme",
            level="mid",
            minutes=10,
            topics=[],
            seed=3,
            plan={},
            questions=[(i, 120.0) for i in ids],
            now=START,
        )
    clock = FakeClock()
    s = InterviewSession(ctx_at(store, clock, rng=random.Random(0), grader=word_grader), iid)
    s.begin()
    clock.advance(75)
    out = s.submit(MINE)
    assert out.followup
    s.begin()
    clock.advance(30)
    s.submit("The weights come from the normal equations in closed form.")
    s.begin()
    clock.advance(130)
    s.submit("Bold is", timed_out=True)
    return s.finish()


def test_report_data(report: dict[str, Any]) -> None:
    q1, q2 = report["questions"]
    assert (q1["status"], q1["time_used_s"], q1["budget_s"]) == ("answered", 75.0, 120.0)
    assert q1["hit"] == ["The normal equations give the weights in closed form."]
    assert q1["missed"] == ["The gradient of the squared loss is set to zero."]
    assert q1["followup"]["point"] == q1["missed"][0] and q1["followup"]["time_used_s"] == 30.0
    assert q1["model_answer"] == MODEL and q1["answer"] == MINE
    assert q2["status"] == "overtime" and q2["overtime"]
    assert report["overtime"] == 1 and report["time_used_s"] == 235.0
    assert report["score"] == pytest.approx((2.5 + 5.0) / 2)
    assert {t["topic"] for t in report["by_topic"]} == {"math", "misc"}
    assert [a["command"] for a in report["study_next"]] == [
        "mldrill study --topic math",
        f"mldrill show {q1['question_id']}",
    ]


def test_markdown_report(report: dict[str, Any]) -> None:
    text = render_markdown(report)
    assert "**Overall score: 3.8/5**" in text
    assert "- [x] The normal equations give the weights in closed form." in text
    assert "- [ ] The gradient of the squared loss is set to zero." in text
    assert "````text\n" + MINE.rstrip() + "\n````" in text  # the person's fences cannot break out
    assert MODEL.strip() in text
    assert "> What is the gradient of the squared loss set to?" in text
    assert "OVERTIME" in text


def test_html_report_escapes_renders_code_and_maths_and_fetches_nothing(report: dict[str, Any]) -> None:
    page = render_html(report)
    assert "<script" not in page.lower()
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in page
    assert "What is &lt;b&gt;bold&lt;/b&gt; &amp; why?" in page
    assert page.count("<math") >= 2  # inline and display maths as MathML
    assert re.search(r"<span style=\"[^\"]*\">def</span>", page)  # Pygments, inline styles
    assert "default-src 'none'" in page
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", page)  # no fetch from anywhere
    assert "What is the gradient of the squared loss set to?" in page


def test_maths_that_cannot_be_converted_is_shown_as_code() -> None:
    html = markdown_to_html(r"Odd: $\notacommand{x}$ and safe: $a<b$")
    assert '<code class="tex">\\notacommand{x}</code>' in html
    assert "<math" in html and "<b" not in html.replace("<br", "")


def test_links_keep_only_web_targets() -> None:
    html = markdown_to_html("[a](javascript:alert(1)) [b](https://example.org)")
    assert "javascript:" not in html.split("[a]")[0] and 'href="https://example.org"' in html


def test_write_report_by_extension(report: dict[str, Any], tmp_path: Path) -> None:
    assert write_report(report, tmp_path / "r.md").read_text().startswith("# Mock interview")
    assert write_report(report, tmp_path / "r.HTML").read_text().startswith("<!DOCTYPE html>")
    with pytest.raises(UsageError, match=r"\.html or \.md"):
        write_report(report, tmp_path / "r.pdf")
    with pytest.raises(UsageError, match="does not exist"):
        write_report(report, tmp_path / "nowhere" / "r.md")


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)


def _console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


@pytest.mark.skipif(
    CHROMIUM is None, reason="needs Chromium (Debian package `chromium`): apt-get install -y chromium"
)
def test_html_report_in_headless_chromium(report: dict[str, Any], tmp_path: Path) -> None:
    page = write_report(report, tmp_path / "report.html")
    # the console check catches errors: a page that throws is reported
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><p>x</p><script>throw new Error('kaput')</script>")
    assert any(
        "kaput" in m
        for m in _console_messages(_chromium(["--dump-dom", bad.as_uri()], tmp_path / "p0").stderr)
    )

    shot = tmp_path / "report.png"
    run = _chromium(["--window-size=1200,2400", f"--screenshot={shot}", page.as_uri()], tmp_path / "p1")
    assert shot.exists(), run.stderr[-2000:]
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") == 1200
    assert len(png) > 50_000  # a rendered page, not a blank one
    assert not _console_messages(run.stderr)

    dom = _chromium(["--dump-dom", page.as_uri()], tmp_path / "p2")
    assert not _console_messages(dom.stderr), _console_messages(dom.stderr)
    assert dom.stdout.count("<math") >= 2 and "<mfrac>" in dom.stdout
    assert (
        "normal equations" in dom.stdout and "np.linalg.solve" not in dom.stdout
    )  # split into highlighted spans
    assert re.search(r"<span style=\"[^\"]*\">import</span>", dom.stdout)


# Hostile content: imported markdown and typed answers that try to become markup, script or template code.

HOSTILE_PROMPT = """Explain <script>alert(1)</script> and <img src=x onerror=alert(1)>: see [x](javascript:alert(1)).

Total: {{ 7*7 }} and {% if true %}yes{% endif %}, maths $\\text{<img src=y onerror=alert(2)>} x$ and
$\\href{javascript:alert(3)}{y}$:

$$
\\text{<script>alert(4)</script>} z
$$
"""
HOSTILE_MODEL = "<iframe src=javascript:alert(5)></iframe> The model: {{ 7*7 }}.\n"
HOSTILE_ANSWER = "My answer</textarea><script>alert(6)</script> makes {{ 7*7 }} apples"
HOSTILE_POINT = "The <b onmouseover=alert(7)>point</b> {{ 7*7 }} is stated."


class _Markup(HTMLParser):
    """Every element and attribute of a page, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _markup(page: str) -> _Markup:
    parsed = _Markup()
    parsed.feed(page)
    return parsed


PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "section", "h1", "h2", "h3", "p", "ul", "li"}
PAGE_TAGS |= {
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "span",
    "strong",
    "code",
    "pre",
    "blockquote",
}
PAGE_TAGS |= {"a", "em", "br"} | MATHML_TAGS


def _assert_inert(page: str) -> _Markup:
    """No script, no handler, no javascript: URL, no element outside what the report itself writes."""
    parsed = _markup(page)
    assert "<script" not in page.lower()
    assert parsed.tags <= PAGE_TAGS, parsed.tags - PAGE_TAGS
    assert [a for a in parsed.attributes if a[1].startswith("on")] == []
    assert [a for a in parsed.attributes if "javascript:" in a[2].lower()] == []
    assert {name for _, name, _ in parsed.attributes} <= {
        *("lang", "charset", "http-equiv", "content", "name", "class", "id", "style", "href", "xmlns"),
        *("display", "stretchy", "accent", "mathvariant", "fence", "form", "linethickness"),
    }
    return parsed


@pytest.fixture
def hostile_report(store: Store) -> dict[str, Any]:
    records = [
        QuestionRecord(
            HOSTILE_PROMPT,
            HOSTILE_MODEL,
            "hard",
            "misc/<i>evil</i>",
            time_minutes=3,
            rubric=[HOSTILE_POINT, "Apples are counted."],
        )
    ]
    store.save_source(source("/x/hostile.md", records), START)
    [qid] = [q.id for q in store.list_questions()]
    with store.write() as conn:
        iid = db.insert_interview(
            conn,
            "local",
            company="<b>Acme</b> {{ 7*7 }}",
            level="mid",
            minutes=10,
            topics=[],
            seed=3,
            plan={},
            questions=[(qid, 180.0)],
            now=START,
        )
    clock = FakeClock()
    s = InterviewSession(ctx_at(store, clock, rng=random.Random(0), grader=word_grader), iid)
    s.begin()
    clock.advance(20)
    out = s.submit(HOSTILE_ANSWER)
    assert out.followup  # the missed (hostile) point is asked about
    s.begin()
    clock.advance(10)
    s.submit(HOSTILE_ANSWER)
    return s.finish()


def test_hostile_markdown_and_answers_stay_text(hostile_report: dict[str, Any]) -> None:
    page = render_html(hostile_report)
    parsed = _assert_inert(page)
    text = "".join(parsed.text)
    # raw HTML in the imported markdown and in the answers is shown, as text
    assert "Explain <script>alert(1)</script> and <img src=x onerror=alert(1)>" in text
    assert "My answer</textarea><script>alert(6)</script> makes {{ 7*7 }} apples" in text
    assert "&lt;/textarea&gt;&lt;script&gt;" in page
    assert "[x](javascript:alert(1))" in text  # the link is refused, its source stays as text
    # values are never template code: {{ 7*7 }} is printed as written, wherever it comes from
    assert "Total: {{ 7*7 }} and {% if true %}yes{% endif %}" in text
    assert "<b>Acme</b> {{ 7*7 }}" in text and "&lt;b&gt;Acme&lt;/b&gt;" in page
    assert "The model: {{ 7*7 }}." in text and "The point: " + HOSTILE_POINT in text
    assert "49" not in text
    # maths that latex2mathml would let through as markup is cut down to harmless MathML
    assert page.count("<math") == 3 and "alert(2)" not in page and "alert(3)" not in page
    assert "alert(4)" not in page
    assert "<iframe src=javascript:alert(5)></iframe> The model" in text and "<iframe" not in page
    assert "misc/&lt;i&gt;evil&lt;/i&gt;" in page


def test_sanitise_keeps_what_the_renderer_makes_and_nothing_else() -> None:
    clean = sanitise(
        '<p onclick="x()">a <a href="javascript:alert(1)">j</a> <a href="#q1">in</a> <a href="/up">rel</a>'
        ' <a href="https://example.org" target="_blank">web</a> <img src=x onerror=alert(1)>'
        '<span class="k" style="color: red; position: fixed">s</span><iframe src="https://e.org"></iframe>'
        "<script>alert(1)</script><style>p{}</style></p>"
        '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><mrow href="javascript:alert(1)"'
        ' style="color:red"><mfrac><mi mathvariant="bold">x</mi><mn>2</mn></mfrac></mrow></math>'
    )
    assert clean == (
        '<p>a <a>j</a> <a href="#q1">in</a> <a>rel</a> <a href="https://example.org">web</a> '
        '<span class="k" style="color:red">s</span></p>'
        '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><mrow><mfrac>'
        '<mi mathvariant="bold">x</mi><mn>2</mn></mfrac></mrow></math>'
    )


def test_every_deck_formula_survives_sanitising() -> None:
    """What latex2mathml makes of the deck's own maths is all allowed: sanitising drops no element of it."""
    from mldrill.interview import html as render

    deck = Path(render.__file__).resolve().parents[1] / "deck"
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(deck.glob("*.md")))
    raw = str(render._parser(False).render(text))
    assert raw.count("<math") > 50
    assert _tag_count(sanitise(raw)) == _tag_count(raw)


def _tag_count(page: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for tag in re.findall(r"<([a-z][a-z0-9]*)", page):
        counts[tag] = counts.get(tag, 0) + 1
    return counts


@pytest.mark.skipif(
    CHROMIUM is None, reason="needs Chromium (Debian package `chromium`): apt-get install -y chromium"
)
def test_hostile_report_in_headless_chromium(hostile_report: dict[str, Any], tmp_path: Path) -> None:
    page = write_report(hostile_report, tmp_path / "hostile.html")
    dom = _chromium(["--dump-dom", page.as_uri()], tmp_path / "p")
    assert "<body>" in dom.stdout and "{{ 7*7 }}" in dom.stdout
    assert not _console_messages(dom.stderr), _console_messages(dom.stderr)  # a blocked script would log
    _assert_inert(dom.stdout)
