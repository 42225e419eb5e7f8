"""`mldrill interview` end to end in a real terminal (tmux): typed answers, a follow-up, a timeout, the report and
the reviews it records; and a SIGKILL in the middle of an answer, then `mldrill interview resume`.

The program runs with the real clock and the real grader; the questions come from a small deck written here, one
of them with an eight-second budget so that its time runs out. Nothing asserts on how long anything took.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from mldrill.app import library
from mldrill.store import Store
from mldrill.store import interviews as db
from tests.context import ctx_at
from tests.interview.tmux import TMUX, Pane, child_env

pytestmark = pytest.mark.skipif(TMUX is None, reason="needs tmux (Debian package `tmux`)")

DECK = """---
format: mldrill-deck/1
deck: e2e
topic: e2e
---

# Terminal test questions

## What does dropout do during training, and at inference?

id: e2e-dropout
difficulty: easy
topic: e2e/regularisation
time: 2

### Answer

During training dropout zeroes each activation with probability $p$ and scales the survivors by $1/(1-p)$; at
inference it is switched off.

```python
mask = rng.random(h.shape) > p
h = h * mask / (1 - p)
```

### Rubric

- Dropout randomly zeroes a fraction of the activations during training.
- The surviving activations are scaled up by one over the keep probability.
- At inference time dropout is switched off.

## Why do we clip gradients when training recurrent networks?

id: e2e-clipping
difficulty: medium
topic: e2e/optimisation
time: 8s

### Answer

Long products of Jacobians make gradients explode; clipping rescales the gradient when its norm passes a threshold.

### Rubric

