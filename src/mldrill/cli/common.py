"""What every command shares: the store of this invocation, consoles, JSON output, error handling.

Importing this module stays cheap (no SQLAlchemy, no Rich rendering); heavy modules load inside functions.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from mldrill.errors import MldrillError

if TYPE_CHECKING:
    from rich.console import Console

    from mldrill.app.context import Context
    from mldrill.app.library import ImportReport
    from mldrill.store import Store


@dataclass
class AppState:
    """Per-invocation state kept in the root context's `obj`."""

    db: str
    db_is_default: bool
    store: Store | None = None
    context: Context | None = None


def stdout() -> Console:
    from rich.console import Console

    return Console(soft_wrap=False)


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def info(message: str) -> None:
    """A message for the person (stderr), never data."""
    stderr().print(message, highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def fail(message: str) -> NoReturn:
    """Print one red line on stderr and exit with code 1."""
    error_line(message)
    raise typer.Exit(1)


def error_line(message: str) -> None:
    """The one red `error: …` line every failure prints on stderr."""
    stderr().print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)


def escape(text: str) -> str:
    """Text shown as is inside Rich markup (a prompt may contain [brackets])."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        from mldrill.config import resolve_db

        root.obj = AppState(db=resolve_db(None), db_is_default=True)
    return root.obj


def get_store(ctx: typer.Context) -> Store:
    """The store at the resolved --db path, opened (and, for SQLite, migrated) once per invocation."""
    st = state(ctx)
    if st.store is None:
        from mldrill.store import Store

        if st.db_is_default:
            Path(st.db).parent.mkdir(parents=True, exist_ok=True)
        st.store = Store.open(st.db)
        ctx.find_root().call_on_close(st.store.close)
    return st.store


def get_context(ctx: typer.Context) -> Context:
    """The use-case context of this invocation: the store, the local user, the one clock ($MLDRILL_NOW), an rng."""
    st = state(ctx)
    if st.context is None:
        from mldrill.app.context import LOCAL_USER, Context
        from mldrill.clock import system_clock

        st.context = Context(get_store(ctx), LOCAL_USER, system_clock())
    return st.context


def get_study_context(ctx: typer.Context) -> Context:
    """The context for `init`, study and interviews, the commands that check the built-in deck: a store with
    no sources at all gets it, and a store that has it gets the newer one when one ships."""
    context = get_context(ctx)
    from mldrill.app import library

    if not context.store.sources():
        report = library.ensure_builtin_deck(context)
        if report is not None:
            info(f"Empty store: imported the built-in deck ({deck_changes(report)}).")
    else:
        report = library.ensure_builtin_deck(context, only_if_installed=True)
        if report is not None:
            info(f"Built-in deck updated: {deck_changes(report)}.")
    return context


def deck_changes(report: ImportReport) -> str:
    added = sum(f.added for f in report.files)
    updated = sum(f.updated for f in report.files)
    retired = sum(f.retired for f in report.files)
    return f"{added} new, {updated} edited, {retired} retired questions"


# Commands loaded on first use, so that `mldrill --help` never imports them: name -> (module, function, help).
LAZY_COMMANDS = {
    "grade": ("mldrill.cli.grade", "grade_command", "Grade a typed answer against a question's rubric."),
}


EXIT_OK, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 130


class MldrillGroup(TyperGroup):
    """The root command group: every error — a usage mistake or a MldrillError — is one red line and exit code 1;
    loads lazy commands on demand."""

    lazy_commands = LAZY_COMMANDS

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The root's own help in plain Click form, so `mldrill --help` never imports Rich; every command's help
        keeps Typer's Rich form (argument help, panels)."""
        mode = self.rich_markup_mode
        self.rich_markup_mode = None  # Typer then formats as Click does
        try:
            super().format_help(ctx, formatter)
        finally:
            self.rich_markup_mode = mode

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        click_errors = _click_module().exceptions

        try:
            result = super().main(*args, **{**kwargs, "standalone_mode": False})
        except (
            click_errors.UsageError
        ) as exc:  # BadParameter, NoSuchOption, MissingParameter, unknown command
            _usage_error(_usage_message(exc), _command_path(exc.ctx))
            raise SystemExit(EXIT_ERROR) from None
        except click_errors.ClickException as exc:
            _usage_error(exc.format_message(), None)
            raise SystemExit(EXIT_ERROR) from None
        except click_errors.Abort:  # Ctrl-C or end of input at a prompt
            raise SystemExit(EXIT_INTERRUPTED) from None
        except (KeyboardInterrupt, EOFError):
            raise SystemExit(EXIT_INTERRUPTED) from None
        raise SystemExit(result if isinstance(result, int) else EXIT_OK)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MldrillError as exc:
            fail(str(exc))

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        lazy = [n for n, spec in self.lazy_commands.items() if n not in names and _module_exists(spec[0])]
        return names + lazy

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        spec = self.lazy_commands.get(cmd_name)
        if command is None and spec and _module_exists(spec[0]):
            # A stand-in for help listings; `resolve_command` loads the real one before it runs.
            return TyperCommand(name=cmd_name, help=spec[2], callback=None)
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] in self.lazy_commands and args[0] not in self.commands:
            self._load(args[0])
        return super().resolve_command(ctx, args)

    def _load(self, name: str) -> None:
        module_name, attr, _ = self.lazy_commands[name]
        if not _module_exists(module_name):
            return
        function = getattr(importlib.import_module(module_name), attr)
        holder = typer.Typer()
        holder.command(name)(function)
        command = typer.main.get_command(holder)
        command.name = name
        self.add_command(command, name)


def _click_module() -> Any:
    """The Click that Typer runs on: its own bundled copy (Typer ≥ 0.20) or the `click` package."""
    import typer.core

    bundled = getattr(typer.core, "_click", None)
    return bundled if bundled is not None else importlib.import_module("click")


def _usage_message(exc: Any) -> str:
    """Click's message on one line, naming the value that was refused where Click's own message does not."""
    message = " ".join(exc.format_message().split())
    errors = getattr(exc.__cause__, "errors", None)
    if callable(errors):  # Typer >= 0.20 checks values with pydantic, whose message leaves the value out
        try:
            value = errors()[0]["input"]
        except (IndexError, KeyError, TypeError):
            return message
        if isinstance(value, (str, int, float)) and repr(str(value)) not in message:
            head, _, reason = message.partition(": ")
            return f"{head}: {str(value)!r}: {reason}" if reason else f"{message} ({value!r})"
    return message


def _command_path(ctx: Any) -> str:
    """`mldrill SUB ...` of the command a usage error is about, however the program was started."""
    names: list[str] = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(["mldrill", *reversed([n for n in names if n])])


def _usage_error(message: str, command: str | None) -> None:
    """A usage mistake: one red line naming it, and where to read how the command is used."""
    error_line(" ".join(message.split()))
    if command:
        stderr().print(f"[dim]try '{escape(command)} --help'[/]", highlight=False, soft_wrap=True)


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False
