"""The answer screen of `mldrill interview`: the question, two countdowns and a multi-line editor (prompt_toolkit).

Every keystroke batch is saved before the screen shows it (the save runs before each redraw), so whatever the
person can see typed survives a kill. The countdowns tick from the session's clock; when the question's time runs
out the answer so far is handed in, marked overtime.

Keys: Esc then Enter, or Ctrl-D, hands the answer in; Ctrl-N skips; Ctrl-E edits in $EDITOR; Ctrl-C pauses (the
interview resumes with `mldrill interview resume`).
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples

    from mldrill.app.interview_run import InterviewSession, Step

TICK_S = 0.25
CHECKPOINT_S = 5.0  # the time used is saved this often even when nothing is typed
WARN_S = 30.0
HELP = " Esc Enter / Ctrl-D: hand in   Ctrl-N: skip   Ctrl-E: $EDITOR   Ctrl-C: pause (resume later) "


@dataclass(frozen=True)
class ScreenResult:
    action: str  # submit | skip | timeout | overall | pause
    text: str


def clock_text(seconds: float) -> str:
    seconds = max(int(seconds + 0.999), 0)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def _question_ansi(step: Step, width: int) -> str:
    from rich.console import Console

    from mldrill.cli.render import terminal_markdown

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=max(width - 2, 20), color_system="standard")
    if step.part == "followup":
        console.print(terminal_markdown(step.question.record.prompt), style="dim")
        console.print()
        console.print(f"[bold yellow]Follow-up:[/] {_escape(step.prompt)}")
    else:
        console.print(terminal_markdown(step.prompt))
    return buffer.getvalue().rstrip("\n")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def ask(session: InterviewSession, step: Step) -> ScreenResult:
    """Show the step, let the person type until they hand in, skip, pause, or the time runs out."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.formatted_text import ANSI
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Dimension, HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl
    from prompt_toolkit.output.defaults import create_output
    from prompt_toolkit.styles import Style
    from prompt_toolkit.widgets import TextArea

    size = create_output().get_size()
    width = size.columns
    question = ANSI(_question_ansi(step, width))
    editor = TextArea(text=step.draft, multiline=True, wrap_lines=True, scrollbar=True, focus_on_click=True)
    editor.buffer.cursor_position = len(step.draft)
    saved = {"text": step.draft, "at": 0.0}
    state: dict[str, Any] = {"result": None}

    def header() -> StyleAndTextTuples:
        c = session.clocks()
        kind = "Follow-up" if step.part == "followup" else "Question"
        meta = " · ".join(x for x in (step.question.record.difficulty, step.question.record.topic) if x)
        q_style = "class:warn" if c.question_left_s <= WARN_S else "class:clock"
        o_style = "class:warn" if c.overall_left_s <= WARN_S else "class:clock"
        return [
            ("class:title", f" {kind} {step.position + 1} of {step.count} "),
            ("class:meta", f" {meta}  "),
            (q_style, f" ⏱ this question {clock_text(c.question_left_s)} "),
            ("", "  "),
            (o_style, f" interview {clock_text(c.overall_left_s)} "),
        ]

    def footer() -> StyleAndTextTuples:
        words = len(editor.text.split())
        return [("class:help", HELP), ("class:meta", f"  {words} words · saved")]

    def save(_: object = None) -> None:
        text = editor.text
        if text != saved["text"]:
            session.save(text)  # before the redraw that shows it
            saved["text"] = text

    def leave(action: str) -> None:
        if state["result"] is None:
            save()
            state["result"] = ScreenResult(action, editor.text)
            app.exit()

    keys = KeyBindings()

    @keys.add("c-d")
    @keys.add("escape", "enter")
    def _submit(event: Any) -> None:
        leave("submit")

    @keys.add("c-n")
    def _skip(event: Any) -> None:
        leave("skip")

    @keys.add("c-c")
    def _pause(event: Any) -> None:
        leave("pause")

    @keys.add("c-e")
    def _edit(event: Any) -> None:
        editor.buffer.open_in_editor(validate_and_handle=False)

    style = Style.from_dict(
        {
            "title": "bold reverse",
            "meta": "#888888",
            "clock": "bold",
            "warn": "bold fg:ansired reverse",
            "help": "reverse",
            "rule": "#666666",
        }
    )
    layout = Layout(
        HSplit(
            [
                Window(FormattedTextControl(header), height=1),
                Window(
                    FormattedTextControl(question),
                    wrap_lines=True,
                    dont_extend_height=True,
                    height=Dimension(max=max(size.rows - 8, 3)),  # the editor keeps a few lines
                ),
                Window(char="─", height=1, style="class:rule"),
                editor,
                Window(FormattedTextControl(footer), height=1),
            ]
        ),
        focused_element=editor,
    )
    app: Application[None] = Application(
        layout=layout, key_bindings=keys, style=style, full_screen=True, mouse_support=False
    )
    app.before_render += save

    async def ticker() -> None:
        loop = asyncio.get_running_loop()
        last_checkpoint = loop.time()
        while state["result"] is None:
            c = session.clocks()
            if c.overall_over:
                leave("overall")
                return
            if c.question_over:
                leave("timeout")
                return
            if loop.time() - last_checkpoint >= CHECKPOINT_S:
                session.save(editor.text)
                saved["text"] = editor.text
                last_checkpoint = loop.time()
            app.invalidate()
            await asyncio.sleep(TICK_S)

    async def main() -> None:
        task = asyncio.ensure_future(ticker())
        try:
            await app.run_async()
        finally:
            task.cancel()

    asyncio.run(main())
    result = state["result"]
    return result if result is not None else ScreenResult("pause", editor.text)
