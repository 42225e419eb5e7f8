"""The command line through Typer's runner: exit codes, stdout data, stderr messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

from mldrill.cli import app
from tests.store.decks import deck

runner = CliRunner(env={"COLUMNS": "200"})


def run(db: Path, *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, ["--db", str(db), *args], input=input, env=env, prog_name="mldrill")


def run_json(db: Path, *args: str) -> Any:
    result = run(db, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "ml.md").write_text(
        deck(
            ("overfit", "What is overfitting?", "Fitting **noise** instead of signal."),
            ("dropout", "Explain dropout.", None),
            topic="deep-learning/regularisation",
        ),
        encoding="utf-8",
    )
    (folder / "stats.md").write_text(
        deck(
            ("pvalue", "What is a p-value?", "The chance of data this extreme under the null."),
            topic="statistics",
        ),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def loaded(db: Path, bank: Path) -> Path:
    result = run(db, "import", str(bank))
    assert result.exit_code == 0, result.output
    return db


def _all_commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    ctx = typer.Context(root)
    paths: list[list[str]] = []
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        paths.append([name])
        command = root.get_command(ctx, name)  # type: ignore[attr-defined]
        if hasattr(command, "list_commands"):
            paths.extend([name, sub] for sub in command.list_commands(ctx))
    return paths


def test_every_command_has_help_text() -> None:
    commands = _all_commands()
    assert {"init", "import", "list", "show", "search", "sources", "dupes", "notes", "companies"} <= {
        c[0] for c in commands
    }
    assert ["sources", "remove"] in commands
    for path in commands:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage" in result.stdout
    root = typer.main.get_command(app)
    for path in commands:
        command = root
        for part in path:
            command = command.get_command(typer.Context(command), part)  # type: ignore[attr-defined]
        assert (command.help or "").strip(), path


def test_home_screen_without_a_store_creates_nothing(db: Path) -> None:
    result = run(db)
    assert result.exit_code == 0
    assert "mldrill init" in result.stdout
    assert not db.exists()


def test_home_screen_with_a_store(loaded: Path) -> None:
    result = run(loaded)
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert "Due now 0 later today 0" in out
    assert "New available 3 reviews today 0" in out and "Streak 0 days questions 3" in out
    assert "Run `mldrill study` to learn 3 new cards." in out


def test_init_creates_the_store_and_loads_the_builtin_deck(db: Path) -> None:
    result = run(db, "init")
    assert result.exit_code == 0, result.output
    assert "Store ready" in result.stderr
    sources = run_json(db, "sources")
    assert sources and all(s["path"].startswith("builtin:") for s in sources)
    assert sum(s["questions"] for s in sources) > 0
    again = run(db, "init")
    assert again.exit_code == 0 and "up to date" in again.stderr


@pytest.mark.importer
def test_import_prints_a_summary_and_is_idempotent(db: Path, bank: Path) -> None:
    first = run(db, "import", str(bank))
    assert first.exit_code == 0, first.output
    assert "ml.md" in first.stdout and "stats.md" in first.stdout and "added" in first.stdout
    report = run_json(db, "import", str(bank))
    assert [(Path(f["path"]).name, f["status"], f["questions"], f["answered"]) for f in report["files"]] == [
        ("ml.md", "unchanged", 2, 1),
        ("stats.md", "unchanged", 1, 1),
    ]
    assert report["ok"] is True


@pytest.mark.importer
def test_import_reports_missing_paths_by_name_and_imports_the_rest(
    db: Path, bank: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "nope.md"
    empty = tmp_path / "empty.md"
    empty.write_text("")
    result = run(db, "import", str(missing), str(empty), str(bank / "ml.md"))
    assert result.exit_code == 1
    assert f"{missing}: no such file or folder" in result.stderr
    assert "empty.md" in result.stderr
    assert "Traceback" not in result.output
    assert len(run_json(db, "list")) == 2


@pytest.mark.importer
def test_import_from_stdin(db: Path) -> None:
    result = run(db, "import", "-", "--name", "clipboard", input=deck(("s", "What is stdin?", "A stream.")))
    assert result.exit_code == 0, result.output
    [question] = run_json(db, "list")
    assert question["source_path"] == "clipboard" and question["key"] == "s"


@pytest.mark.importer
def test_unnamed_stdin_imports_do_not_retire_each_other(db: Path) -> None:
    assert run(db, "import", "-", input=deck(("a", "What is a pipe?", "A byte stream."))).exit_code == 0
    assert run(db, "import", "-", input=deck(("b", "What is a fifo?", "A named pipe."))).exit_code == 0
    prompts = {q["prompt"] for q in run_json(db, "list", "--json")}
    assert {"What is a pipe?", "What is a fifo?"} <= prompts


@pytest.mark.importer
def test_list_json_has_every_field_and_provenance(loaded: Path, bank: Path) -> None:
    questions = run_json(loaded, "list")
    assert len(questions) == 3
    first = questions[0]
    for name in (
        "id",
        "prompt",
        "answer",
        "difficulty",
        "topic",
        "tags",
        "companies",
        "time_minutes",
        "rubric",
    ):
        assert name in first
    for name in (
        "source_path",
        "inner_file",
        "line",
        "prompt_line",
        "key",
        "origin",
        "retired",
        "own_answer",
    ):
        assert name in first
    assert first["source_path"] == str((bank / "ml.md").resolve())
    assert first["line"] > 0 and first["key"] == "overfit" and first["companies"] == ["Acme"]


@pytest.mark.importer
def test_list_filters(loaded: Path) -> None:
    def keys(*args: str) -> list[str]:
        return [x["key"] for x in run_json(loaded, "list", *args)]

    assert keys("--topic", "deep-learning") == ["overfit", "dropout"]
    assert keys("--topic", "deep") == []  # a prefix of the path, not of the word
    assert keys("--unanswered") == ["dropout"]
    assert keys("--source", "stats.md") == ["pvalue"]
    assert keys("--company", "acme", "--tag", "T1", "--difficulty", "easy", "--limit", "1") == ["overfit"]
    table = run(loaded, "list", "--limit", "1")
    assert (
        table.exit_code == 0 and "What is overfitting?" in table.stdout and "Showing 1 of 3" in table.stderr
    )


def test_bad_option_value_is_one_red_line(loaded: Path) -> None:
    result = run(loaded, "list", "--difficulty", "brutal")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("error:") and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("list", "--bogus"), "--bogus"),
        (("show", "abc"), "'ID'"),
        (("interview", "--minutes", "-5"), "--minutes"),
        (("frob",), "frob"),
        (("show",), "ID"),
    ],
)
def test_usage_errors_are_one_red_line_exit_1(loaded: Path, args: tuple[str, ...], named: str) -> None:
    result = run(loaded, *args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("error:") and named in lines[0] and "╭" not in result.stderr
    assert len(lines) == 2 and lines[1].startswith("try 'mldrill") and lines[1].endswith("--help'")


def test_list_on_an_empty_store_says_how_to_get_questions(db: Path) -> None:
    for args in ((), ("--json",), ("--topic", "ml")):
        result = run(db, "list", *args)
        assert result.exit_code == 0
        assert (
            "`mldrill init` loads the built-in deck" in result.stderr
            and "mldrill import PATH" in result.stderr
        )
    assert run(db, "list", "--json").stdout.strip() == "[]"


def test_list_with_no_match_names_the_filter_not_import(loaded: Path) -> None:
    result = run(loaded, "list", "--topic", "nosuch")
    assert result.exit_code == 0 and result.stdout == ""
    assert "No question matches topic 'nosuch'" in result.stderr and "import" not in result.stderr
    assert "Topics:" in result.stderr


@pytest.mark.importer
def test_show(loaded: Path) -> None:
    qid = run_json(loaded, "list")[0]["id"]
    result = run(loaded, "show", str(qid))
    assert result.exit_code == 0
    for text in ("What is overfitting?", "noise", "One point.", "ml.md", "Acme"):
        assert text in result.stdout
    detail = run_json(loaded, "show", str(qid))
    assert detail["id"] == qid and detail["rubric"] == ["One point.", "Another point.", "A third point."]


def test_show_unknown_id_is_one_red_line_without_traceback(loaded: Path) -> None:
    result = run(loaded, "show", "999")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: no question with id 999; see `mldrill list` or `mldrill search`"
    assert result.stdout == ""


@pytest.mark.importer
def test_search(loaded: Path) -> None:
    hits = run_json(loaded, "search", "noise")
    assert [h["key"] for h in hits] == ["overfit"]
    assert "**noise**" in hits[0]["snippet"] and hits[0]["score"] > 0
    table = run(loaded, "search", "overfitting")
    assert table.exit_code == 0 and "What is overfitting?" in table.stdout
    for hostile in ('"noise', "AND(", "NOT OR", "*"):
        assert run(loaded, "search", hostile).exit_code == 0


@pytest.mark.importer
def test_sources_and_remove(loaded: Path, bank: Path) -> None:
    listed = run_json(loaded, "sources")
    assert [(Path(s["path"]).name, s["format"], s["questions"]) for s in listed] == [
        ("ml.md", "deck", 2),
        ("stats.md", "deck", 1),
    ]
    assert run(loaded, "sources").exit_code == 0
    removed = run(loaded, "sources", "remove", "stats.md")
    assert removed.exit_code == 0 and "1 questions retired" in removed.stderr
    assert [x["key"] for x in run_json(loaded, "list")] == ["overfit", "dropout"]
    assert [x["key"] for x in run_json(loaded, "list", "--include-retired")][-1] == "pvalue"
    unknown = run(loaded, "sources", "remove", "nothing.md")
    assert unknown.exit_code == 1 and "nothing.md" in unknown.stderr


@pytest.mark.importer
def test_dupes(db: Path, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(deck(("a", "What is a confusion matrix?", None)))
    (tmp_path / "b.md").write_text(deck(("b", "Q2: What is the confusion matrix", "A table.")))
    assert run(db, "import", str(tmp_path / "a.md"), str(tmp_path / "b.md")).exit_code == 0
    [group] = run_json(db, "dupes")
    assert [(x["key"], x["canonical"]) for x in group["questions"]] == [("a", False), ("b", True)]
    assert "★" in run(db, "dupes").stdout


@pytest.mark.importer
def test_notes_and_companies(db: Path, tmp_path: Path) -> None:
    notes = "---\nformat: mldrill-deck/1\nkind: notes\ntopic: interviews\n---\n\n## Ask about the team\n\nkind: tip\n\nAsk who you would work with.\n"
    (tmp_path / "notes.md").write_text(notes)
    assert run(db, "import", str(tmp_path / "notes.md")).exit_code == 0
    [note] = run_json(db, "notes")
    assert note["title"] == "Ask about the team" and note["kind"] == "tip"
    assert run_json(db, "notes", "--topic", "other") == []
    assert run(db, "notes").exit_code == 0
    shown = run(db, "notes", str(note["id"]))
    assert shown.exit_code == 0 and "Ask about the team" in shown.stdout
    assert "Ask who you would work with." in shown.stdout
    assert run_json(db, "notes", str(note["id"]))["body"].strip() == "Ask who you would work with."
    missing = run(db, "notes", "999")
    assert missing.exit_code == 1 and "no note with id 999" in missing.stderr
    assert run_json(db, "companies") == {}
    assert run(db, "companies").exit_code == 0


@pytest.mark.importer
def test_db_flag_beats_env_and_env_beats_default(tmp_path: Path, bank: Path) -> None:
    flag_db, env_db = tmp_path / "flag.db", tmp_path / "env.db"
    env = {"MLDRILL_DB": str(env_db)}
    assert runner.invoke(app, ["import", str(bank / "stats.md")], env=env).exit_code == 0
    assert env_db.exists() and not flag_db.exists()
    assert runner.invoke(app, ["--db", str(flag_db), "import", str(bank / "ml.md")], env=env).exit_code == 0
    assert len(json.loads(runner.invoke(app, ["list", "--json"], env=env).stdout)) == 1
    assert len(run_json(flag_db, "list")) == 2


def test_unusable_db_path_is_one_red_line(tmp_path: Path) -> None:
    result = run(tmp_path / "no" / "such" / "folder" / "x.db", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("error:") and "does not exist" in result.stderr
    assert "Traceback" not in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("mldrill ")


def test_first_study_on_an_empty_store_loads_the_builtin_deck(db: Path) -> None:
    result = run(db, "study", input="q")
    assert result.exit_code == 0, result.output
    assert "built-in deck" in result.stderr
    assert len(run_json(db, "list", "--json")) >= 250


def test_import_into_an_empty_store_does_not_add_the_deck(db: Path, bank: Path) -> None:
    assert run(db, "import", str(bank)).exit_code == 0
    assert run(db, "study", input="q").exit_code == 0
    assert all(q["source_path"] != "builtin:deck" for q in run_json(db, "list", "--json"))
