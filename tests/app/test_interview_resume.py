"""`InterviewSession.resume`: a shell without a session between requests (the web app) continues the step its page
shows, with the page's count of the time used held between the time stored and the time since the step opened."""

from __future__ import annotations

import random

import pytest

from mldrill.app.interview_run import InterviewOver, InterviewSession, StepClosed
from mldrill.models import QuestionRecord
from mldrill.store import Store
from mldrill.store import interviews as db
from tests.context import ctx_at
from tests.interview.helpers import START, FakeClock, insert_interview, word_grader
from tests.store.factories import source

RUBRIC = ["Dropout randomly zeroes activations during training.", "At inference dropout is switched off."]


@pytest.fixture
def sitting(store: Store) -> tuple[Store, int, FakeClock]:
    records = [
        QuestionRecord(f"Question {n}: what does dropout do?", "Model.", "easy", "dl", rubric=RUBRIC)
        for n in (1, 2)
    ]
    store.save_source(source("/x/resume.md", records), START)
    ids = [q.id for q in store.list_questions()]
    return store, insert_interview(store, [(qid, 60.0) for qid in ids], minutes=5), FakeClock()


def request(store: Store, interview_id: int, clock: FakeClock) -> InterviewSession:
    """One request's session: a new object each time, as the web app makes them."""
    return InterviewSession(ctx_at(store, clock, rng=random.Random(1), grader=word_grader), interview_id)


def stored_ms(store: Store, interview_id: int, position: int = 0) -> int:
    with store.read() as conn:
        return db.load_interview(conn, interview_id, "local").items[position].elapsed_ms


def test_the_pages_count_of_time_is_kept_across_requests(sitting: tuple[Store, int, FakeClock]) -> None:
    store, iid, clock = sitting
    first = request(store, iid, clock).resume()
    assert (first.position, first.part, first.elapsed_ms) == (0, "answer", 0)

    clock.advance(20)
    s = request(store, iid, clock)
    s.resume(position=1, part="answer", used_ms=20_000)
    s.save("Dropout randomly zeroes")
    assert stored_ms(store, iid) == 20_000
    assert s.clocks().question_left_s == pytest.approx(40.0)
    assert s.clocks().overall_left_s == pytest.approx(280.0)

    # a reload renders from the stored time; the page's next save goes on from there
    clock.advance(15)
    again = request(store, iid, clock)
    assert again.resume(position=1).draft == "Dropout randomly zeroes"
    assert again.clocks().question_left_s == pytest.approx(40.0)


def test_time_never_runs_back_nor_ahead_of_the_clock(sitting: tuple[Store, int, FakeClock]) -> None:
    store, iid, clock = sitting
    request(store, iid, clock).resume()
    clock.advance(30)
    s = request(store, iid, clock)
    s.resume(used_ms=30_000)
    s.save("some text")

    back = request(store, iid, clock)
    back.resume(used_ms=5_000)  # a page reloaded from an older copy
    back.save("some text")
    assert stored_ms(store, iid) == 30_000

    clock.advance(10)
    ahead = request(store, iid, clock)
    ahead.resume(used_ms=3_600_000)  # more than the 40 s since the question opened
    ahead.save("some text")
    assert stored_ms(store, iid) == 40_000


def test_a_page_past_the_budget_hands_in_overtime(sitting: tuple[Store, int, FakeClock]) -> None:
    store, iid, clock = sitting
    request(store, iid, clock).resume()
    clock.advance(70)
    s = request(store, iid, clock)
    s.resume(position=1, part="answer", used_ms=70_000)
    out = s.submit("Dropout randomly zeroes activations during training.")
    assert out.status == "overtime" and not out.followup
    assert out.next is not None and out.next.position == 1


def test_a_page_showing_another_step_is_refused(sitting: tuple[Store, int, FakeClock]) -> None:
    store, iid, clock = sitting
    s = request(store, iid, clock)
    s.resume()
    clock.advance(5)
    s.submit("It is switched off at inference.")  # opens the follow-up on the missed point

    stale = request(store, iid, clock)
    with pytest.raises(StepClosed, match=r"question 1 \(answer\).*question 1 \(followup\) is"):
        stale.resume(position=1, part="answer")
    assert request(store, iid, clock).resume(position=1, part="followup").part == "followup"


def test_nothing_left_or_finished_is_over(sitting: tuple[Store, int, FakeClock]) -> None:
    store, iid, clock = sitting
    s = request(store, iid, clock)
    s.resume()
    s.stop_here()
    with pytest.raises(InterviewOver, match="no question left to answer"):
        request(store, iid, clock).resume()
    request(store, iid, clock).finish()
    with pytest.raises(InterviewOver, match="finished"):
        request(store, iid, clock).resume()


def test_plan_choices_list_companies_topics_and_levels(store: Store) -> None:
    from mldrill.app.interviews import plan_choices

    records = [
        QuestionRecord("Q1?", "A.", "easy", "dl/regularisation", companies=["Meta", "Google"], rubric=["a"]),
        QuestionRecord("Q2?", "A.", "easy", "dl/optimisation", companies=["Google"], rubric=["b"]),
        QuestionRecord("Q3?", "A.", "hard", "stats", companies=["  "], rubric=["c"]),
        QuestionRecord("Q4?", "A.", "hard", None, rubric=["d"]),
    ]
    store.save_source(source("/x/choices.md", records), START)
    choices = plan_choices(ctx_at(store, START))
    assert choices.companies == ["Google", "Meta"]
    assert choices.topics == [("dl", 2), ("stats", 1)]
    assert choices.levels == ["junior", "mid", "senior"]
    assert choices.to_dict()["topics"][0] == {"topic": "dl", "questions": 2}


def test_an_interview_over_is_neither_finished_nor_abandoned_again(
    sitting: tuple[Store, int, FakeClock],
) -> None:
    store, iid, clock = sitting
    request(store, iid, clock).finish()
    for act in (lambda s: s.finish(), lambda s: s.abandon()):
        with pytest.raises(InterviewOver, match=f"interview {iid} is finished"):
            act(request(store, iid, clock))
    other = insert_interview(store, [(1, 60.0)])
    request(store, other, clock).abandon()
    with pytest.raises(InterviewOver, match=f"interview {other} is abandoned"):
        request(store, other, clock).finish()


def test_ending_early_keeps_what_was_saved_since_the_step_opened(
    sitting: tuple[Store, int, FakeClock],
) -> None:
    store, iid, clock = sitting
    s = request(store, iid, clock)
    s.resume()
    clock.advance(5)
    s.save("saved after the step opened")
    s.stop_here()
    with store.read() as conn:
        items = db.load_interview(conn, iid, "local").items
    assert [(i.status, i.draft) for i in items] == [
        ("skipped", "saved after the step opened"),
        ("unreached", ""),
    ]
    assert items[0].elapsed_ms == 5_000
