"""`mldrill interview` (plan, sit, resume, show) and `mldrill interviews` (past interviews).

Parsing and printing only: planning, sitting and reporting live in `mldrill.interview`. Cheap to import: Rich,
prompt_toolkit and the store load inside the commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from mldrill.cli.common import fail, get_context, get_study_context, info, print_json, stdout
from mldrill.cli.interview_args import parse_mark, parse_rating
from mldrill.cli.options import JSON_OPTION as JSON

if TYPE_CHECKING:
    from rich.console import Console

    from mldrill.app.context import Context
    from mldrill.app.interview_run import InterviewSession, Outcome
    from mldrill.interview.plan import Plan, PlanOptions

interview_app = typer.Typer(
    help="Sit a timed mock interview, shaped by company, level and topics, graded, with a report.",
    invoke_without_command=True,
    no_args_is_help=False,
)
interviews_app = typer.Typer(
    help="List past mock interviews; `show ID` re-opens one.", invoke_without_command=True
)

COMPANY = typer.Option(
    None, "--company", help="Shape the interview for this company (its questions and topics)."
)
MINUTES = typer.Option(
    45.0, "--minutes", min=1, help="Length of the interview, filled with question time budgets."
)
TOPICS = typer.Option(
    None,
    "--topics",
    help="Only these topics (comma-separated, or the option repeated), e.g. deep-learning,llms.",
)
LEVEL = typer.Option(
    "mid", "--level", help="junior, mid or senior: shifts the mix towards easier or harder questions."
)
SEED = typer.Option(
    None, "--seed", help="Random seed: the same seed on the same history gives the same plan."
)
REPORT = typer.Option(None, "--report", metavar="PATH", help="Also write the report to PATH (.html or .md).")
RATE = typer.Option(
    None,
    "--rate",
    metavar="N=RATING",
    help="Change the rating recorded for question N: again, hard, good, easy or 1-4.",
)
MARK = typer.Option(
    None,
    "--mark",
    metavar="N=correct|incorrect",
    help="Keep your answer to question N as marked correct or incorrect; later answers to it are compared with "
    "it (see `mldrill marked`).",
)
LEVELS = ("junior", "mid", "senior")


def _options(
    company: str | None, minutes: float, topics: list[str] | None, level: str, seed: int | None
) -> PlanOptions:
    import random

    from mldrill.interview.plan import PlanOptions

    if level.lower() not in LEVELS:
        fail(f"--level must be one of {', '.join(LEVELS)}, not {level!r}")
    names = tuple(t.strip() for value in topics or [] for t in value.split(",") if t.strip())
    chosen = seed if seed is not None else random.SystemRandom().randrange(1, 2**31)
    return PlanOptions(company=company, minutes=minutes, topics=names, level=level.lower(), seed=chosen)


def _plan(ctx: typer.Context, options: PlanOptions) -> tuple[Context, Plan]:
    from mldrill.app.interviews import make_plan

    context = get_study_context(ctx)
    plan = make_plan(context, options)
    for warning in plan.warnings:
        info(f"[yellow]note:[/] {warning}")
    return context, plan


@interview_app.callback()
def interview_command(
    ctx: typer.Context,
    company: str | None = COMPANY,
    minutes: float = MINUTES,
    topics: list[str] | None = TOPICS,
    level: str = LEVEL,
    seed: int | None = SEED,
    report: str | None = REPORT,
) -> None:
    """Plan a mock interview and sit it now: one question at a time, timed, graded, with a follow-up.

    Keys while answering: Esc then Enter (or Ctrl-D) hands the answer in, Ctrl-N skips, Ctrl-E opens $EDITOR,
    Ctrl-C pauses; `mldrill interview resume` continues where you stopped. Everything typed is saved as you type.
    """
    if ctx.invoked_subcommand is not None:
        return
    _need_terminal()
    from mldrill.app.interviews import create_interview, latest_unfinished

    unfinished = latest_unfinished(get_context(ctx))
    if unfinished is not None:
        info(f"Interview #{unfinished} is unfinished: `mldrill interview resume {unfinished}` continues it.")
    context, plan = _plan(ctx, _options(company, minutes, topics, level, seed))
    interview_id = create_interview(context, plan)
    console = stdout()
    _print_plan(console, plan, explain=False, title=f"Interview #{interview_id}")
    _sit(
        console,
        context,
        interview_id,
        report,
        "Press Enter to start (the clock starts with the first question)… ",
    )


@interview_app.command("plan")
def plan_command(
    ctx: typer.Context,
    company: str | None = COMPANY,
    minutes: float = MINUTES,
    topics: list[str] | None = TOPICS,
    level: str = LEVEL,
    seed: int | None = SEED,
    as_json: bool = JSON,
    explain: bool = typer.Option(False, "--explain", help="Say why each question was chosen."),
) -> None:
    """Show the questions an interview would ask, with their time budgets (nothing is saved)."""
    from mldrill.app.interviews import plan_summary

    _, plan = _plan(ctx, _options(company, minutes, topics, level, seed))
    if as_json:
        print_json(plan_summary(plan))
        return
    _print_plan(stdout(), plan, explain=explain, title="Plan")
    info(
        f"Re-run with --seed {plan.options.seed} for the same plan; `mldrill interview` with the same flags sits it."
    )


@interview_app.command("resume")
def resume_command(
    ctx: typer.Context,
    interview_id: int | None = typer.Argument(
        None, metavar="[ID]", help="The interview (default: the newest unfinished)."
    ),
    report: str | None = REPORT,
) -> None:
    """Continue an interview that was paused, closed or killed, where it stopped (nothing typed is lost)."""
    _need_terminal()
    from mldrill.app.interviews import resume_target

    context = get_context(ctx)
    target = resume_target(context, interview_id)
    _sit(stdout(), context, target, report, f"Interview #{target}: press Enter to go on where you stopped… ")


@interview_app.command("show")
def interview_show_command(
    ctx: typer.Context,
    interview_id: int = typer.Argument(
        ..., metavar="ID", help="The interview's id (see `mldrill interviews`)."
    ),
    report: str | None = REPORT,
    as_json: bool = JSON,
    rate: list[str] | None = RATE,
    mark: list[str] | None = MARK,
) -> None:
    """Show an interview's report (`mldrill interviews show ID` is the same)."""
    _show(ctx, interview_id, report, as_json, rate or [], mark or [])