- Gradients can explode through long products of Jacobians.
- Clipping rescales the gradient when its norm exceeds a threshold.
- Clipping keeps the update direction and bounds its size.
"""
ANSWER = (
    "Dropout randomly sets some of the activations to zero while training.\nAt test time it is turned off."
)
FOLLOWUP = "They are multiplied by one over the keep probability, so the expected activation is unchanged."
PARTIAL = "Gradients explode through long products of Jacobians"


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    path = tmp_path / "e2e.md"
    path.write_text(DECK, encoding="utf-8")
    return path


@pytest.fixture
def db_path(tmp_path: Path, deck_file: Path) -> str:
    path = str(tmp_path / "e2e.db")
    with Store.open(path) as store:
        report = library.import_paths(ctx_at(store), [str(deck_file)])
        assert report.ok and store.count_questions() == 2
    return path


@pytest.fixture
def panes() -> Iterator[list[Pane]]:
    opened: list[Pane] = []
    yield opened
    for pane in opened:
        pane.close()


def mldrill(*args: str) -> str:
    return " ".join([sys.executable, "-m", "mldrill", *args])


def last_line(screen: str) -> str:
    lines = [line.strip() for line in screen.splitlines() if line.strip()]
    return lines[-1] if lines else ""


UNSURE_PROMPT = re.compile(r"Your rating for Q(\d+) \(1 Again")


def rate_unsure_answers(pane: Pane) -> set[int]:
    """Answers the grader was unsure about come one by one, beside their model answers, to be rated by hand
    (Good here) before the reviews are recorded; returns their positions. None when every grade was sure."""
    rated: list[int] = []

    def ready(_: str) -> bool:
        history = pane.history()
        return "Change one (e.g. 2=good)" in history or len(UNSURE_PROMPT.findall(history)) > len(rated)

    while True:
        pane.wait_for(ready)
        asked = UNSURE_PROMPT.findall(pane.history())
        if len(asked) <= len(rated):
            return set(rated)
        rated.append(int(asked[len(rated)]))
        pane.type("3\n")


def load(db_path: str) -> db.InterviewRow:
    with Store.open(db_path) as store, store.read() as conn:
        return db.load_interview(conn, 1, "local")


def test_sit_an_interview_with_a_followup_and_a_timeout(
    db_path: str, tmp_path: Path, panes: list[Pane]
) -> None:
    report_path = tmp_path / "report.html"
    pane = Pane(
        mldrill(
            "interview", "--topics", "e2e", "--minutes", "4", "--seed", "1", "--report", str(report_path)
        ),
        child_env(db_path),
    )
    panes.append(pane)
    pane.wait_for("Press Enter to start")
    pane.keys("Enter")

    screen = pane.wait_for("Question 1 of 2")
    assert (
        "What does dropout do during training" in screen
        and "this question 0" in screen
        and "interview 0" in screen
    )
    pane.type(ANSWER)
    pane.wait_for("At test time it is turned off.")
    pane.keys("Escape", "Enter")  # hand in

    pane.wait_for("Press Enter for the follow-up")
    pane.keys("Enter")
    screen = pane.wait_for("Follow-up 1 of 2")
    assert "How are the surviving activations scaled up?" in screen
    pane.type(FOLLOWUP)
    pane.wait_for("expected activation is unchanged")
    pane.keys("C-d")

    pane.wait_for("Press Enter for the next question")
    pane.keys("Enter")
    pane.wait_for("Question 2 of 2")
    pane.type(PARTIAL)
    # nothing more is pressed: the 8-second budget runs out and the answer so far is handed in (on a loaded
    # machine the budget may run out before the typed text is seen on screen; the stored draft is checked below)
    pane.wait_for(lambda s: PARTIAL in s or "Time's up for this question" in s)
    pane.wait_for("Time's up for this question", timeout=40)

    rated_by_hand = rate_unsure_answers(pane)
    pane.wait_for("Change one (e.g. 2=good)")
    history = pane.history()
    assert "Overall score" in history and "OVERTIME" in history and "What to study next" in history
    pane.type("2=good\n")
    pane.wait_for(lambda s: "Q2 Good" in s and s.count("Change one") >= 2)
    pane.keys("Enter")
    pane.wait_for("Saved as interview #1")

    interview = load(db_path)
    q1, q2 = interview.items
    assert interview.status == "finished"
    assert (q1.status, q1.draft, q1.overtime) == ("answered", ANSWER, False)
    assert q1.followup is not None and q1.followup.draft == FOLLOWUP and q1.followup.status == "answered"
    assert "surviving activations" in q1.followup.point and q1.followup.score is not None
    assert (q2.status, q2.draft, q2.overtime) == ("overtime", PARTIAL, True)
    assert q2.followup is None  # no follow-up once a question's time is spent

    with Store.open(db_path) as store, store.read() as conn:
        reviews = conn.execute(sa.text("SELECT question_id, rating FROM review_log ORDER BY id")).all()
        stored = db.get_report(conn, 1)
        replayed = db.replay(db.keystroke_batches(conn, q1.id, "answer"))
    q1_rating = 3 if 1 in rated_by_hand else q1.suggested_rating
    assert [tuple(r) for r in reviews] == [(q1.question_id, q1_rating), (q2.question_id, 3)]
    assert (q1.rating, q2.rating) == (q1_rating, 3) and q1.review_id and q2.review_id
    assert replayed == ANSWER

    assert stored is not None and stored["status"] == "finished"
    assert [q["status"] for q in stored["questions"]] == ["answered", "overtime"]
    assert stored["questions"][0]["followup"]["answer"] == FOLLOWUP
    assert stored["questions"][1]["rating_name"] == "Good"
    html = report_path.read_text(encoding="utf-8")
    assert "Dropout randomly sets some of the activations to zero while training." in html
    assert "OVERTIME" in html and "<math" in html and "How are the surviving activations scaled up?" in html
    json.dumps(stored)  # the stored report is plain JSON


def test_sigkill_then_resume_loses_nothing_typed(db_path: str, panes: list[Pane]) -> None:
    first = Pane(mldrill("interview", "--topics", "e2e", "--minutes", "4", "--seed", "1"), child_env(db_path))
    panes.append(first)
    first.wait_for("Press Enter to start")
    first.keys("Enter")
    first.wait_for("Question 1 of 2")
    first.type("alpha line one\nbeta line two")
    first.wait_for("beta line two")  # on screen, so saved: the save runs before each redraw
    os.kill(first.pid, signal.SIGKILL)
    first.wait_for(lambda _: first.dead, timeout=10)

    item = load(db_path).items[0]
    assert item.status == "active" and item.draft == "alpha line one\nbeta line two"

    second = Pane(mldrill("interview", "resume"), child_env(db_path))
    panes.append(second)
    second.wait_for("press Enter to go on where you stopped")
    second.keys("Enter")
    screen = second.wait_for("Question 1 of 2")
    assert "alpha line one" in screen and "beta line two" in screen
    second.type(" gamma")
    second.wait_for("beta line two gamma")
    second.keys("C-d")
    screen = second.wait_for(lambda s: last_line(s).startswith("Press Enter for"))
    if "follow-up" in last_line(screen):  # the grader may ask one: skip it
        second.keys("Enter")
        second.wait_for("Follow-up 1 of 2")
        second.keys("C-n")
        second.wait_for(lambda s: last_line(s).startswith("Press Enter for the next question"))
    second.keys("Enter")
    second.wait_for("Question 2 of 2")
    second.keys("C-n")
    second.wait_for("Change one")
    second.keys("Enter")
    second.wait_for("Saved as interview #1")

    interview = load(db_path)
    assert interview.status == "finished"
    assert interview.items[0].draft == "alpha line one\nbeta line two gamma"
    assert interview.items[0].status == "answered" and interview.items[1].status == "skipped"
