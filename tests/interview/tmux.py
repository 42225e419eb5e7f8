"""Driving a real terminal: a program in a tmux pane, keys sent with send-keys, the screen read with capture-pane."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable

TMUX = shutil.which("tmux")


class Pane:
    """One tmux server (its own socket, so nothing else is touched) running one command in a 120x40 pane."""

    def __init__(self, command: str, env: dict[str, str], width: int = 120, height: int = 40) -> None:
        assert TMUX is not None
        self.socket = f"mldrill-test-{uuid.uuid4().hex[:10]}"
        self.name = "t"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        self._tmux(
            "-u",
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(width),
            "-y",
            str(height),
            f"exec env {exports} {command}",
        )
        self._tmux("set-option", "-t", self.name, "remain-on-exit", "on")

    def _tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=20, check=False
        )
        return done.stdout

    @property
    def dead(self) -> bool:
        return self._tmux("display-message", "-p", "-t", self.name, "#{pane_dead}").strip() == "1"

    @property
    def pid(self) -> int:
        return int(self._tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def type(self, text: str) -> None:
        """Type text literally (newlines become Enter)."""
        for n, line in enumerate(text.split("\n")):
            if n:
                self.keys("Enter")
            if line:
                self._tmux("send-keys", "-t", self.name, "-l", line)

    def keys(self, *names: str) -> None:
        self._tmux("send-keys", "-t", self.name, *names)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def history(self) -> str:
        return self._tmux("capture-pane", "-p", "-S", "-3000", "-t", self.name)

    def wait_for(self, what: str | Callable[[str], bool], timeout: float = 30.0) -> str:
        """The screen once it shows `what` (text, or a test of the screen); fails with the screen after `timeout`."""
        test = what if callable(what) else (lambda screen: what in screen)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if test(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what!r}; the screen shows:\n{screen}")

    def close(self) -> None:
        self._tmux("kill-server")


def child_env(db: str) -> dict[str, str]:
    """The environment for the program under test: this Python's, a UTF-8 locale, no editor, the test store."""
    env = {"MLDRILL_DB": db, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "COLUMNS": "120", "LINES": "40"}
    for name in ("PATH", "HOME", "PYTHONPATH", "MLDRILL_MODEL_DIR", "VIRTUAL_ENV"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    return env
