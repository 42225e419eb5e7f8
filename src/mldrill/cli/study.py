"""`mldrill study`: a keyboard-driven study session in the terminal.

Keys: space reveals the answer; 1-4 rate Again / Hard / Good / Easy (each button shows the interval it gives);
u undoes the last rating; s skips; b buries until tomorrow; e edits the answer in $EDITOR; q quits. In typed
mode (--type) the grader's verdict, with its confidence, and one line per rubric point come under the typed
answer; Enter takes the rating it suggests, and c / x keep the typed answer as marked correct / incorrect
(`mldrill marked`). When the grader is unsure it says so, nothing is pre-selected and the person rates with 1-4,
comparing their answer with the model answer shown right under it.

Keys are read one at a time from the terminal (stdin in cbreak mode); when stdin is not a terminal, they are read
from it as plain bytes, so a session can be scripted: `printf ' 3 3q' | mldrill study`.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import typer

from mldrill.cli.common import fail, get_study_context, info
from mldrill.cli.keys import KeyReader

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from mldrill.app.study import StudyCard
    from mldrill.app.study_session import Session

RATING_STYLE = {1: "red", 2: "yellow", 3: "green", 4: "cyan"}
TYPED_QUIT, TYPED_SKIP = ":q", ":s"  # typed alone on the answer's first line
QUIT_KEYS = {"q", "Q", "\x03", "\x04", ""}  # q, Ctrl-C, Ctrl-D, end of input


@dataclass
class Screen:
    """What the current card's screen shows besides the card."""

    revealed: bool = False
    attempt: str | None = None
    grade: Any = None
    suggested: int | None = None  # pre-selected for Enter: the grader's suggestion, never when it is unsure
    unsure: bool = False
    message: str = ""
    shown_at: float = 0.0


def _meta_line(card: StudyCard) -> str:
    from mldrill.models import DEFAULT_MINUTES

    r = card.question.record
    minutes = r.time_minutes or DEFAULT_MINUTES.get(r.difficulty, 5.0)
    parts = [
        f"#{card.question.id}",
        card.kind,
        r.difficulty or "difficulty ?",
        r.topic or "no topic",
        f"time budget {minutes:g} min",
    ]
    if r.companies:
        parts.append("asked by " + ", ".join(r.companies))
    return " · ".join(parts)


def _answer_parts(card: StudyCard) -> list[RenderableType]:
    from rich.text import Text

    from mldrill.cli.render import terminal_markdown

    q, r = card.question, card.question.record
    parts: list[RenderableType] = []
    if q.own_answer:
        parts += [Text("Your answer", style="bold cyan"), terminal_markdown(q.own_answer)]
    if r.answer:
        title = "Answer" + (" (source)" if q.own_answer else "")
        parts += [Text(title, style="bold cyan"), terminal_markdown(r.answer)]
    if not q.own_answer and not r.answer:
        parts.append(Text("No answer yet: press e to write your own.", style="dim"))
    if r.rubric:
        parts += [Text("Rubric", style="bold cyan"), terminal_markdown("\n".join(f"- {p}" for p in r.rubric))]
    return parts


def _buttons(card: StudyCard, suggested: int | None, cram: bool) -> RenderableType:
    from rich.text import Text

    text = Text()
    for b in card.buttons:
        mark = "▶" if b.rating == suggested else " "
        label = "" if cram else f" {b.label}"
        text.append(f"{mark}{b.rating} {b.name}{label}", style=f"bold {RATING_STYLE[b.rating]}")
        text.append("   ")
    return text


def _grade_line(grade: Any) -> RenderableType:
    from rich.text import Text

    from mldrill.schedule import RATING_NAMES
    from mldrill.verdicts import is_unsure, verdict_text

    text = Text(f"Grader: {verdict_text(grade)}", style="bold magenta")
    score = getattr(grade, "score", None)
    if isinstance(score, (int, float)):
        text.append(f" ({score:.1f}/5)")
    rating = getattr(grade, "suggested_rating", None)
    if rating in RATING_NAMES and not is_unsure(grade):
        text.append(f", suggests {rating} {RATING_NAMES[rating]}")
    missed, points = getattr(grade, "missed", None), getattr(grade, "points", None)
    if isinstance(missed, list) and isinstance(points, list) and points:
        text.append(f"; missed {len(missed)} of {len(points)} points")
        if missed:
            from mldrill.verdicts import shorten

            text.append(
                ": " + "; ".join(shorten(str(m), 60) for m in missed[:3]) + ("; …" if len(missed) > 3 else "")
            )
    return text


def _point_lines(grade: Any) -> RenderableType | None:
    """One line per rubric point: covered, contradicted or missed, and why."""
    from rich.text import Text

    from mldrill.verdicts import STATUS_MARK, point_explanation, point_status

    points = getattr(grade, "points", None)
    if not isinstance(points, list) or not points:
        return None
    text = Text()
    for n, p in enumerate(points):
        status = point_status(p)
        label = getattr(p, "text", None) or (p.get("text") if isinstance(p, dict) else str(p))
        text.append("\n" if n else "")
        text.append(f"  {STATUS_MARK[status]} {label}", style="green" if status == "covered" else "red")
        text.append(f" — {point_explanation(p)}", style="dim")
    return text


