"""`mldrill stats`, `mldrill optimize` and the home screen (`mldrill` with no arguments)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import typer

from mldrill.cli.common import get_context, info, print_json, state, stdout
from mldrill.cli.options import JSON_OPTION

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mldrill.app.stats import Mastery, StudyStats

HEAT = ("grey23", "dark_green", "green4", "green3", "bright_green")
SPARK = " ▁▂▃▄▅▆▇█"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def heatmap(per_day: dict[date, int], today: date, weeks: int = 26) -> RenderableType:
    """A GitHub-style grid: one column per week, one row per weekday, darker for fewer reviews."""
    from rich.text import Text

    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    top = max((n for d, n in per_day.items() if d >= start), default=0)
    text = Text()
    for weekday, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        text.append(f"{name:>4} ", style="dim")
        for week in range(weeks):
            day = start + timedelta(days=7 * week + weekday)
            if day > today:
                text.append("  ")
                continue
            n = per_day.get(day, 0)
            level = 0 if n == 0 or top == 0 else min(1 + (4 * n - 1) // top, 4)
            text.append("■ ", style=HEAT[level])
        text.append("\n")
    text.append(f"     fewer {' '.join('■' for _ in HEAT)} more   (max {top} a day)", style="dim")
    return text


def sparkline(values: list[int]) -> str:
    top = max(values, default=0)
    if top == 0:
        return SPARK[0] * len(values)
    return "".join(SPARK[min(8, (8 * v + top - 1) // top)] for v in values)


def _mastery_table(title: str, rows: list[Mastery], label: str) -> RenderableType:
    from rich.table import Table

    table = Table(title=title, title_justify="left", header_style="bold")
    for column in (label, "Questions", "Studied", "Mature", "Mean recall", "Score"):
        table.add_column(column, justify="left" if column == label else "right")
    for m in rows:
        table.add_row(
            m.name,
            str(m.questions),
            str(m.studied),
            str(m.mature),
            _percent(m.mean_retrievability),
            f"[bold]{_percent(m.score)}[/]",
        )
    return table


def render_stats(stats: StudyStats, depth: int, top_companies: int) -> None:
    from rich.table import Table

    out = stdout()
    summary = Table.grid(padding=(0, 2))
    summary.add_row("Due now", str(stats.due_now), "Reviews today", str(stats.reviews_today))
    summary.add_row("Due today", str(stats.due_today), "New today", str(stats.new_today))
    summary.add_row("New available", str(stats.new_available), "Minutes today", f"{stats.minutes_today:g}")
    summary.add_row(
        "Streak",
        f"{stats.streak} days (longest {stats.longest_streak})",
        "Reviews in all",
        str(stats.total_reviews),
    )
    summary.add_row(
        "True retention",
        f"{_percent(stats.retention_30_days.rate)} last 30 days ({stats.retention_30_days.total} reviews)",
        "all time",
        f"{_percent(stats.retention.rate)} ({stats.retention.total})",
    )
    out.print(summary)
    out.print()
    counts = [n for _, n in stats.forecast]
    out.print(
        f"[bold]Forecast[/] (next 30 days, {sum(counts)} due):  {sparkline(counts)}  max {max(counts, default=0)}"
    )
    out.print()
    per_day = {date.fromisoformat(d): n for d, n in stats.reviews_per_day}
    out.print("[bold]Reviews per day[/]")
    out.print(heatmap(per_day, stats.day_start.date()))
    out.print()
    topics = [m for m in stats.topics if m.name.count("/") < depth]
    if topics:
        out.print(_mastery_table("Mastery per topic", topics, "Topic"))
    companies = sorted(stats.companies, key=lambda m: (-m.questions, m.name))[:top_companies]
    if companies:
        out.print(_mastery_table("Readiness per company (coverage × mean recall)", companies, "Company"))


def stats_command(
    ctx: typer.Context,
    depth: int = typer.Option(1, min=1, help="Topic levels shown in the mastery table."),
    companies: int = typer.Option(15, min=0, help="At most this many companies in the readiness table."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Due today, a 30-day forecast, reviews per day, true retention, mastery per topic, readiness per company."""
    from mldrill.app import study
    from mldrill.app.stats import study_stats

    context = get_context(ctx)
    stats = study_stats(context, study.load_settings(context))
    if as_json:
        print_json(stats.to_dict())
        return
    render_stats(stats, depth, companies)


def optimize_command(
    ctx: typer.Context,
    apply: bool = typer.Option(False, "--apply", help="Use the fitted parameters from now on."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Fit personal FSRS parameters to your review log (needs the optional extra: pip install mldrill[optimizer])."""
    from mldrill.app.optimize import fit_parameters

    result = fit_parameters(get_context(ctx), apply=apply)
    if as_json:
        print_json(result.to_dict())
        return
    stdout().print(" ".join(f"{p:.4f}" for p in result.parameters))
    if apply:
        info(f"Fitted to {result.usable_reviews} reviews and applied to future reviews.")
    else:
        info(f"Fitted to {result.usable_reviews} reviews; run again with --apply to use them.")


def home_screen(ctx: typer.Context) -> None:
    """`mldrill` with no command: due now, new available, streak, and what to do next."""
    from pathlib import Path

    from rich.table import Table

    from mldrill.app import study

    out = stdout()
    out.print("[bold]mldrill[/] — an offline-first trainer for machine-learning interviews")
    db = state(ctx).db
    if "://" not in db and not Path(db).exists():
        out.print(
            f"No store yet at {db}.\nNext: [bold]mldrill init[/] to create it and load the built-in deck."
        )
        return
    from mldrill.app.stats import home_summary

    context = get_context(ctx)
    summary = home_summary(context, study.load_settings(context))
    grid = Table.grid(padding=(0, 2))
    grid.add_row(
        "[bold]Due now[/]", str(summary.due_now), "[dim]later today[/]", str(summary.due_later_today)
    )
    grid.add_row(
        "[bold]New available[/]",
        str(summary.new_available),
        "[dim]reviews today[/]",
        str(summary.reviews_today),
    )
    grid.add_row(
        "[bold]Streak[/]",
        f"{summary.streak} day{'s' if summary.streak != 1 else ''}",
        "[dim]questions[/]",
        str(summary.questions),
    )
    out.print(grid)
    out.print(f"[bold green]Next:[/] {summary.suggestion}", highlight=False)
    info("See `mldrill --help` for every command.")