@interviews_app.callback()
def interviews_command(
    ctx: typer.Context,
    limit: int | None = typer.Option(None, min=1, help="At most this many, newest first."),
    as_json: bool = JSON,
) -> None:
    """List past mock interviews, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    from mldrill.app.interviews import list_interviews

    found = list_interviews(get_context(ctx), limit=limit)
    if as_json:
        print_json([s.to_dict() for s in found])
        return
    if not found:
        info("No interviews yet. Start one with `mldrill interview`.")
        return
    from rich.table import Table

    table = Table(header_style="bold")
    for column in ("ID", "Date", "Company", "Level", "Minutes", "Questions", "Score", "Status"):
        table.add_column(
            column, justify="right" if column in ("ID", "Minutes", "Questions", "Score") else "left"
        )
    for s in found:
        table.add_row(
            str(s.id),
            f"{s.created_at:%Y-%m-%d}",
            s.company or "-",
            s.level,
            f"{s.minutes:g}",
            str(s.questions),
            "-" if s.score is None else f"{s.score:.1f}/5",
            s.status,
        )
    stdout().print(table)
    info("`mldrill interviews show ID` re-opens one; `mldrill interview resume` continues an unfinished one.")


@interviews_app.command("show")
def interviews_show_command(
    ctx: typer.Context,
    interview_id: int = typer.Argument(..., metavar="ID", help="The interview's id."),
    report: str | None = REPORT,
    as_json: bool = JSON,
    rate: list[str] | None = RATE,
    mark: list[str] | None = MARK,
) -> None:
    """Show an interview's report: scores, time, points hit and missed, your answers beside the model answers."""
    _show(ctx, interview_id, report, as_json, rate or [], mark or [])


# Helpers


def _need_terminal() -> None:
    import sys

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail("a mock interview needs a terminal; `mldrill interview plan --json` prints a plan without one")


def _show(
    ctx: typer.Context,
    interview_id: int,
    report_path: str | None,
    as_json: bool,
    rates: list[str],
    marks: list[str] | None = None,
) -> None:
    from mldrill.app.interviews import change_rating, get_report, mark_interview_answers

    context = get_context(ctx)
    changes = [parse_rating(r) for r in rates]
    to_mark = [parse_mark(m) for m in marks or []]
    report = get_report(context, interview_id)
    for position, ok in mark_interview_answers(context, interview_id, to_mark):
        info(f"Your answer to question {position} is kept as marked {'correct' if ok else 'incorrect'}.")
    for position, rating in changes:
        report = change_rating(context, interview_id, position, rating)
        info(f"Question {position} is now recorded as {report['questions'][position - 1]['rating_name']}.")
    if as_json:
        print_json(report)
    else:
        from mldrill.cli.interview_report import render_report

        render_report(stdout(), report)
    _write(report, report_path)


