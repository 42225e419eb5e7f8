"""Arbitrary and markdown-shaped text: the importer returns records or raises its own ImportFormatError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mldrill.errors import ImportFormatError
from mldrill.ingest import read_source

PIECES = [
    "# ",
    "## ",
    "### ",
    "#### ",
    "1. ",
    "- ",
    "* ",
    "[E] ",
    "[H] ",
    "Q: ",
    "A: ",
    "**",
    "`",
    "```",
    "```text\n",
    "~~~",
    "> ",
    "| ",
    " | ",
    "|---|",
    "---\n",
    "???",
    '??? success "View Answer"\n',
    '!!! tip "Insight"\n',
    "    ",
    "\t",
    "<details>",
    "</details>",
    "<summary>Answer</summary>",
    "<script>",
    "$$",
    "\\",
    "(Google)",
    " - Google Interview Question",
    "**Difficulty:** 🔴 Hard | **Asked by:** Meta",
    "What is ",
    "Explain ",
    "?",
    ":",
    "\n",
    "\n\n",
    "/a.md: ----------\n1 | ",
    " 2 | ",
    "Ã©",
    "‚Üí",
    "\uf8ffüü°",
    "format: mldrill-deck/1\n",
    "id: x\n",
    "TBC",
    "NOT ANSWERED",
    "[link](http://x)",
    "[toc](#a)",
    "\x00",
    "\r\n",
    "é",
    "🟢",
    "## Question 1\n",
    "## Problem\n",
    "## Solution\n",
    "<a name='x'>\n",
    "<details><summary>What is ",
    "* Levels: 🐣 easy 🌶️ medium 🔥 hard\n",
    "(ii) ",
    "**Answer:** _[TBD]_",
    "11. 1. ",
    "    - *A:* ",
    "[[src](http://x)]",
]

markdownish = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map("".join)


def _check(data: bytes) -> None:
    try:
        parsed = read_source("fuzz.md", data)
    except ImportFormatError:
        return
    for q in parsed.questions:
        assert q.prompt.strip()
        assert q.line >= 1
        assert q.difficulty in (None, "easy", "medium", "hard")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish)
def test_markdown_shaped_text(text: str) -> None:
    _check(text.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    _check(data)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(text.encode("utf-8", errors="surrogatepass"))
