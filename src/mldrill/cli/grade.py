"""`mldrill grade ID`: grade a typed answer against a question's rubric, offline.

Parses, calls `mldrill.grade.grade_answer`, renders. Registered lazily by the root group, so importing the
grader (and loading its model) never slows down `mldrill --help`.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from mldrill.cli.common import escape, get_context, info, print_json, stdout
from mldrill.cli.options import JSON_OPTION

if TYPE_CHECKING:
    from rich.console import Console

    from mldrill.grade import Grade

VERDICT_STYLE = {"pass": "bold green", "partial": "bold yellow", "fail": "bold red", "unsure": "bold magenta"}
STATUS_CELL = {
    "covered": "[green]✓ covered[/]",
    "contradicted": "[red]✗ contradicted[/]",
    "missed": "[red]✗ missed[/]",
}


class Mark(enum.StrEnum):
    correct = "correct"
    incorrect = "incorrect"


def grade_command(
    ctx: typer.Context,
    question_id: int = typer.Argument(..., help="Id of the question (see `mldrill list`)."),
    answer_file: Path | None = typer.Option(
        None, "--answer-file", help="Read the answer from this file instead of standard input."
    ),
    json_out: bool = JSON_OPTION,
    lexical: bool = typer.Option(False, "--lexical", help="Use lexical features only (no embedding model)."),
    mark: Mark | None = typer.Option(
        None,
        "--mark",
        case_sensitive=False,
        help="After grading, keep the answer as marked correct or incorrect: later answers to this question "
        "are compared with it (see `mldrill marked`).",
    ),
    no_marked: bool = typer.Option(
        False,
        "--no-marked",
        help="Grade against the reference alone, ignoring the question's marked answers.",
    ),
) -> None:
    """Grade a typed answer against a question's rubric: score 0-5, verdict with its confidence, and one line per
    point saying why it counts as covered, contradicted or missed. When the grader is unsure it says so and shows
    the model answer to compare with.

    The answer is read from standard input (end with Ctrl-D) or from --answer-file. Grading runs offline on a
    local model; an empty answer scores 0. Answers you marked correct or incorrect for the question before
    (`--mark`, `mldrill marked`) are compared with it too.
    """
    from mldrill.app.grading import grade_question, reference_record
    from mldrill.app.marks import mark_answer
    from mldrill.cli.answers import read_answer, warn_if_cut

    context = get_context(ctx)
    context.store.get_question(question_id)  # an unknown id fails before the answer is read
    answer = read_answer(answer_file)
    question, grade = grade_question(context, question_id, answer, lexical=lexical, use_marked=not no_marked)
    record = reference_record(question)
    mark_id = None
    label = mark.value if mark is not None else ""
    if mark is not None:
        warn_if_cut(answer)
        mark_id = mark_answer(context, question_id, answer, mark is Mark.correct)
    if json_out:
        print_json({"question_id": question_id, **grade.to_dict(), "marked_id": mark_id})
        return
    render_grade(stdout(), grade, model_answer=record.answer)
    if mark_id is not None:
        info(
            f"Kept as marked answer {mark_id} ({label}); later answers to question {question_id} are compared with it."
        )


def render_grade(console: Console, grade: Grade, model_answer: str | None = None) -> None:
    """The score line (verdict and its confidence), the per-point table with one line on why each point counts
    as covered, contradicted or missed, what was missed, and the grader's notes. An unsure grade says so and,
    given `model_answer`, shows it to compare with."""
    from rich.table import Table

    from mldrill.verdicts import UNSURE_MESSAGE, is_unsure, point_explanation, point_status, verdict_text

    unsure = is_unsure(grade)
    style = VERDICT_STYLE.get(grade.verdict, "bold")
    rating = (
        f"rate it yourself (the grader leans to {grade.rating_name})"
        if unsure
        else f"suggested rating: [bold]{grade.rating_name}[/] ({grade.suggested_rating})"
    )
    console.print(
        f"Score [bold]{grade.score:.1f}/5[/] — [{style}]{escape(verdict_text(grade))}[/]   {rating}   "
        f"mode: {grade.mode}",
        highlight=False,
    )
    if unsure:
        console.print(f"[bold yellow]{escape(UNSURE_MESSAGE)}[/]", highlight=False)
    table = Table(show_lines=False, expand=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("point", overflow="fold", ratio=3)
    table.add_column("status", no_wrap=True)
    table.add_column("sim", justify="right")
    table.add_column("why", overflow="fold", ratio=3)
    for i, p in enumerate(grade.points, 1):
        kind = " [dim](signal)[/]" if p.kind == "signal" else ""
        status = STATUS_CELL[point_status(p)]
        table.add_row(
            str(i), escape(p.text) + kind, status, f"{p.similarity:.2f}", escape(point_explanation(p))
        )
    console.print(table)
    if grade.missed:
        console.print("[bold]Missed:[/]")
        for text in grade.missed:
            console.print(f"  • {escape(text)}", highlight=False)
    if grade.examples is not None:
        m = grade.examples
        kind = "[green]correct[/]" if m.nearest_correct else "[red]incorrect[/]"
        console.print(
            f"Closest marked answer ({kind}, similarity {m.similarity:.2f}): [italic]{escape(_clip(m.nearest))}[/]\n"
            f"P(correct) {m.probability_before:.2f} from the reference alone, {m.probability:.2f} with the "
            f"marked answers.",
            highlight=False,
        )
    for note in grade.notes:
        console.print(f"[dim]note: {escape(note)}[/]", highlight=False)
    if unsure and model_answer and model_answer.strip():
        from mldrill.cli.render import terminal_markdown

        console.print("[bold]Model answer[/] (compare with yours):")
        console.print(terminal_markdown(model_answer))


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
