"""Commands that read questions: list, show, search, dupes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from mldrill.cli.common import escape, fail, get_context, info, print_json, stdout
from mldrill.cli.options import JSON_OPTION
from mldrill.cli.text import one_line as _one_line
from mldrill.cli.text import where_of

if TYPE_CHECKING:
    from rich.text import Text


DIFFICULTY_STYLE = {"easy": "green", "medium": "yellow", "hard": "red"}
LIST_LIMIT = 50


def list_command(
    ctx: typer.Context,
    topic: str | None = typer.Option(
        None, help="Only this topic and the topics below it, e.g. deep-learning."
    ),
    company: str | None = typer.Option(None, help="Only questions a source says this company asks."),
    difficulty: str | None = typer.Option(None, help="easy, medium or hard."),
    source: str | None = typer.Option(None, help="Only questions from this source (path or file name)."),
    tag: str | None = typer.Option(None, help="Only questions with this tag."),
    unanswered: bool = typer.Option(False, "--unanswered", help="Only questions without any answer."),
    include_retired: bool = typer.Option(
        False, "--include-retired", help="Also list questions retired from their source."
    ),
    limit: int | None = typer.Option(
        None, min=0, help=f"At most this many (default {LIST_LIMIT} in the table, all with --json; 0 = all)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """List stored questions, with filters."""
    from mldrill.app import library
    from mldrill.models import DIFFICULTIES, QuestionFilter

    if difficulty and difficulty.lower() not in DIFFICULTIES:
        fail(f"--difficulty must be one of {', '.join(DIFFICULTIES)}, not {difficulty!r}")
    filters = QuestionFilter(
        topic=topic,
        company=company,
        difficulty=difficulty,
        source=source,
        tag=tag,
        unanswered=unanswered,
        include_retired=include_retired,
    )
    default = None if as_json else LIST_LIMIT
    cap = default if limit is None else limit or None  # --limit 0 = all
    found, total = library.list_questions(get_context(ctx), filters, cap)
    if as_json:
        print_json([q.to_dict() for q in found])
    if not found:
        info(library.nothing_listed(get_context(ctx), filters))
        return
    if as_json:
        return
    from rich.table import Table

    console = stdout()
    wide = console.width >= 100  # the topic column only where there is room for it
    table = Table(header_style="bold")
    table.add_column("ID", no_wrap=True)
    table.add_column("Diff.", no_wrap=True)
    if wide:
        table.add_column("Topic", max_width=24, no_wrap=True, overflow="ellipsis")
    table.add_column("Question", ratio=1, overflow="fold")
    table.add_column("Ans.", no_wrap=True)
    table.add_column("Source", max_width=24 if wide else 16, no_wrap=True, overflow="ellipsis")
    for q in found:
        diff = q.record.difficulty or "-"
        cells = [
            str(q.id) + (" (retired)" if q.retired else ""),
            f"[{DIFFICULTY_STYLE.get(diff, 'dim')}]{diff}[/]",
            *([q.record.topic or "-"] if wide else []),
            escape(_one_line(q.record.prompt)),
            "own" if q.own_answer else "yes" if q.record.answered else "-",
            escape(where_of(q)),
        ]
        table.add_row(*cells)
    console.print(table)
    if total > len(found):
        info(f"Showing {len(found)} of {total}; use --limit 0 for all, or filters to narrow.")


def show_command(
    ctx: typer.Context,
    question_id: int = typer.Argument(..., metavar="ID", help="The question's id (see `mldrill list`)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show one question: prompt, metadata, answer, rubric, resources and where it came from."""
    from mldrill.app import library

    detail = library.question_detail(get_context(ctx), question_id)
    if as_json:
        print_json(detail)
        return
    from mldrill.cli.render import render_question

    render_question(stdout(), detail)


def search_command(
    ctx: typer.Context,
    query: str = typer.Argument(
        ..., help="Words to look for (any text; quotes and operators are taken literally)."
    ),
    limit: int = typer.Option(20, min=1, help="At most this many results."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Full-text search over prompts, answers, topics and tags, best matches first."""
    from mldrill.app import library

    context = get_context(ctx)
    if as_json:
        print_json([r.to_dict() for r in library.search(context, query, limit)])
        return
    from rich.table import Table

    results = library.search(context, query, limit, marks=("\x02", "\x03"))
    if not results:
        info(f"Nothing matches {query!r}.")
        return
    table = Table(header_style="bold")
    table.add_column("ID")
    table.add_column("Question", overflow="fold")
    table.add_column("Match", overflow="fold")
    for r in results:
        table.add_row(
            str(r.question.id), escape(_one_line(r.question.record.prompt, 70)), _highlight(r.snippet)
        )
    stdout().print(table)


def _highlight(snippet: str) -> Text:
    """A Rich Text of a snippet whose matches are wrapped in \\x02 ... \\x03."""
    from rich.text import Text

    text = Text()
    for i, part in enumerate(" ".join(snippet.split()).replace("\x03", "\x02").split("\x02")):
        text.append(part, style="bold yellow" if i % 2 else "")
    return text


def dupes_command(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Groups of near-duplicate questions, the canonical one of each marked."""
    from mldrill.app import library

    groups, by_id = library.duplicate_groups(get_context(ctx))
    if as_json:
        print_json(
            [
                {
                    "group": g.id,
                    "canonical_id": g.canonical_id,
                    "questions": [
                        {**by_id[i].to_dict(), "canonical": i == g.canonical_id}
                        for i in g.question_ids
                        if i in by_id
                    ],
                }
                for g in groups
            ]
        )
        return
    if not groups:
        info("No duplicate questions.")
        return
    from rich.table import Table

    table = Table(header_style="bold")
    for column in ("Group", "ID", "Question", "Source"):
        table.add_column(column, overflow="fold" if column == "Question" else "ellipsis")
    for g in groups:
        for n, i in enumerate(g.question_ids):
            q = by_id.get(i)
            if q is None:
                continue
            mark = "★ " if i == g.canonical_id else "  "
            table.add_row(
                str(g.id) if n == 0 else "",
                f"{mark}{i}",
                escape(_one_line(q.record.prompt, 70)),
                escape(where_of(q)),
            )
        table.add_section()
    stdout().print(table)
    info(f"{len(groups)} groups; ★ marks the canonical question of each.")
