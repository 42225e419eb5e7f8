"""`mldrill marked`: answers you judged correct or incorrect, which the grader compares new answers with.

Parsing and printing only; the use-cases live in `mldrill.app.marks`.
"""

from __future__ import annotations

from pathlib import Path

import typer

from mldrill.cli.common import escape, get_context, info, print_json, stdout
from mldrill.cli.options import JSON_OPTION as JSON

marked_app = typer.Typer(
    help="Answers you marked correct or incorrect for a question; grading compares new answers with them.",
    no_args_is_help=True,
)


@marked_app.command("list")
def list_command(
    ctx: typer.Context,
    question_id: int = typer.Argument(..., metavar="QUESTION_ID", help="The question's id."),
    as_json: bool = JSON,
) -> None:
    """List a question's marked answers, oldest first."""
    from mldrill.app.marks import marked_answers

    found = marked_answers(get_context(ctx), question_id)
    if as_json:
        print_json([{**m.__dict__, "created_at": m.created_at.isoformat()} for m in found])
        return
    if not found:
        info(
            f"Question {question_id} has no marked answers. "
            f"`mldrill grade {question_id} --mark correct` grades an answer and keeps it."
        )
        return
    from rich.table import Table

    table = Table(header_style="bold")
    table.add_column("ID", justify="right")
    table.add_column("Marked")
    table.add_column("Answer", overflow="fold")
    table.add_column("From")
    table.add_column("Date")
    for m in found:
        label = "[green]correct[/]" if m.correct else "[red]incorrect[/]"
        table.add_row(str(m.id), label, escape(m.text), m.source, f"{m.created_at:%Y-%m-%d}")
    stdout().print(table)


@marked_app.command("add")
def add_command(
    ctx: typer.Context,
    question_id: int = typer.Argument(..., metavar="QUESTION_ID", help="The question's id."),
    correct: bool = typer.Option(
        ..., "--correct/--incorrect", help="Whether the answer is right (required)."
    ),
    answer_file: Path | None = typer.Option(
        None, "--answer-file", help="Read the answer from this file instead of standard input."
    ),
    shared: bool = typer.Option(
        False,
        "--shared",
        help="Let it count for every user of this store (by default it counts for you only).",
    ),
    as_json: bool = JSON,
) -> None:
    """Keep an answer as marked correct or incorrect, without grading it."""
    from mldrill.app.marks import mark_answer
    from mldrill.cli.answers import read_answer, warn_if_cut
    from mldrill.errors import UsageError

    text = read_answer(answer_file)
    if not text.strip():
        raise UsageError("the answer is empty; nothing to mark")
    warn_if_cut(text)
    mark_id = mark_answer(get_context(ctx), question_id, text, correct, source="import", shared=shared)
    if as_json:
        print_json({"id": mark_id, "question_id": question_id, "correct": correct, "shared": shared})
        return
    info(
        f"Kept as marked answer {mark_id} ({'correct' if correct else 'incorrect'}) for question {question_id}."
    )


@marked_app.command("remove")
def remove_command(
    ctx: typer.Context,
    mark_id: int = typer.Argument(..., metavar="MARK_ID", help="The marked answer's id (see `marked list`)."),
) -> None:
    """Forget a marked answer."""
    from mldrill.app.marks import unmark

    gone = unmark(get_context(ctx), mark_id)
    info(f"Removed marked answer {gone.id} of question {gone.question_id}.")
