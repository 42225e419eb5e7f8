"""Sitting an interview through the state machine: fixed clock, word-matching grader, real SQLite store."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from mldrill.app import interviews as service
from mldrill.app import study
from mldrill.app.interview_run import InterviewOver, InterviewSession
from mldrill.errors import UsageError
from mldrill.interview.grading import followup_prompt, point_subject
from mldrill.models import QuestionRecord
from mldrill.store import Store
from mldrill.store import interviews as db
from tests.context import ctx_at
from tests.interview.helpers import START, FakeClock, insert_interview, word_grader
from tests.store.factories import source

RUBRICS = {
    "What does dropout do?": [
        "Dropout randomly zeroes activations during training.",
        "Surviving activations are rescaled by the keep probability.",
        "At inference dropout is switched off.",
    ],
    "Why normalise inputs?": [
        "Gradient descent converges faster on standardised features.",
        "Distances become comparable.",
    ],
    "What is a learning rate?": [
        "The learning rate scales each gradient step.",
        "Too large a rate diverges.",
    ],
}


@pytest.fixture
def setup(store: Store) -> Iterator[tuple[Store, int, FakeClock]]:
    records = [
        QuestionRecord(p, "Model answer.", "medium", "dl/basics", time_minutes=2, rubric=r)
        for p, r in RUBRICS.items()
    ]
    store.save_source(source("/x/iv.md", records), START)
    ids = [q.id for q in store.list_questions()]
    interview_id = insert_interview(store, [(qid, 120.0) for qid in ids], seed=7)
    yield store, interview_id, FakeClock()


def session(store: Store, interview_id: int, clock: FakeClock) -> InterviewSession:
    return InterviewSession(ctx_at(store, clock, rng=random.Random(1), grader=word_grader), interview_id)


def review_rows(store: Store) -> list[tuple[int, int]]:
    with store.read() as conn:
        return [
            (q, r) for q, r in conn.execute(sa.text("SELECT question_id, rating FROM review_log ORDER BY id"))
        ]


def test_answer_is_graded_and_followed_up_once_on_the_first_missed_point(setup) -> None:  # type: ignore[no-untyped-def]
    store, iid, clock = setup
    s = session(store, iid, clock)
    step = s.begin()
    assert step is not None and step.part == "answer" and step.position == 0 and step.count == 3
    clock.advance(40)
    s.save("Dropout randomly zeroes activations")
    out = s.submit("Dropout randomly zeroes activations during training. At inference it is switched off.")
    assert out.status == "answered" and out.followup
    assert out.grade is not None and out.grade.hit == [
        RUBRICS["What does dropout do?"][0],
        RUBRICS["What does dropout do?"][2],
    ]
    follow = out.next
    assert follow is not None and follow.part == "followup" and follow.position == 0
    assert follow.prompt == followup_prompt(RUBRICS["What does dropout do?"][1])
    assert "surviving activations" in follow.prompt
    clock.advance(20)
    out = s.submit("The surviving activations are rescaled by the keep probability.")
    assert out.status == "answered" and not out.followup
    assert out.grade is not None and out.grade.score == 5.0
    assert (
        out.next is not None and out.next.part == "answer" and out.next.position == 1
    )  # no second follow-up


def test_no_followup_when_nothing_was_missed(setup) -> None:  # type: ignore[no-untyped-def]
    store, iid, clock = setup
    s = session(store, iid, clock)
    s.begin()
    out = s.submit(" ".join(RUBRICS["What does dropout do?"]))
    assert not out.followup and out.next is not None and out.next.position == 1


def test_timeout_keeps_the_answer_marked_overtime(setup) -> None:  # type: ignore[no-untyped-def]
    store, iid, clock = setup
    s = session(store, iid, clock)
    s.begin()
    clock.advance(100)
    s.save("Dropout randomly zeroes")
    assert not s.clocks().question_over
    clock.advance(25)
    assert s.clocks().question_over and s.clocks().question_left_s == pytest.approx(-5)
    out = s.submit("Dropout randomly zeroes activations during training", timed_out=True)
    assert out.status == "overtime" and not out.followup  # the question's time is spent: no follow-up
    with store.read() as conn:
        item = db.load_interview(conn, iid, "local").items[0]
    assert item.status == "overtime" and item.overtime
    assert item.draft == "Dropout randomly zeroes activations during training"
    assert item.score is not None and item.score > 0


def test_a_late_hand_in_is_overtime_too(setup) -> None:  # type: ignore[no-untyped-def]
    store, iid, clock = setup
    s = session(store, iid, clock)
    s.begin()
    clock.advance(121)
    assert s.submit("Dropout randomly zeroes activations").status == "overtime"


def test_skip_keeps_the_text_ungraded(setup) -> None:  # type: ignore[no-untyped-def]
    store, iid, clock = setup
    s = session(store, iid, clock)
    s.begin()
    out = s.skip("not sure")
    assert out.status == "skipped" and out.grade is None and out.next is not None
    report = service.build_stored_report(ctx_at(store), iid)
    q1 = report["questions"][0]
    assert q1["status"] == "skipped" and q1["answer"] == "not sure" and len(q1["missed"]) == 3


def test_overall_time_up_ends_the_interview(setup) -> None:  # type: ignore[no-untyped-def]
    store, iid, clock = setup
    s = session(store, iid, clock)
    s.begin()
    clock.advance(110)
    s.submit(" ".join(RUBRICS["What does dropout do?"]))
    s.begin()
    clock.advance(118)
    s.submit(" ".join(RUBRICS["Why normalise inputs?"]))
    s.begin()
    clock.advance(400)  # past the interview's 10 minutes
    assert s.clocks().overall_over
    out = s.submit("half an answer", timed_out=True)
    assert out.next is None and s.over
    report = s.finish()
    assert [q["status"] for q in report["questions"]] == ["answered", "answered", "overtime"]
    assert report["unreached"] == 0


def test_stop_here_leaves_the_rest_unreached(setup) -> None:  # type: ignore[no-untyped-def]
    store, iid, clock = setup
    s = session(store, iid, clock)
    s.begin()
    s.submit(" ".join(RUBRICS["What does dropout do?"]))
    s.stop_here()
    report = s.finish()
    assert [q["status"] for q in report["questions"]] == ["answered", "skipped", "unreached"]
    assert report["score"] == pytest.approx(2.5)  # (5 + 0) / 2; never reached does not count


def test_resume_after_a_crash_keeps_the_draft_and_the_time(setup) -> None:  # type: ignore[no-untyped-def]
    store, iid, clock = setup
    s = session(store, iid, clock)
    s.begin()
    clock.advance(30)
    s.save("first line\nsecond")
    del s  # killed: nothing closed, nothing flushed beyond what save() committed
    clock.advance(3600)  # away for an hour: not counted
    again = session(store, iid, clock)
    step = again.begin()
    assert step is not None and step.draft == "first line\nsecond" and step.elapsed_ms == 30_000
    clock.advance(5)
    assert again.elapsed_ms() == 35_000
    assert again.clocks().question_left_s == pytest.approx(85)
    assert again.clocks().overall_left_s == pytest.approx(600 - 35)


def test_resume_inside_a_followup(setup) -> None:  # type: ignore[no-untyped-def]
    store, iid, clock = setup
    s = session(store, iid, clock)
    s.begin()
    s.submit("Dropout randomly zeroes activations during training.")
    s.save("rescaled by")
    again = session(store, iid, clock)
    step = again.begin()
    assert step is not None and step.part == "followup" and step.draft == "rescaled by"


def test_finish_records_reviews_with_the_suggested_ratings_once(setup) -> None:  # type: ignore[no-untyped-def]
    store, iid, clock = setup
    s = session(store, iid, clock)
    s.begin()
    s.submit(" ".join(RUBRICS["What does dropout do?"]))  # 5/5 -> Easy (4)
    s.begin()
    s.skip()
    s.begin()
    s.submit("The learning rate scales each gradient step.")  # 2.5/5 -> Hard (2)
    s.begin()
    s.skip()  # the follow-up
    report = s.finish()
    ids = [q["question_id"] for q in report["questions"]]
    assert review_rows(store) == [(ids[0], 4), (ids[2], 2)]
    assert [q["rating"] for q in report["questions"]] == [4, None, 2]
    assert report["questions"][2]["followup"]["status"] == "skipped"
    with store.read() as conn:
        assert db.get_report(conn, iid) == report
        assert db.load_interview(conn, iid, "local").status == "finished"
    # a second finish (say, after a crash right after the reviews) records nothing twice
    service.finish_interview(ctx_at(store, clock(), rng=random.Random(2)), iid)
    assert len(review_rows(store)) == 2
    with pytest.raises(InterviewOver):
        s.begin()


def test_finish_adopts_a_review_recorded_before_a_crash(setup) -> None:  # type: ignore[no-untyped-def]
    store, iid, clock = setup
    s = session(store, iid, clock)
    s.begin()
    s.submit(" ".join(RUBRICS["What does dropout do?"]))
    s.stop_here()
    qid = s.interview.items[0].question_id
    with store.write() as conn:
        db.update_interview(conn, iid, finished_at=clock())
    study.record_review(
        ctx_at(store, clock()), qid, 4, study.load_settings(ctx_at(store))
    )  # the crash came after this
    service.finish_interview(ctx_at(store, clock(), rng=random.Random(1)), iid)
    assert review_rows(store) == [(qid, 4)]


def test_change_rating_takes_the_review_back_and_records_it_again(setup) -> None:  # type: ignore[no-untyped-def]
    store, iid, clock = setup
    s = session(store, iid, clock)
    s.begin()
    s.submit(" ".join(RUBRICS["What does dropout do?"]))
    s.stop_here()
    report = s.finish()
    qid = report["questions"][0]["question_id"]
    report = service.change_rating(ctx_at(store, clock(), rng=random.Random(3)), iid, 1, 1)
    assert review_rows(store) == [(qid, 1)]
    assert report["questions"][0]["rating_name"] == "Again"
    with store.read() as conn:
        card = db_card(conn, qid)
    assert card == (1, 1)  # learning, one rep: as one Again on a new card leaves it
    with pytest.raises(UsageError, match="not graded"):
        service.change_rating(ctx_at(store, clock(), rng=random.Random(3)), iid, 2, 3)


def db_card(conn: sa.Connection, qid: int) -> tuple[int, int]:
    row = conn.execute(sa.text("SELECT state, reps FROM cards WHERE question_id = :q"), {"q": qid}).one()
    return int(row[0]), int(row[1])


def test_keystroke_batches_are_logged(setup) -> None:  # type: ignore[no-untyped-def]
    store, iid, clock = setup
    s = session(store, iid, clock)
    step = s.begin()
    assert step is not None
    for text in ("D", "Dro", "Dropout", "Dropout zeroes", "Dropout zeroes"):
        clock.advance(1)
        s.save(text)
    with store.read() as conn:
        batches = db.keystroke_batches(conn, step.item_id, "answer")
    assert len(batches) == 4 and db.replay(batches) == "Dropout zeroes"


@pytest.mark.parametrize(
    ("point", "subject", "question"),
    [
        ("Variance measures how much the fitted model changes.", "variance", "What does variance measure?"),
        (
            "Expected squared error equals bias squared plus variance.",
            "expected squared error",
            "What does expected squared error equal?",
        ),
        (
            "Increasing model capacity lowers bias and raises variance.",
            "increasing model capacity",
            "How does increasing model capacity affect bias?",
        ),
        (
            "Learning curves tell them apart: a wide gap signals variance.",
            "learning curves",
            "How do learning curves tell them apart?",
        ),
        ("KL divergence is not symmetric.", "KL divergence", "Is KL divergence symmetric?"),
        (
            "Dropout randomly zeroes a fraction of the activations.",
            "dropout",
            "What does dropout do to a fraction of the activations?",
        ),
        (
            "Only support vectors determine the solution.",
            "support vectors",
            "What do support vectors determine?",
        ),
    ],
)
def test_followup_asks_about_the_missed_points_subject(point: str, subject: str, question: str) -> None:
    assert point_subject(point) == subject
    assert followup_prompt(point) == question


def test_a_grader_failure_keeps_the_answer_ungraded(setup) -> None:  # type: ignore[no-untyped-def]
    store, iid, clock = setup

    def broken(record: QuestionRecord, answer: str) -> object:
        raise RuntimeError("model file is corrupt")

    s = InterviewSession(ctx_at(store, clock, rng=random.Random(1), grader=broken), iid)
    s.begin()
    out = s.submit("my careful answer")
    assert out.status == "answered" and out.grade is None and not out.followup
    s.stop_here()
    report = s.finish()
    assert report["questions"][0]["answer"] == "my careful answer" and report["questions"][0]["score"] is None
    assert review_rows(store) == []


def test_the_questions_marked_answers_reach_the_grader(setup) -> None:  # type: ignore[no-untyped-def]
    from mldrill.app.marks import mark_answer

    store, iid, clock = setup
    for q in store.list_questions():
        mark_answer(ctx_at(store, START), q.id, f"marked answer to {q.id}", True)
    calls: list[tuple[str, list[object]]] = []

    def recording(
        record: QuestionRecord, answer: str, examples: list[object] | None = None, **kw: object
    ) -> object:
        calls.append((record.prompt, list(examples or [])))
        return word_grader(record, answer)

    s = InterviewSession(ctx_at(store, clock, rng=random.Random(1), grader=recording), iid)
    s.begin()
    first = s.interview.items[0].question_id
    s.submit("dropout zeroes activations")
    prompt, examples = calls[0]
    assert [(e.text, e.correct) for e in examples] == [(f"marked answer to {first}", True)]  # type: ignore[attr-defined]
    # a follow-up is graded against its own point, without the question's marked answers
    assert all(not ex for p, ex in calls[1:] if p != prompt)