def render(console: Console, session: Session, screen: Screen, elapsed: float) -> None:
    from rich.panel import Panel
    from rich.text import Text

    from mldrill.cli.render import terminal_markdown

    card = session.current
    assert card is not None
    counts = session.counts()
    console.clear()
    mode = "cram (schedule untouched)" if session.cram else "study"
    head = Text(f"mldrill {mode}  ", style="bold")
    head.append(f"new {counts.new}", style="blue")
    head.append(" · ")
    head.append(f"learning {counts.learning}", style="red")
    head.append(" · ")
    head.append(f"review {counts.review}", style="green")
    head.append(f"   reviewed {session.reviewed}   {int(elapsed) // 60}:{int(elapsed) % 60:02d}", style="dim")
    console.print(head)
    console.print(Panel(terminal_markdown(card.question.record.prompt), title=_meta_line(card)))
    if screen.attempt is not None:
        console.print(Text("Your attempt", style="bold magenta"))
        console.print(terminal_markdown(screen.attempt or "_(empty)_"))
        if screen.grade is not None:
            from mldrill.verdicts import UNSURE_MESSAGE

            console.print(_grade_line(screen.grade))
            lines = _point_lines(screen.grade)
            if lines is not None:
                console.print(lines)
            if screen.unsure:
                console.print(Text(UNSURE_MESSAGE, style="bold yellow"))
    if screen.revealed:
        for part in _answer_parts(card):
            console.print(part)
        console.print()
        console.print(_buttons(card, screen.suggested, session.cram))
        keys = ("1-4 rate it yourself" if screen.unsure else "1-4 rate") + (
            " · Enter takes ▶" if screen.suggested else ""
        )
        if screen.attempt and screen.attempt.strip():
            keys += " · c/x mark your answer correct/incorrect"
    else:
        keys = "space reveal"
    undo = " · u undo" if session.can_undo() else ""
    console.print(Text(f"{keys}{undo} · s skip · b bury · e edit · q quit", style="dim"))
    if screen.message:
        console.print(Text(screen.message, style="yellow"))


def _editor_command() -> list[str] | None:
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return shlex.split(value)
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    return None


def edit_text(keys: KeyReader, initial: str) -> str | None:
    """The text after the person edited it in $EDITOR (None if unchanged or no editor)."""
    command = _editor_command()
    if command is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as handle:
        handle.write(initial)
        path = handle.name
    try:
        with keys.cooked():
            subprocess.run([*command, path], check=False)
        with open(path, encoding="utf-8") as edited:
            text = edited.read()
    finally:
        os.unlink(path)
    return None if text.strip() == initial.strip() else text.strip()


def _typed_attempt(
    console: Console, keys: KeyReader, session: Session, screen: Screen, grader_error: str | None
) -> bool:
    """Read, grade and keep a typed answer; False when the person quits instead."""
    from rich.text import Text

    from mldrill.app.grading import grade_record, reference_record
    from mldrill.errors import MldrillError

    card = session.current
    assert card is not None
    console.print(
        Text(
            "Type your answer; an empty line ends it. Alone on a line: :s shows the answer untyped, :q quits.",
            style="bold magenta",
        )
    )
    while True:
        text = keys.text(commands=(TYPED_QUIT, TYPED_SKIP))
        if text is None or text.strip() == TYPED_QUIT:
            return False  # Ctrl-D with nothing typed, or :q: end the session (every rating is saved)
        if text.strip() == TYPED_SKIP:
            screen.revealed = True  # the answer, no attempt kept: the person rates themselves
            return True
        if text.strip():
            break
        console.print(
            Text("Nothing typed: type your answer, or :s to see the answer, :q to quit.", style="yellow")
        )
    grade = None
    if grader_error is not None:
        screen.message = f"not graded: {grader_error}"
    elif text.strip():
        try:
            grade = grade_record(session.ctx, card.question.id, reference_record(card.question), text)
        except MldrillError as exc:  # e.g. nothing to grade against
            screen.message = f"not graded: {exc}"
        except Exception as exc:  # reported on screen; the attempt is still kept below
            screen.message = f"grader failed ({type(exc).__name__}: {exc}); rate yourself"
    session.attempt(text, grade)
    from mldrill.app.study import preselected_rating
    from mldrill.verdicts import is_unsure

    screen.attempt, screen.grade, screen.suggested = text, grade, preselected_rating(grade)
    screen.unsure = is_unsure(grade)
    screen.revealed = True
    return True


