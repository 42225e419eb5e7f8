"""An interview answer the grader is unsure about: the person rates it beside the model answer, no review is
recorded as Again on the grader's word, and the reports say so and explain every point."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from rich.console import Console

from mldrill.app import interviews as service
from mldrill.app.interview_run import InterviewSession
from mldrill.cli.interview_report import ask_unsure_ratings, render_report
from mldrill.grade import Grade, PointResult
from mldrill.interview.report import render_html, render_markdown
from mldrill.models import QuestionRecord
from mldrill.store import Store
from mldrill.verdicts import UNSURE_MESSAGE
from tests.context import ctx_at
from tests.interview.helpers import START, FakeClock, insert_interview
from tests.store.factories import source

RUBRIC = ["Dropout randomly zeroes activations during training.", "At inference dropout is switched off."]
MODEL = "Dropout zeroes activations at random while training and is off at inference."
ANSWER = "It drops some units, I think, and maybe something happens at test time."


def unsure_grader(record: QuestionRecord, answer: str, **_: Any) -> Grade:
    """A real `Grade`: unsure, and its rating, on its own, would be Again."""
    points = [
        PointResult(
            RUBRIC[0],
            True,
            0.6,
            "It drops some units, I think",
            False,
            0.6,
            explanation='covered by "It drops some units, I think"',
        ),
        PointResult(RUBRIC[1], False, 0.2, None, False, 0.2, explanation="not stated in the answer"),
    ]
    return Grade(1.2, "unsure", points, [RUBRIC[1]], 1, "embedding", confidence=0.51, leaning="fail")


@pytest.fixture
def sat(store: Store) -> Iterator[tuple[Store, int, InterviewSession]]:
    records = [QuestionRecord("What does dropout do?", MODEL, "easy", "dl", time_minutes=2, rubric=RUBRIC)]
    store.save_source(source("/x/unsure.md", records), START)
    (qid,) = [q.id for q in store.list_questions()]
    iid = insert_interview(store, [(qid, 120.0)])
    clock = FakeClock()
    session = InterviewSession(ctx_at(store, clock, rng=random.Random(0), grader=unsure_grader), iid)
    session.begin()
    clock.advance(30)
    out = session.submit(ANSWER)
    assert out.grade is not None and not out.grade.sure and out.grade.suggested_rating == 2
    while out.next is not None:  # the follow-up, if one is asked: skipped
        out = session.skip("")
    yield store, iid, session


def ratings(store: Store) -> list[int]:
    with store.read() as conn:
        return [r for (r,) in conn.execute(sa.text("SELECT rating FROM review_log ORDER BY id"))]


def test_unrated_unsure_answer_is_not_recorded_as_again(sat) -> None:  # type: ignore[no-untyped-def]
    store, iid, session = sat
    assert [i.position for i in service.unsure_items(ctx_at(store), iid)] == [0]
    report = session.finish()
    assert ratings(store) == [2]  # the grade's suggestion, never Again
    assert report["questions"][0]["rating_name"] == "Hard" and service.unsure_items(ctx_at(store), iid) == []


def test_the_persons_rating_is_recorded_even_again(sat) -> None:  # type: ignore[no-untyped-def]
    store, _, session = sat
    session.finish({1: 1})
    assert ratings(store) == [1]


def test_the_unsure_answer_is_shown_beside_its_model_answer_and_rated_by_hand(  # type: ignore[no-untyped-def]
    sat, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, iid, _ = sat
    typed = iter(["", "maybe", "good"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(typed))
    out = io.StringIO()
    assert ask_unsure_ratings(Console(file=out, width=140), ctx_at(store, START), iid) == {1: 3}
    screen = out.getvalue()
    assert UNSURE_MESSAGE in screen and "unsure (leaning fail, confidence 0.51)" in screen
    assert "Your answer" in screen and "Model answer" in screen
    assert "It drops some units" in screen and "Dropout zeroes activations at random" in screen
    assert "no rating is picked for you" in screen  # an empty line or a stray word is asked again


def test_end_of_input_leaves_the_rating_to_the_grades_suggestion(  # type: ignore[no-untyped-def]
    sat, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, iid, session = sat

    def eof(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr("builtins.input", eof)
    chosen = ask_unsure_ratings(Console(file=io.StringIO(), width=120), ctx_at(store, START), iid)
    assert chosen == {}
    session.finish(chosen)
    assert ratings(store) == [2]


def test_reports_say_unsure_and_explain_every_point(sat) -> None:  # type: ignore[no-untyped-def]
    _, _, session = sat
    report = session.finish({1: 3})
    q = report["questions"][0]
    assert q["sure"] is False and q["verdict_text"] == "unsure (leaning fail, confidence 0.51)"
    assert [p["why"] for p in q["points"]] == [
        'covered by "It drops some units, I think"',
        "not stated in the answer",
    ]

    md = render_markdown(report)
    assert f"**{UNSURE_MESSAGE}**" in md
    assert "Score 1.2/5 — unsure (leaning fail, confidence 0.51)" in md
    assert f'- [x] {RUBRIC[0]} — covered by "It drops some units, I think"' in md
    assert f"- [ ] {RUBRIC[1]} — not stated in the answer" in md

    page = render_html(report)
    assert UNSURE_MESSAGE in page and "— not stated in the answer" in page

    out = io.StringIO()
    render_report(Console(file=out, width=160), report)
    text = out.getvalue()
    assert UNSURE_MESSAGE in text and "unsure (leaning fail, confidence 0.51)" in text
    assert "— not stated in the answer" in text and "recorded as Good" in text
