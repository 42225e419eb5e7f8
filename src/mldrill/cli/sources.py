"""Commands about sources: import, sources, sources remove."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from mldrill.cli.common import get_context, get_store, info, print_json, stderr, stdout
from mldrill.cli.options import JSON_OPTION

if TYPE_CHECKING:
    from mldrill.app.context import Context
    from mldrill.app.library import ImportReport


def import_command(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(
        ..., metavar="PATH...", help="Files or folders (read recursively); - reads standard input."
    ),
    name: str = typer.Option("<stdin>", "--name", help="The source name to store standard input under."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Import question banks (markdown or text, many shapes) into the store.

    Re-importing an edited file updates its questions in place; questions gone from it are retired.
    Exits with code 1 when any file failed (the others are still imported).
    """
    context = get_context(ctx)
    store = context.store
    from mldrill.app.library import ImportInterrupted

    try:
        report = _run_import(context, paths, name)
    except ImportInterrupted as exc:
        info(f"[yellow]{exc}[/]")
        raise typer.Exit(130) from None
    if as_json:
        print_json(report.to_dict())
    else:
        from mldrill.cli.render import render_import_summary

        render_import_summary(stdout(), stderr(), report)
        stats = store.stats()
        info(f"The store now holds {stats['questions']} questions from {stats['sources']} sources.")
    if not report.ok:
        raise typer.Exit(1)


def _run_import(context: Context, paths: list[str], stdin_name: str) -> ImportReport:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from mldrill.app import library

    console = stderr()
    columns = (
        TextColumn("Importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("", total=None)

        def on_progress(done: int, total: int, path: str) -> None:
            progress.update(task, completed=done, total=total, description=path)

        return library.import_paths(
            context,
            paths,
            read_stdin=sys.stdin.buffer.read,
            stdin_name=stdin_name,
            on_progress=on_progress,
        )


sources_app = typer.Typer(
    help="List the imported sources; `sources remove PATH` retires one.", invoke_without_command=True
)


@sources_app.callback()
def sources_command(
    ctx: typer.Context,
    as_json: bool = JSON_OPTION,
) -> None:
    """List the imported sources: path, format, questions, when imported."""
    if ctx.invoked_subcommand is not None:
        return
    found = get_store(ctx).sources()
    if as_json:
        print_json([s.to_dict() for s in found])
        return
    if not found:
        info("No sources yet. Import some with `mldrill import PATH`, or run `mldrill init`.")
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(header_style="bold")
    for column in ("Path", "Format", "Questions", "Answered", "Retired", "Imported"):
        table.add_column(column, overflow="fold" if column == "Path" else "ellipsis")
    for s in found:
        path = escape(s.path) + (" [red](removed)[/]" if s.removed_at else "")
        imported = s.imported_at.strftime("%Y-%m-%d %H:%M")
        table.add_row(path, s.format, str(s.questions), str(s.answered), str(s.retired), imported)
    stdout().print(table)


@sources_app.command("remove")
def remove_command(
    ctx: typer.Context,
    path: str = typer.Argument(
        ..., help="The source's path as listed by `mldrill sources` (or its file name)."
    ),
) -> None:
    """Remove a source: its questions are retired (history kept), nothing is deleted."""
    from mldrill.app import library

    source, retired = library.remove_source(get_context(ctx), path)
    info(f"Removed {source.path}: {retired} questions retired (their history is kept).")
