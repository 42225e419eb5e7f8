"""Commands about the store as a whole: init, notes, companies."""

from __future__ import annotations

import typer

from mldrill.cli.common import deck_changes, get_context, get_store, info, print_json, stderr, stdout
from mldrill.cli.options import JSON_OPTION


def init_command(ctx: typer.Context) -> None:
    """Create or migrate the store and import the built-in deck (again only when it changed)."""
    from mldrill.app import library

    context = get_context(ctx)
    store = context.store
    report = library.ensure_builtin_deck(context)
    info(f"Store ready: {store.location}")
    if report is None:
        info("The built-in deck is up to date.")
    else:
        from mldrill.cli.render import render_import_summary

        render_import_summary(stderr(), stderr(), report)
        info(f"Built-in deck imported: {deck_changes(report)}.")
    stats = store.stats()
    info(f"{stats['questions']} questions in the store. Next: `mldrill list` or `mldrill search TEXT`.")


def notes_command(
    ctx: typer.Context,
    note_id: int | None = typer.Argument(
        None, metavar="[ID]", help="Show this note in full (see the ID column)."
    ),
    topic: str | None = typer.Option(None, help="Only notes on this topic and the topics below it."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List study notes and interview guidance imported from sources (reference material, not graded);
    `mldrill notes ID` shows one in full."""
    if note_id is not None:
        _show_note(ctx, note_id, as_json)
        return
    found = get_store(ctx).notes(topic)
    if as_json:
        print_json([n.to_dict() for n in found])
        return
    if not found:
        info("No notes stored.")
        return
    from rich.markup import escape
    from rich.table import Table

    from mldrill.cli.text import where

    table = Table(header_style="bold")
    for column in ("ID", "Kind", "Topic", "Title", "Source"):
        table.add_column(column, overflow="fold" if column == "Title" else "ellipsis")
    for n in found:
        table.add_row(
            str(n.id), n.kind, n.topic or "-", escape(n.title), where(n.source_path, n.inner_file, n.line)
        )
    stdout().print(table)


def _show_note(ctx: typer.Context, note_id: int, as_json: bool) -> None:
    from mldrill.app import library

    note = library.note(get_context(ctx), note_id)
    if as_json:
        print_json(note.to_dict())
        return
    from rich.markup import escape
    from rich.panel import Panel

    from mldrill.cli.render import terminal_markdown
    from mldrill.cli.text import where

    meta = " · ".join(
        x for x in (note.kind, note.topic, where(note.source_path, note.inner_file, note.line)) if x
    )
    stdout().print(
        Panel(terminal_markdown(note.body), title=f"#{note.id} {escape(note.title)}", title_align="left")
    )
    info(meta)


def companies_command(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Companies and the topics sources say they ask about."""
    found = get_store(ctx).company_topics()
    if as_json:
        print_json(found)
        return
    if not found:
        info("No company topics stored.")
        return
    from rich.table import Table

    table = Table(header_style="bold")
    table.add_column("Company")
    table.add_column("Topics", overflow="fold")
    for company, topics in found.items():
        table.add_row(company, ", ".join(topics))
    stdout().print(table)
