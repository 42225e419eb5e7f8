"""The interview report in the terminal (Rich), and the question that lets the person change a recorded rating."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mldrill.cli.render import terminal_markdown
from mldrill.interview.report import minutes_seconds

if TYPE_CHECKING:
    from mldrill.store import Store

RATING_STYLE = {1: "red", 2: "yellow", 3: "green", 4: "cyan"}


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}/5"


def _answer(text: str | None, empty: str, typed: bool = False) -> Any:
    if not text or not text.strip():
        return Text(empty, style="dim italic")
    return terminal_markdown(hard_breaks(text) if typed else text)


def hard_breaks(text: str) -> str:
    """Keep the line breaks of a typed answer in markdown (outside code fences)."""
    lines, fenced = [], False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        lines.append(line if fenced or not line.strip() else line + "  ")
    return "\n".join(lines)


def render_question(console: Console, q: dict[str, Any]) -> None:
    status = {"unreached": "not reached"}.get(q["status"], q["status"])
    time = f"{minutes_seconds(q['time_used_s'])} of {minutes_seconds(q['budget_s'])}"
    title = (
        f"Q{q['position']} · {_score(q['score'] if q['status'] != 'skipped' else 0.0)} · {time} · {status}"
    )
    if q["overtime"] and status == "overtime":
        title = title.replace(" · overtime", " · [bold red]OVERTIME[/]")
    points = Text()
    for p in q["hit"]:
        points.append(f"✔ {p}\n", style="green")
    for p in q["missed"]:
        points.append(f"✘ {p}\n", style="red")
    pair = Table(show_header=True, header_style="bold", expand=True, box=None, padding=(0, 1))
    pair.add_column("Your answer", ratio=1)
    pair.add_column("Model answer", ratio=1)
    pair.add_row(
        _answer(q["answer"], "(nothing written)", typed=True),
        _answer(q["model_answer"], "(the source has no answer)"),
    )
    parts: list[Any] = [terminal_markdown(q["prompt"])]
    meta = [q["difficulty"] or "unrated", q["topic"] or "no topic", f"#{q['question_id']}"]
    if q["verdict"]:
        meta.insert(0, q["verdict"])
    if q["rating_name"]:
        meta.append(f"recorded as {q['rating_name']}")
    parts += [Text(" · ".join(meta), style="dim"), points, pair]
    f = q["followup"]
    if f:
        parts.append(Text(f"\nFollow-up: {f['prompt']}", style="bold yellow"))
        parts.append(
            Text(
                f"{_score(f['score'])} · {f['status']} · {minutes_seconds(f['time_used_s'])} used",
                style="dim",
            )
        )
        parts.append(_answer(f["answer"], "(nothing written)", typed=True))
        parts.append(Text(f"The point: {f['point']}", style="dim"))
    console.print(Panel(Group(*parts), title=title, title_align="left"))


def render_report(console: Console, report: dict[str, Any]) -> None:
    for q in report["questions"]:
        render_question(console, q)
    head = f"Interview #{report['id']} · {report['company'] or 'any company'} · {report['level']}"
    summary = Text.assemble(
        (f"Overall score {_score(report['score'])}", "bold"),
        f"   {report['answered']} answered · {report['skipped']} skipped · {report['unreached']} not reached · "
        f"{report['overtime']} overtime · {minutes_seconds(report['time_used_s'])} used of {report['minutes']:g} min",
    )
    topics = Table(header_style="bold", title="By topic")
    for column in ("Topic", "Questions", "Score", "Missed points"):
        topics.add_column(column, justify="left" if column == "Topic" else "right")
    for t in report["by_topic"]:
        topics.add_row(t["topic"], str(t["questions"]), f"{t['score']:.1f}/5", str(t["missed"]))
    advice = Text()
    for a in report["study_next"] or [{"text": "Nothing stands out: well done.", "command": ""}]:
        advice.append(f"• {a['text']}")
        if a["command"]:
            advice.append(f"  → {a['command']}", style="cyan")
        advice.append("\n")
    console.print(
        Panel(
            Group(summary, topics, Text("\nWhat to study next", style="bold"), advice),
            title=escape(head),
            title_align="left",
        )
    )


def ask_ratings(console: Console, store: Store, interview_id: int, report: dict[str, Any]) -> dict[str, Any]:
    """Show the ratings recorded and let the person change them ('2=good'); Enter keeps them."""
    from mldrill.cli.interview import parse_rating
    from mldrill.errors import MldrillError
    from mldrill.interview.service import change_rating

    while True:
        rated = [q for q in report["questions"] if q["rating"]]
        if not rated:
            return report
        line = Text("Recorded as reviews: ")
        for q in rated:
            line.append(f"Q{q['position']} {q['rating_name']}  ", style=RATING_STYLE.get(q["rating"], ""))
        console.print(line)
        try:
            answer = input("Change one (e.g. 2=good), or Enter to keep them: ").strip()
        except EOFError:
            return report
        if not answer:
            return report
        try:
            position, rating = parse_rating(answer)
            report = change_rating(store, interview_id, position, rating, datetime.now(UTC), random.Random())
        except MldrillError as exc:
            console.print(f"[red]{escape(str(exc))}[/]")