def _write(report: dict[str, Any], path: str | None) -> None:
    if not path:
        return
    from mldrill.interview.report import write_report

    written = write_report(report, path)
    info(f"Report written to {written}")


def _print_plan(console: Console, plan: Plan, *, explain: bool, title: str) -> None:
    from rich.table import Table

    from mldrill.cli.text import one_line as _one_line

    o = plan.options
    shaped = [f"company {o.company}" if o.company else "any company", f"level {o.level}", f"seed {o.seed}"]
    if o.topics:
        shaped.append("topics " + ", ".join(o.topics))
    table = Table(
        title=f"{title}: {plan.total_minutes:g} of {o.minutes:g} minutes · " + " · ".join(shaped),
        header_style="bold",
    )
    for column in ("#", "ID", "Diff.", "Min.", "Topic", "Question"):
        table.add_column(
            column, overflow="fold" if column == "Question" else "ellipsis", no_wrap=column != "Question"
        )
    for n, q in enumerate(plan.questions, 1):
        table.add_row(
            str(n),
            str(q.question_id),
            q.difficulty or "-",
            f"{q.minutes:g}",
            q.topic or "-",
            _one_line(q.prompt, 80),
        )
    console.print(table)
    if explain:
        console.print("[bold]Why these questions[/]")
        for n, q in enumerate(plan.questions, 1):
            why = _esc("; ".join(q.reasons))
            console.print(f"{n:>2}. #{q.question_id}: {why} [dim](drawn with chance {q.chance:.1%})[/]")
        info(
            f"{plan.pool} questions were eligible; {plan.excluded_recent} were left out as asked in recent interviews."
        )


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _sit(console: Console, context: Context, interview_id: int, report_path: str | None, ready: str) -> None:
    from mldrill.app.interview_run import InterviewSession

    context.grader()  # GraderUnavailable (one red line, naming why) before the first question
    session = InterviewSession(context, interview_id)
    try:
        input(ready)
        finished = _answer_all(console, session)
    except (KeyboardInterrupt, EOFError):
        finished = False
    if not finished:
        info(f"Paused. Everything typed is saved: `mldrill interview resume {interview_id}` continues.")
        return
    from mldrill.cli.interview_report import ask_ratings, ask_unsure_ratings, render_report

    try:
        ratings = ask_unsure_ratings(console, context, interview_id)
    except KeyboardInterrupt:
        info(
            f"Paused before the reviews were recorded: `mldrill interview resume {interview_id}` finishes it."
        )
        return
    with console.status("Recording reviews and writing the report…"):
        report = session.finish(ratings)

    render_report(console, report)
    report = ask_ratings(console, context, interview_id, report)
    _write(report, report_path)
    info(f"Saved as interview #{interview_id}: `mldrill interviews show {interview_id}` shows it again.")


def _answer_all(console: Console, session: InterviewSession) -> bool:
    """Ask every step; False if the person paused."""
    from mldrill.cli.interview_screen import ask

    step = session.begin()
    while step is not None:
        result = ask(session, step)
        if result.action == "pause":
            return False
        with console.status("Grading…"):
            if result.action == "skip":
                outcome = session.skip(result.text)
            else:
                outcome = session.submit(result.text, timed_out=result.action in ("timeout", "overall"))
        _say_outcome(console, result.action, outcome)
        if outcome.next is None:
            return True
        input(
            "Press Enter for the follow-up… " if outcome.followup else "Press Enter for the next question… "
        )
        step = session.begin()
    return True


def _say_outcome(console: Console, action: str, outcome: Outcome) -> None:
    if action == "overall":
        console.print("[bold red]The interview's time is up.[/] Your answer so far is kept, marked overtime.")
    elif action == "timeout":
        console.print(
            "[bold red]Time's up for this question.[/] Your answer so far is kept, marked overtime."
        )
    elif action == "skip":
        console.print("[yellow]Skipped.[/]")
    if outcome.grade is not None:
        g = outcome.grade
        console.print(
            f"Score [bold]{g.score:.1f}/5[/] — {_esc(g.verdict_text)}"
            + (" (overtime)" if outcome.status == "overtime" else "")
        )
        if not g.sure:
            console.print(
                "[yellow]The grader is unsure about this answer: at the end you compare it with the model answer "
                "and rate it yourself.[/]"
            )
    elif outcome.status != "skipped":
        console.print(
            f"[yellow]Not graded: the grader failed ({_esc(outcome.grade_error)}). Your answer is kept.[/]"
        )
    if outcome.followup:
        console.print("[bold yellow]The interviewer has a follow-up question.[/]")
