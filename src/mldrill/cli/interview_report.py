"""The interview report in the terminal (Rich), and the question that lets the person change a recorded rating."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mldrill.cli.render import terminal_markdown
from mldrill.interview.report import minutes_seconds, point_lines
from mldrill.verdicts import STATUS_MARK, UNSURE_MESSAGE

if TYPE_CHECKING:
    from mldrill.app.context import Context

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


def answer_pair(answer: str | None, model: str | None) -> Table:
    """The typed answer and the model answer side by side."""
    pair = Table(show_header=True, header_style="bold", expand=True, box=None, padding=(0, 1))
    pair.add_column("Your answer", ratio=1)
    pair.add_column("Model answer", ratio=1)
    pair.add_row(
        _answer(answer, "(nothing written)", typed=True),
        _answer(model, "(the source has no answer)"),
    )
    return pair


def render_question(console: Console, q: dict[str, Any]) -> None:
    status = {"unreached": "not reached"}.get(q["status"], q["status"])
    time = f"{minutes_seconds(q['time_used_s'])} of {minutes_seconds(q['budget_s'])}"
    title = (
        f"Q{q['position']} · {_score(q['score'] if q['status'] != 'skipped' else 0.0)} · {time} · {status}"
    )
    if q["overtime"] and status == "overtime":
        title = title.replace(" · overtime", " · [bold red]OVERTIME[/]")
    points = Text()
    for text, status, why in point_lines(q):
        points.append(f"{STATUS_MARK[status]} {text}", style="green" if status == "covered" else "red")
        points.append(f" — {why}\n", style="dim")
    pair = answer_pair(q["answer"], q["model_answer"])
    parts: list[Any] = [terminal_markdown(q["prompt"])]
    meta = [q["difficulty"] or "unrated", q["topic"] or "no topic", f"#{q['question_id']}"]
    verdict = q.get("verdict_text") or q["verdict"]
    if verdict:
        meta.insert(0, verdict)
    if q["rating_name"]:
        meta.append(f"recorded as {q['rating_name']}")
    parts.append(Text(" · ".join(meta), style="dim"))
    if q.get("sure") is False:
        parts.append(Text(UNSURE_MESSAGE, style="bold yellow"))
    parts += [points, pair]
    f = q["followup"]
    if f:
        parts.append(Text(f"\nFollow-up: {f['prompt']}", style="bold yellow"))
        verdict = f.get("verdict_text") or f.get("verdict")
        parts.append(
            Text(
                f"{_score(f['score'])}{f' ({verdict})' if verdict else ''} · {f['status']} · "
                f"{minutes_seconds(f['time_used_s'])} used",
                style="dim",
            )
        )
        parts.append(_answer(f["answer"], "(nothing written)", typed=True))
        why = f" — {f['why'][0]}" if f.get("why") else ""
        parts.append(Text(f"The point: {f['point']}{why}", style="dim"))
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


def ask_ratings(
    console: Console, context: Context, interview_id: int, report: dict[str, Any]
) -> dict[str, Any]:
    """Show the ratings recorded and let the person change them ('2=good'); Enter keeps them."""
    from mldrill.app.interviews import change_rating
    from mldrill.cli.interview_args import parse_rating
    from mldrill.errors import MldrillError

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
            report = change_rating(context, interview_id, position, rating)
        except MldrillError as exc:
            console.print(f"[red]{escape(str(exc))}[/]")


_RATING_WORDS = {"1": 1, "2": 2, "3": 3, "4": 4, "again": 1, "hard": 2, "good": 3, "easy": 4}


def ask_unsure_ratings(console: Console, context: Context, interview_id: int) -> dict[int, int]:
    """Before the reviews are recorded: each answer the grader was unsure about, beside its model answer, and the
    person's own rating of it (by 1-based position). Nothing is picked for them; at the end of input the answers
    left unrated keep the grade's suggestion, which for an unsure grade is never Again."""
    from mldrill.app.interviews import unsure_items
    from mldrill.errors import MldrillError
    from mldrill.interview.grading import AnswerGrade

    chosen: dict[int, int] = {}
    for item in unsure_items(context, interview_id):
        position = item.position + 1
        try:
            question = context.store.get_question(item.question_id, context.user)
            prompt, model = question.record.prompt, question.own_answer or question.record.answer
        except MldrillError:
            prompt, model = f"(question {item.question_id} is no longer stored)", None
        grade = AnswerGrade.from_dict(item.grade or {})
        body = Group(
            terminal_markdown(prompt),
            Text(f"Score {_score(grade.score)} · {grade.verdict_text}", style="dim"),
            Text(UNSURE_MESSAGE, style="bold yellow"),
            answer_pair(item.draft, model),
        )
        console.print(Panel(body, title=f"Q{position} · rate it yourself", title_align="left"))
        rating = _read_rating(console, f"Your rating for Q{position} (1 Again, 2 Hard, 3 Good, 4 Easy): ")
        if rating is None:  # end of input: the rest keep the grade's suggestion
            break
        chosen[position] = rating
    return chosen


def _read_rating(console: Console, prompt: str) -> int | None:
    while True:
        try:
            answer = input(prompt).strip().lower()
        except EOFError:
            return None
        if answer in _RATING_WORDS:
            return _RATING_WORDS[answer]
        console.print(
            "[yellow]Type 1, 2, 3 or 4 (or again, hard, good, easy): no rating is picked for you.[/]"
        )
