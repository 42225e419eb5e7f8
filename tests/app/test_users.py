"""Two users of one store: nothing one of them does is seen by the other through any use-case."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mldrill.app import interviews, library, marks, stats, study
from mldrill.app.study_session import Session
from mldrill.errors import NotFound, UndoRefused
from mldrill.interview.plan import PlanOptions
from mldrill.models import QuestionFilter
from mldrill.schedule import ScheduleSettings
from mldrill.store import Store
from tests.context import NOW, ctx_at
from tests.store.factories import q, source

PLAIN = study.StudySettings(schedule=ScheduleSettings(fuzz=False))


@pytest.fixture
def shared(store: Store) -> tuple[Store, list[int]]:
    records = [
        q(f"Question {i} about dropout and batch norm?", f"Answer {i}.", rubric=[f"point {i}"])
        for i in range(6)
    ]
    records.append(q("An unanswered question?", None))
    store.save_source(source("bank.md", records), NOW)
    return store, [x.id for x in store.list_questions()]


def test_user_a_never_sees_user_b_rows(shared: tuple[Store, list[int]]) -> None:
    store, ids = shared
    ada, bob = ctx_at(store, NOW, user="ada"), ctx_at(store, NOW, user="bob")
    unanswered = ids[-1]

    # ada studies, writes her own answer, types an attempt, marks an answer, changes a setting, sits an interview
    session = Session.start(ada, PLAIN)
    assert session.current is not None
    session.rate(3)
    study.save_own_answer(ada, unanswered, "Ada's own answer about gradient clipping.")
    study.save_attempt(ada, ids[1], "Ada's typed attempt.")
    mark_id = marks.mark_answer(ada, ids[2], "Ada's marked answer.", True)
    study.save_setting(ada, "new_per_day", 3)
    plan = interviews.make_plan(ada, PlanOptions(minutes=10, seed=1))
    interview_id = interviews.create_interview(ada, plan)
    [review] = [r for r in _reviews(store, "ada")]

    # ada sees all of it
    assert (
        library.question_detail(ada, unanswered)["own_answer"] == "Ada's own answer about gradient clipping."
    )
    assert [r.question.id for r in library.search(ada, "clipping")] == [unanswered]
    assert study.attempts(ada, ids[1]) and marks.marked_answers(ada, ids[2])
    assert study.load_settings(ada).new_per_day == 3
    assert [i.id for i in interviews.list_interviews(ada)] == [interview_id]
    assert stats.study_stats(ada, PLAIN).total_reviews == 1
    assert Session.resume(ada, session.id, PLAIN).reviewed == 1

    # bob sees none of it
    assert library.question_detail(bob, unanswered)["own_answer"] is None
    assert library.search(bob, "clipping") == []
    found, _ = library.list_questions(bob, QuestionFilter(unanswered=True))
    assert [x.id for x in found] == [unanswered]  # ada's own answer does not answer it for bob
    assert study.attempts(bob, ids[1]) == []
    assert marks.marked_answers(bob, ids[2]) == [] and marks.examples_for(bob, ids[2]) == []
    assert study.load_settings(bob).new_per_day == study.StudySettings().new_per_day
    assert interviews.list_interviews(bob) == [] and interviews.latest_unfinished(bob) is None
    with pytest.raises(NotFound):
        interviews.get_report(bob, interview_id)
    with pytest.raises(NotFound):
        Session.resume(bob, session.id, PLAIN)
    with pytest.raises(NotFound):
        marks.unmark(bob, mark_id)
    with pytest.raises((NotFound, UndoRefused)):
        study.undo_review(bob, review)
    later = ctx_at(store, NOW + timedelta(minutes=1), user="bob")
    bob_stats = stats.study_stats(later, PLAIN)
    assert bob_stats.total_reviews == 0 and bob_stats.reviews_today == 0
    assert stats.home_summary(later, PLAIN).reviews_today == 0
    assert study.next_card(later, PLAIN) is not None  # bob's own queue: every card still new

    # and ada's data is untouched by bob's reads
    assert marks.marked_answers(ada, ids[2])[0].id == mark_id
    assert study.undo_review(ada, review).id == review


def test_a_shared_mark_counts_for_everyone_and_only_its_author_removes_it(
    shared: tuple[Store, list[int]],
) -> None:
    store, ids = shared
    ada, bob = ctx_at(store, NOW, user="ada"), ctx_at(store, NOW, user="bob")
    mark_id = marks.mark_answer(ada, ids[0], "A shared good answer.", True, shared=True)
    assert [m.id for m in marks.marked_answers(bob, ids[0])] == [mark_id]
    assert [e.text for e in marks.examples_for(bob, ids[0])] == ["A shared good answer."]
    with pytest.raises(NotFound):
        marks.unmark(bob, mark_id)
    assert marks.unmark(ada, mark_id).id == mark_id
    assert marks.marked_answers(bob, ids[0]) == []


def _reviews(store: Store, user: str) -> list[int]:
    from mldrill.store import reviews as db

    with store.read() as conn:
        return [r.id for r in db.reviews(conn, user)]
