"""End to end in a real terminal: `mldrill study` runs in a pseudo-terminal, keys are typed into it one by one,
the screen is read back, and the store is checked afterwards."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from mldrill.store import Store
from tests.study.helpers import fill

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>78]|\r")


def _own_terminal() -> None:
    """In the child: a new session whose controlling terminal is the pty (so Ctrl-C sends SIGINT)."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """A program on a 40x100 pseudo-terminal."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
        self.proc = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, preexec_fn=_own_terminal, close_fds=True
        )
        os.close(slave)
        self.screen = ""  # everything shown so far, escape codes removed
        self.mark = 0

    def _pump(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:  # the program exited and the terminal closed
            return False
        self.screen += ANSI.sub("", data.decode(errors="replace"))
        return bool(data)

    def expect(self, text: str, timeout: float = 30.0) -> None:
        """Wait until `text` appears after what earlier expects consumed."""
        deadline = time.monotonic() + timeout
        while text not in self.screen[self.mark :]:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; screen ends with:\n{self.screen[-2000:]}")
            if not self._pump(0.1) and self.proc.poll() is not None and not self._pump(0.1):
                raise AssertionError(f"exited before {text!r}; screen ends with:\n{self.screen[-2000:]}")
        self.mark = self.screen.index(text, self.mark) + len(text)

    def send(self, keys: str) -> None:
        for key in keys:
            os.write(self.master, key.encode())
            time.sleep(0.05)

    def wait(self, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._pump(0.1)
        while self._pump(0.05):
            pass
        return self.proc.wait(timeout=1)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[str, callable]]:  # type: ignore[valid-type]
    path = str(tmp_path / "term.db")
    with Store.open(path) as store:
        fill(store)
    opened: list[Terminal] = []

    def start(*extra: str, env: dict[str, str] | None = None) -> Terminal:
        environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40", **(env or {})}
        environment.pop("MLDRILL_DB", None)
        term = Terminal(
            [sys.executable, "-m", "mldrill", "--db", path, "study", "--seed", "1", *extra], environment
        )
        opened.append(term)
        return term

    yield path, start
    for term in opened:
        term.close()


def _rows(path: str, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with Store.open(path) as store, store.read() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def test_reveal_rate_undo_quit(terminal) -> None:  # type: ignore[no-untyped-def]
    path, start = terminal
    term = start()
    term.expect("bank/ml.md question 0?")
    term.expect("space reveal")
    term.send(" ")
    term.expect("Answer 0 of bank/ml.md.")
    term.expect("1 Again 1m")
    term.expect("3 Good 10m")
    term.send("3")
    term.expect("bank/ml.md question 1?")
    term.send(" ")
    term.expect("Answer 1 of bank/ml.md.")
    term.send("1")
    term.expect("bank/ml.md question 2?")
    term.send("u")
    term.expect("Undone.")
    term.send("q")
    assert term.wait() == 0
    assert "Saved. 1 rated" in term.screen
    assert _rows(path, "SELECT question_id, rating, state_before, state_after FROM review_log") == [
        (1, 3, 0, 1)
    ]
    assert _rows(path, "SELECT question_id, state FROM cards WHERE question_id IN (1, 2) ORDER BY 1") == [
        (1, 1),
        (2, 0),
    ]


def test_rating_needs_the_answer_shown_first_and_skip_and_bury_work(terminal) -> None:  # type: ignore[no-untyped-def]
    path, start = terminal
    term = start()
    term.expect("bank/ml.md question 0?")
    term.send("3")
    term.expect("Press space to see the answer first.")
    term.send("s")
    term.expect("bank/ml.md question 1?")
    term.send("b")
    term.expect("bank/ml.md question 2?")
    term.send("q")
    assert term.wait() == 0
    assert _rows(path, "SELECT count(*) FROM review_log") == [(0,)]
    assert _rows(path, "SELECT question_id FROM cards WHERE buried_until IS NOT NULL") == [(2,)]


def test_edit_in_editor_saves_an_own_answer(terminal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, start = terminal
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\nfrom pathlib import Path\np = Path(sys.argv[1])\np.write_text(p.read_text() + '\\nMy addition.')\n"
    )
    term = start(env={"EDITOR": f"{sys.executable} {editor}", "VISUAL": ""})
    term.expect("bank/ml.md question 0?")
    term.send("e")
    term.expect("Your answer")
    term.expect("Saved as your own answer")
    term.send("3q")
    assert term.wait() == 0
    assert _rows(path, "SELECT answer FROM questions WHERE id = 1") == [("Answer 0 of bank/ml.md.",)]
    assert _rows(path, "SELECT user_id, text FROM own_answers WHERE question_id = 1") == [
        ("local", "Answer 0 of bank/ml.md.\nMy addition.")
    ]
    assert _rows(path, "SELECT rating FROM review_log") == [(3,)]


def test_typed_mode_keeps_the_attempt(terminal) -> None:  # type: ignore[no-untyped-def]
    path, start = terminal
    term = start("--type")
    term.expect("Type your answer")
    term.send("bias is error from wrong assumptions\r\r")
    term.expect("Your attempt", timeout=60)
    term.expect("1-4 rate")
    term.send("2")
    term.expect("bank/ml.md question 1?")
    term.expect("Type your answer")
    term.send("\r")  # an empty answer is not handed in: it asks again
    term.expect("Nothing typed")
    term.send(":s\r")  # the answer without an attempt
    term.expect("1-4 rate")
    term.send("q")
    assert term.wait() == 0
    assert _rows(path, "SELECT question_id, text, mode FROM attempts ORDER BY id") == [
        (1, "bias is error from wrong assumptions", "study"),
    ]
    assert _rows(path, "SELECT question_id, rating FROM review_log") == [(1, 2)]
    # the grader's verdict was shown and kept, its rating suggested (a broken grader fails this test)
    assert "Grader:" in term.screen
    ((grade, suggested),) = _rows(path, "SELECT grade, suggested_rating FROM attempts WHERE question_id = 1")
    assert json.loads(grade)["verdict"] in ("fail", "partial", "pass", "unsure")
    assert suggested in (1, 2, 3, 4)


def test_ctrl_c_quits_with_everything_saved(terminal) -> None:  # type: ignore[no-untyped-def]
    path, start = terminal
    term = start()
    term.expect("bank/ml.md question 0?")
    term.send(" ")
    term.expect("4 Easy 8d")
    term.send("4")
    term.expect("bank/ml.md question 1?")
    term.send("\x03")
    assert term.wait() == 0
    assert _rows(path, "SELECT question_id, rating FROM review_log") == [(1, 4)]