def run_session(console: Console, session: Session, keys: KeyReader, typed: bool) -> int:
    """The key loop; returns the number of cards rated."""
    from mldrill.errors import MldrillError

    grader_error = _load_grader(session) if typed else None
    started = time.monotonic()
    screen = Screen(shown_at=time.monotonic())
    current = session.current
    while session.current is not None:
        if session.current is not current:
            current, screen = session.current, Screen(shown_at=time.monotonic())
        if typed and screen.attempt is None and not screen.revealed:
            render(console, session, screen, time.monotonic() - started)
            if not _typed_attempt(console, keys, session, screen, grader_error):
                break
        render(console, session, screen, time.monotonic() - started)
        key = keys.key()
        screen.message = ""
        try:
            if key in QUIT_KEYS:
                break
            if key == " ":
                screen.revealed = True
            elif key in ("\r", "\n") and screen.revealed and not screen.suggested:
                screen.message = (
                    "The grader is unsure: rate it yourself with 1-4." if screen.unsure else "Rate with 1-4."
                )
            elif key in ("1", "2", "3", "4") or (key in ("\r", "\n") and screen.suggested):
                if not screen.revealed:
                    screen.message = "Press space to see the answer first."
                    continue
                rating = int(key) if key.isdigit() else int(screen.suggested or 3)
                session.rate(rating, int((time.monotonic() - screen.shown_at) * 1000))
            elif key == "u":
                session.undo()
                current, screen = session.current, Screen(shown_at=time.monotonic(), revealed=True)
                screen.message = "Undone."
            elif key == "s":
                session.skip()
            elif key == "b":
                session.bury()
            elif key in ("c", "x") and screen.revealed and screen.attempt and screen.attempt.strip():
                from mldrill.app.marks import mark_answer

                card = session.current
                ok = key == "c"
                mark_answer(session.ctx, card.question.id, screen.attempt, ok, source="study")
                kind = "correct" if ok else "incorrect"
                screen.message = f"Your answer is kept as marked {kind}; later answers to this question are compared with it."
            elif key == "e":
                card = session.current
                edited = edit_text(keys, card.question.own_answer or card.question.record.answer or "")
                if _editor_command() is None:
                    screen.message = "No editor found: set $EDITOR (for example EDITOR=nano)."
                elif edited is not None:
                    session.edit_answer(edited)
                    current = session.current
                    screen.message = "Saved as your own answer (the source answer is kept)."
                else:
                    screen.message = "Answer unchanged."
                screen.revealed = True
        except MldrillError as exc:
            screen.message = str(exc)
    return session.reviewed


def _load_grader(session: Session) -> str | None:
    """Load the grader before the first card; None when it loaded, else why not (shown on each typed card)."""
    from mldrill.errors import MldrillError

    try:
        session.ctx.grader()
    except MldrillError as exc:
        return str(exc)
    return None


def study_command(
    ctx: typer.Context,
    topic: str | None = typer.Option(None, help="Only this topic and the topics below it."),
    company: str | None = typer.Option(None, help="Only questions a source says this company asks."),
    difficulty: str | None = typer.Option(None, help="easy, medium or hard."),
    source: str | None = typer.Option(None, help="Only questions from this source (path or file name)."),
    tag: str | None = typer.Option(None, help="Only questions with this tag."),
    cram: bool = typer.Option(
        False, "--cram", help="Practise the matching questions without touching the schedule."
    ),
    typed: bool = typer.Option(
        False, "--type", help="Type an answer first; it is kept and graded when possible."
    ),
    new_per_day: int | None = typer.Option(None, min=0, help="New cards a day, for this session."),
    reviews_per_day: int | None = typer.Option(None, min=0, help="Review cards a day, for this session."),
    retention: float | None = typer.Option(None, help="Desired retention for this session (default 0.9)."),
    seed: int | None = typer.Option(None, hidden=True, help="Seed of fuzz and cram order (tests)."),
) -> None:
    """Study due cards: flashcards on an FSRS schedule, rated with the keys 1-4."""
    import random

    from mldrill.app import study
    from mldrill.app.study_session import Session
    from mldrill.cli.common import stdout
    from mldrill.models import DIFFICULTIES, QuestionFilter

    if difficulty and difficulty.lower() not in DIFFICULTIES:
        fail(f"--difficulty must be one of {', '.join(DIFFICULTIES)}, not {difficulty!r}")
    context = get_study_context(ctx)
    context.rng = random.Random(seed)
    store = context.store
    overrides: dict[str, Any] = {}
    for name, value in (("new_per_day", new_per_day), ("reviews_per_day", reviews_per_day)):
        if value is not None:
            overrides[name] = value
    if retention is not None:
        overrides["desired_retention"] = retention
    settings = study.load_settings(context, overrides=overrides)
    filters = QuestionFilter(topic=topic, company=company, difficulty=difficulty, source=source, tag=tag)
    session = Session.start(context, settings, filters, cram)
    if session.current is None:
        if store.count_questions(filters) == 0:
            info("No questions match. Run `mldrill init` for the built-in deck, or `mldrill import PATH`.")
        else:
            info("Nothing is due. Come back later, or practise with `mldrill study --cram`.")
        return
    console = stdout()
    with KeyReader.open() as keys:
        try:
            rated = run_session(console, session, keys, typed)
        except KeyboardInterrupt:  # Ctrl-C: every rating is already saved
            rated = session.reviewed
    left = session.counts()
    if session.current is None:
        info(f"Done: {rated} card{'s' if rated != 1 else ''} rated; nothing else is due now.")
    else:
        info(f"Saved. {rated} rated; {left.total} left for today.")
