"""Commands registered lazily (like `grade`) are listed in --help, loaded only when run, and skipped when their
module is missing."""

from __future__ import annotations

import sys
from typing import ClassVar

import typer
from typer.testing import CliRunner

from mldrill.cli.common import MldrillGroup


class LazyGroup(MldrillGroup):
    lazy_commands: ClassVar[dict[str, tuple[str, str, str]]] = {
        "hello": ("tests.cli.lazy_hello", "hello_command", "Say hello."),
        "ghost": ("tests.cli.no_such_module", "ghost_command", "Never there."),
    }


def _app() -> typer.Typer:
    app = typer.Typer(cls=LazyGroup, add_completion=False)

    @app.callback()
    def root() -> None:
        """A test app."""

    @app.command("other")
    def other() -> None:
        """Another command."""

    return app


def test_lazy_command_is_listed_without_being_imported() -> None:
    sys.modules.pop("tests.cli.lazy_hello", None)
    result = CliRunner().invoke(_app(), ["--help"])
    assert result.exit_code == 0
    assert "hello" in result.stdout and "Say hello." in result.stdout
    assert "ghost" not in result.stdout
    assert "tests.cli.lazy_hello" not in sys.modules


def test_lazy_command_runs_and_its_errors_are_one_line() -> None:
    runner = CliRunner()
    ok = runner.invoke(_app(), ["hello", "you"])
    assert ok.exit_code == 0 and ok.stdout == "hello you\n"
    help_text = runner.invoke(_app(), ["hello", "--help"])
    assert help_text.exit_code == 0 and "Who to greet." in help_text.stdout
    failed = runner.invoke(_app(), ["hello", "nobody"])
    assert failed.exit_code == 1 and failed.stderr == "error: nobody is not here\n"


def test_missing_lazy_module_is_an_unknown_command() -> None:
    result = CliRunner().invoke(_app(), ["ghost"])
    assert result.exit_code == 1 and "ghost" in result.stderr
