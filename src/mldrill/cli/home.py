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
    topic: str | None = typer.Option(None, help="Only notes on this topic and the topics below it."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List study notes and interview guidance imported from sources (reference material, not graded)."""
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
