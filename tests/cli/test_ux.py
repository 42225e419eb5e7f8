"""What a new user meets in the terminal (issue 11, part 8): usage errors, empty listings, notes, maths, import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from mldrill.cli import app
from tests.store.decks import deck

runner = CliRunner(env={"COLUMNS": "200"})


def run(db: Path, *args: str, input: str | bytes | None = None) -> Result:
    return runner.invoke(app, ["--db", str(db), *args], input=input)


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    db = tmp_path / "ux.db"
    (tmp_path / "ml.md").write_text(
        deck(("overfit", "What is overfitting?", "Fitting noise."), topic="deep-learning/regularisation"),
        encoding="utf-8",
    )
    assert run(db, "import", str(tmp_path / "ml.md")).exit_code == 0
    return db


@pytest.mark.parametrize(
    ("args", "named", "hint"),
    [
        (("list", "--bogus"), "--bogus", "try 'mldrill list --help'"),
        (("show", "abc"), "'abc'", "try 'mldrill show --help'"),
        (("interview", "--minutes", "-5"), "--minutes", "try 'mldrill interview --help'"),
        (("interview", "plan", "--minutes", "0"), "--minutes", "try 'mldrill interview plan --help'"),
        (("frob",), "frob", "try 'mldrill --help'"),
        (("show",), "ID", "try 'mldrill show --help'"),
        (("sources", "remove"), "PATH", "try 'mldrill sources remove --help'"),
        (("grade", "1", "--mark", "maybe"), "maybe", "try 'mldrill grade --help'"),
    ],
)
def test_a_usage_error_is_one_red_line_a_hint_and_exit_1(
    loaded: Path, args: tuple[str, ...], named: str, hint: str
) -> None:
    result = run(loaded, *args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    first, *rest = result.stderr.splitlines()
    assert first.startswith("error: ") and named.lower() in first.lower()  # PATH or path, as Click says it
    assert rest == [hint]


def test_help_and_version_still_exit_0(loaded: Path) -> None:
    assert run(loaded, "--help").exit_code == 0
    assert run(loaded, "list", "--help").exit_code == 0
    assert runner.invoke(app, ["--version"]).exit_code == 0


def test_import_of_stdin_shows_the_name_it_was_given(tmp_path: Path) -> None:
    db = tmp_path / "stdin.db"
    text = deck(("s", "What is stdin?", "A stream."))
    result = run(db, "import", "-", "--name", "pasted.md", input=text)
    assert result.exit_code == 0, result.output
    assert "pasted.md" in result.stdout and "<stdin>" not in result.output
    sources = json.loads(run(db, "sources", "--json").stdout)
    assert [s["path"] for s in sources] == ["pasted.md"]
    empty = run(db, "import", "-", "--name", "empty.md", input="")
    assert empty.exit_code == 1
    assert "error: empty.md: the file is empty" in empty.stderr and "<stdin>" not in empty.output


def _count(db: Path, sql: str) -> int:
    import sqlite3

    try:
        with sqlite3.connect(db) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return -1


def test_ctrl_c_during_import_says_how_far_it_got_and_exits_130(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    db = tmp_path / "int.db"
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(
            deck((name, f"What is {name}?", f"{name.upper()}."), (f"{name}2", f"Why {name}?", "Because.")),
            encoding="utf-8",
        )
    args = [sys.executable, "-m", "mldrill", "--db", str(db), "import", str(tmp_path / "a.md"), "-"]
    args.append(str(tmp_path / "b.md"))
    env = {k: v for k, v in os.environ.items() if k != "MLDRILL_DB"}
    # stdin is a pipe that stays open: the import blocks reading it, after a.md is saved
    proc = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    try:
        deadline = time.monotonic() + 60
        while _count(db, "SELECT count(*) FROM sources") < 1:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()  # type: ignore[union-attr]
            time.sleep(0.1)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert err.decode().strip().splitlines()[-1] == "interrupted after 1 of 3 files; nothing half-written"
    assert b"Traceback" not in err and out == b""
    assert _count(db, "SELECT count(*) FROM sources") == 1  # a.md; neither stdin nor b.md
    assert _count(db, "SELECT count(*) FROM questions") == 2


def test_list_on_an_empty_store_says_how_to_get_questions(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    table = run(db, "list")
    assert table.exit_code == 0 and table.stdout == ""
    assert (
        "`mldrill init` loads the built-in deck" in table.stderr and "`mldrill import PATH`" in table.stderr
    )
    as_json = run(db, "list", "--json")
    assert as_json.exit_code == 0 and json.loads(as_json.stdout) == []
    assert "mldrill init" in as_json.stderr


def test_show_renders_the_decks_maths_as_unicode_and_json_keeps_the_tex(tmp_path: Path) -> None:
    db = tmp_path / "deck.db"
    assert run(db, "init").exit_code == 0
    [question] = [
        q for q in json.loads(run(db, "list", "--json").stdout) if q["key"] == "fa-bias-variance-tradeoff"
    ]
    shown = run(db, "show", str(question["id"]))
    assert shown.exit_code == 0, shown.output
    assert "𝔼[(y-f̂(x))^2]" in shown.stdout and "ε" in shown.stdout and "σ^2" in shown.stdout
    assert "\\mathbb" not in shown.stdout and "\\hat" not in shown.stdout and "$" not in shown.stdout
    raw = json.loads(run(db, "show", str(question["id"]), "--json").stdout)
    assert "\\mathbb{E}\\big[(y-\\hat f(x))^2\\big]" in raw["answer"]


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        (r"Loss $\frac{1}{1+e^{-z}}$ here", "Loss 1/(1+e^{-z}) here"),
        (r"Display $$\sum_i x_i \le \alpha$$ too", "Display ∑_i x_i ≤ α too"),
        (r"Parens \(\beta \in \mathbb{R}\) and brackets \[\|w\|_2\]", "Parens β ∈ ℝ and brackets ‖w‖_2"),
        (r"$\operatorname{Var}(\hat\beta)$", "Var(β̂)"),
        ("It costs $5 and $10 a month", "It costs $5 and $10 a month"),  # money, not maths
        (r"Code `$x$` and `\alpha` stay", r"Code $x$ and \alpha stay"),
    ],
)
def test_maths_spans_become_unicode_text_in_the_terminal(markdown: str, shown: str) -> None:
    from rich.console import Console

    from mldrill.cli.render import terminal_markdown

    console = Console(width=200, record=True, color_system=None)
    console.print(terminal_markdown(markdown))
    assert console.export_text().strip() == shown


def test_a_fenced_code_block_keeps_its_dollars() -> None:
    from mldrill.cli.math_text import math_to_text

    code = "```bash\necho $HOME $PATH\n```\n"
    assert math_to_text(code + "and $x$") == code + "and x"
