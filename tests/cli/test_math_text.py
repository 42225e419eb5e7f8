"""TeX maths in the terminal: readable Unicode text, never raw macros; --json keeps the source as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mldrill.cli import app
from mldrill.cli.math_text import tex_to_text


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"\mathbb{E}\big[(y-\hat f(x))^2\big]", "𝔼[(y-f̂(x))^2]"),
        (r"\sigma(x)=\frac{1}{1+e^{-x}}", "σ(x)=1/(1+e^{-x})"),
        (r"\frac{\partial L}{\partial w}", "(∂ L)/(∂ w)"),
        (r"\lVert w \rVert_2^2 + \lambda", "‖ w ‖_2^2 + λ"),
    ],
)
def test_tex_becomes_unicode_text(tex: str, text: str) -> None:
    assert tex_to_text(tex) == text


def test_malformed_tex_is_shown_as_written() -> None:
    assert tex_to_text(r"\frac{1}{") in (r"\frac{1}{", "1/")  # never an exception
    assert tex_to_text("  ") == ""


def test_show_renders_the_decks_maths_and_json_keeps_the_tex(tmp_path: Path) -> None:
    runner = CliRunner(env={"COLUMNS": "200"})
    db = str(tmp_path / "m.db")
    assert runner.invoke(app, ["--db", db, "init"]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["--db", db, "list", "--json"]).stdout)
    with_math = [q for q in listed if r"\mathbb" in (q["answer"] or "")]
    assert with_math, "the built-in deck has an answer with \\mathbb maths"
    shown = runner.invoke(app, ["--db", db, "show", str(with_math[0]["id"])])
    assert shown.exit_code == 0
    assert "𝔼" in shown.stdout and not re.search(r"\\(mathbb|hat|frac|big)\b", shown.stdout)
    raw = json.loads(runner.invoke(app, ["--db", db, "show", str(with_math[0]["id"]), "--json"]).stdout)
    assert r"\mathbb" in raw["answer"]
