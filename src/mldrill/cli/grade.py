"""`mldrill grade ID`: grade a typed answer against a question's rubric, offline.

Parses, calls `mldrill.grade.grade_answer`, renders. Registered lazily by the root group, so importing the
grader (and loading its model) never slows down `mldrill --help`.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from mldrill.cli.common import escape, get_store, info, print_json, stdout
from mldrill.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from mldrill.grade import Grade

VERDICT_STYLE = {"pass": "bold green", "partial": "bold yellow", "fail": "bold red"}


def grade_command(
    ctx: typer.Context,
    question_id: int = typer.Argument(..., help="Id of the question (see `mldrill list`)."),
    answer_file: Path | None = typer.Option(
        None, "--answer-file", help="Read the answer from this file instead of standard input."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the grade as JSON."),
    lexical: bool = typer.Option(False, "--lexical", help="Use lexical features only (no embedding model)."),
) -> None:
    """Grade a typed answer against a question's rubric: score 0-5, verdict, and every point hit or missed.

    The answer is read from standard input (end with Ctrl-D) or from --answer-file. Grading runs offline on a
    local model; an empty answer scores 0.
    """
    from mldrill.grade import grade_answer

    question = get_store(ctx).get_question(question_id)
    answer = _read_answer(answer_file)
    record = question.record
    if question.own_answer and question.own_answer.strip():
        record = dataclasses.replace(record, answer=question.own_answer)
    grade = grade_answer(record, answer, lexical_only=lexical)
    if json_out:
        print_json({"question_id": question_id, **grade.to_dict()})
        return
    render_grade(stdout(), grade)


def _read_answer(answer_file: Path | None) -> str:
    if answer_file is not None:
        try:
            return answer_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot read --answer-file {answer_file}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise UsageError(f"--answer-file {answer_file} is not UTF-8 text") from exc
    if sys.stdin is None:
        return ""
    if sys.stdin.isatty():
        info("Type your answer, then press Ctrl-D on an empty line:")
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    if b"\x00" in data[:8192]:
        raise UsageError("standard input is binary data, not a typed answer")
    return data.decode("utf-8", errors="replace")


def render_grade(console: Console, grade: Grade) -> None:
    """The score line, the per-point table, what was missed, and the grader's notes."""
    from rich.table import Table

    style = VERDICT_STYLE.get(grade.verdict, "bold")
    console.print(
        f"Score [bold]{grade.score:.1f}/5[/] — [{style}]{grade.verdict}[/]   "
        f"suggested rating: [bold]{grade.rating_name}[/] ({grade.suggested_rating})   "
        f"mode: {grade.mode}",
        highlight=False,
    )
    table = Table(show_lines=False, expand=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("point", overflow="fold", ratio=3)
    table.add_column("hit", justify="center")
    table.add_column("sim", justify="right")
    table.add_column("matched in your answer", overflow="fold", ratio=3)
    for i, p in enumerate(grade.points, 1):
        hit = "[red]✗ contradicted[/]" if p.contradicted else ("[green]✓[/]" if p.covered else "[red]✗[/]")
        kind = " [dim](signal)[/]" if p.kind == "signal" else ""
        matched = escape(p.matched) if p.matched and (p.covered or p.contradicted) else "[dim]—[/]"
        table.add_row(str(i), escape(p.text) + kind, hit, f"{p.similarity:.2f}", matched)
    console.print(table)
    if grade.missed:
        console.print("[bold]Missed:[/]")
        for text in grade.missed:
            console.print(f"  • {escape(text)}", highlight=False)
    for note in grade.notes:
        console.print(f"[dim]note: {escape(note)}[/]", highlight=False)
