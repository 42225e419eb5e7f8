"""Rich renderings too long to sit in the command functions: one question, an import summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from mldrill.app.library import ImportReport

MAX_WARNINGS_PER_FILE = 20


def terminal_markdown(text: str, code_theme: str = "monokai") -> Markdown:
    """Markdown for the terminal, with TeX maths ($…$, $$…$$, \\(…\\), \\[…\\]) shown as Unicode text."""
    from mldrill.cli.math_text import math_to_text

    return Markdown(math_to_text(text), code_theme=code_theme)


def render_question(console: Console, q: dict[str, Any]) -> None:
    meta = [
        q["difficulty"] or "difficulty unknown",
        q["topic"] or "no topic",
        f"{q['time_minutes']:g} min" if q["time_minutes"] else None,
        "tags: " + ", ".join(q["tags"]) if q["tags"] else None,
        "asked by: " + ", ".join(q["companies"]) if q["companies"] else None,
        "RETIRED from its source" if q["retired"] else None,
    ]
    title = f"#{q['id']}" + (f"  ({q['key']})" if q["key"] else "")
    console.print(
        Panel(
            Group(terminal_markdown(q["prompt"]), Text(" · ".join(m for m in meta if m), style="dim")),
            title=title,
            title_align="left",
        )
    )
    if q["own_answer"]:
        _section(console, "Your answer", terminal_markdown(q["own_answer"]))
    if q["answer"]:
        origin = "" if q["origin"] == "source" else f" ({q['origin']})"
        _section(console, f"Answer{origin}", terminal_markdown(q["answer"]))
    elif not q["own_answer"]:
        _section(console, "Answer", Text("No answer in the source yet.", style="dim"))
    if q["rubric"]:
        _section(console, "Rubric", terminal_markdown("\n".join(f"- {point}" for point in q["rubric"])))
    if q["insight"]:
        _section(console, "Interviewer's insight", terminal_markdown(q["insight"]))
    if q["resources"]:
        links = "\n".join(f"- [{r['title']}]({r['url']}) {r['url']}" for r in q["resources"])
        _section(console, "Resources", Markdown(links))
    where = q["source_path"] or "(no source)"
    if q["inner_file"]:
        where += f" → {q['inner_file']}"
    where += f", line {q['line']}"
    if q.get("duplicates"):
        where += f"\nduplicates: {', '.join('#' + str(i) for i in q['duplicates'])}"
        where += f" (canonical #{q['canonical_id']})"
    console.print(Text(f"Source: {where}", style="dim"))


def _section(console: Console, title: str, body: Any) -> None:
    console.print(Text(title, style="bold cyan"))
    console.print(body)
    console.print()


def short_path(path: str, width: int = 48) -> str:
    """A path as short as it can be shown: relative to the working folder when inside it, else its tail."""
    try:
        path = str(Path(path).resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        pass
    return path if len(path) <= width else "…" + path[-(width - 1) :]


def render_import_summary(out: Console, err: Console, report: ImportReport) -> None:
    table = Table(header_style="bold")
    table.add_column("File", min_width=24, ratio=1, overflow="fold")
    table.add_column("Format", no_wrap=True)
    for column in ("Qs", "Answered", "Added", "Updated", "Retired", "Warn."):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for f in report.files:
        status = "[red]error[/]" if f.error else f.status
        table.add_row(
            escape(short_path(f.path)),
            f.format or "-",
            str(f.questions),
            str(f.answered),
            str(f.added),
            str(f.updated),
            str(f.retired),
            str(len(f.warnings)),
            status,
        )
    if report.files:
        out.print(table)
    for f in report.files:
        for warning in f.warnings[:MAX_WARNINGS_PER_FILE]:
            err.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)
        if len(f.warnings) > MAX_WARNINGS_PER_FILE:
            more = len(f.warnings) - MAX_WARNINGS_PER_FILE
            err.print(
                f"[yellow]warning:[/] {escape(f.path)}: {more} more warnings (see --json)", highlight=False
            )
    for f in report.failed:
        err.print(f"[bold red]error:[/] {escape(f.error or '')}", highlight=False, soft_wrap=True)
    for problem in report.problems:
        err.print(f"[bold red]error:[/] {escape(problem)}", highlight=False, soft_wrap=True)
