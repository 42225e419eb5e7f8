"""What comes next, daily limits, filters, bury, skip, cram, own answers and typed attempts."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import timedelta

import pytest

from mldrill.app import study
from mldrill.app.study_session import Session
from mldrill.errors import UsageError
from mldrill.store import QuestionFilter, Store
from mldrill.store import reviews as db
from tests.context import ctx_at
from tests.study.helpers import NOW, PLAIN, dump, fill, replay_errors


def _session(store: Store, now: list, **kwargs) -> Session:  # type: ignore[type-arg]
    settings = kwargs.pop("settings", PLAIN)
    context = ctx_at(store, lambda: now[0], rng=random.Random(0))
    return Session.start(context, settings, kwargs.get("filters"), kwargs.get("cram", False))


def test_open_study_gives_every_question_a_new_card_once(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    assert len(ids) == 10
    assert study.open_study(ctx_at(store)) == 0
    with store.read() as conn:
        assert all(db.get_card(conn, db.LOCAL_USER, i).is_new for i in ids)  # type: ignore[union-attr]


def test_new_cards_come_in_source_order(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    card = study.next_card(ctx_at(store, NOW), PLAIN)
    assert card is not None and card.question.id == min(ids) and card.kind == "new"
    assert [b.label for b in card.buttons] == ["1m", "5.5m", "10m", "8d"]


def test_learning_before_review_before_new(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    study.record_review(ctx_at(store, NOW), ids[0], 4, PLAIN)  # review card, due in 8 days
    study.record_review(ctx_at(store, NOW), ids[1], 1, PLAIN)  # learning, due in 1 minute
    later = NOW + timedelta(days=8)
    first = study.next_card(ctx_at(store, later), PLAIN)
    assert first is not None and (first.question.id, first.kind) == (ids[1], "learning")
    study.record_review(ctx_at(store, later), ids[1], 4, PLAIN)
    second = study.next_card(ctx_at(store, later), PLAIN)
    assert second is not None and (second.question.id, second.kind) == (ids[0], "review")
    study.record_review(ctx_at(store, later), ids[0], 3, PLAIN)
    third = study.next_card(ctx_at(store, later), PLAIN)
    assert third is not None and third.kind == "new"


def test_review_cards_due_later_today_are_shown_today(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    study.record_review(ctx_at(store, NOW + timedelta(hours=10)), ids[0], 4, PLAIN)  # due day 8 at 19:00
    settings = replace(PLAIN, new_per_day=0)
    assert study.next_card(ctx_at(store, NOW + timedelta(days=8)), settings) is not None
    assert study.next_card(ctx_at(store, NOW + timedelta(days=7)), settings) is None


def test_learn_ahead_when_nothing_else_is_left(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    settings = replace(PLAIN, new_per_day=1)
    study.record_review(ctx_at(store, NOW), ids[0], 3, settings)  # learning, due in 10 minutes
    card = study.next_card(ctx_at(store, NOW), settings)
    assert card is not None and card.question.id == ids[0]
    assert study.next_card(ctx_at(store, NOW), replace(settings, learn_ahead_minutes=0)) is None


def test_daily_new_limit(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    settings = replace(PLAIN, new_per_day=2, learn_ahead_minutes=0)
    for qid in ids[:2]:
        study.record_review(ctx_at(store, NOW), qid, 4, settings)
    assert study.next_card(ctx_at(store, NOW), settings) is None
    assert study.queue_counts(ctx_at(store, NOW), settings).new == 0
    tomorrow = study.next_card(ctx_at(store, NOW + timedelta(days=1)), settings)
    assert tomorrow is not None and tomorrow.kind == "new"
    assert study.queue_counts(ctx_at(store, NOW + timedelta(days=1)), settings).new == 2


def test_daily_review_limit(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    for qid in ids:
        study.record_review(ctx_at(store, NOW), qid, 4, PLAIN)
    later = NOW + timedelta(days=30)
    settings = replace(PLAIN, reviews_per_day=3)
    assert study.queue_counts(ctx_at(store, later), settings).review == 3
    for _ in range(3):
        card = study.next_card(ctx_at(store, later), settings)
        assert card is not None and card.kind == "review"
        study.record_review(ctx_at(store, later), card.question.id, 3, settings)
    assert study.next_card(ctx_at(store, later), settings) is None


def test_day_start_hour_moves_the_day_boundary() -> None:
    assert study.day_start(NOW, 0) == NOW.replace(hour=0)
    assert study.day_start(NOW, 4) == NOW.replace(hour=4)
    assert study.day_start(NOW.replace(hour=3), 4) == NOW.replace(hour=4) - timedelta(days=1)
    assert study.next_day_start(NOW, 4) == NOW.replace(hour=4) + timedelta(days=1)


@pytest.mark.parametrize(
    "f",
    [
        QuestionFilter(topic="ml"),
        QuestionFilter(topic="dl/cnn"),
        QuestionFilter(company="meta"),
        QuestionFilter(company="Google"),
        QuestionFilter(difficulty="hard"),
        QuestionFilter(tag="vision"),
        QuestionFilter(source="dl.md"),
        QuestionFilter(source="bank/ml.md", difficulty="easy"),
        QuestionFilter(topic="nothing"),
    ],
)
def test_filters_agree_with_the_question_list(filled: tuple[Store, list[int]], f: QuestionFilter) -> None:
    store, _ = filled
    expected = [q.id for q in store.list_questions(f)]
    seen = []
    settings = replace(PLAIN, learn_ahead_minutes=0)
    while (card := study.next_card(ctx_at(store, NOW), settings, f)) is not None:
        seen.append(card.question.id)
        study.record_review(ctx_at(store, NOW), card.question.id, 4, settings)
    assert sorted(seen) == sorted(expected)


def test_bury_hides_a_card_until_the_next_study_day(filled: tuple[Store, list[int]]) -> None:
    store, _ = filled
    session = _session(store, [NOW])
    first = session.current
    assert first is not None
    session.bury()
    assert session.current is not None and session.current.question.id != first.question.id
    assert study.next_card(ctx_at(store, NOW), PLAIN) is not None
    assert first.question.id not in _all_today(store, NOW)
    assert first.question.id in _all_today(store, NOW + timedelta(days=1))


def _all_today(store: Store, now) -> set[int]:  # type: ignore[no-untyped-def]
    settings = replace(PLAIN, new_per_day=100)
    seen: set[int] = set()
    while (card := study.next_card(ctx_at(store, now), settings, exclude=seen)) is not None:
        seen.add(card.question.id)
    return seen


def test_skip_moves_on_and_the_card_comes_back_last(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    session = _session(store, [NOW], filters=QuestionFilter(ids=(ids[0], ids[1])))
    first = session.current
    assert first is not None
    second = session.skip()
    assert second is not None and second.question.id != first.question.id
    third = session.skip()  # nothing else left: the skipped ones come back
    assert third is not None and third.question.id == first.question.id


def test_retired_questions_are_not_studied(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    store.remove_source("bank/dl.md", NOW)
    assert _all_today(store, NOW) == set(ids[:6])


def test_cram_never_touches_the_schedule(filled: tuple[Store, list[int]], db_path: str) -> None:
    store, ids = filled
    study.record_review(ctx_at(store, NOW), ids[0], 3, PLAIN)
    before = dump(db_path)
    session = _session(store, [NOW], cram=True, filters=QuestionFilter(topic="ml"))
    card = session.current
    seen = []
    while card is not None and len(seen) < 20:
        seen.append(card.question.id)
        session.rate(1 if len(seen) == 1 else 3)
        card = session.current
    assert before == dump(db_path)
    assert sorted(set(seen)) == ids[:6]
    assert seen.count(seen[0]) == 2  # Again brought it back
    assert len(seen) == 7


def test_cram_order_comes_from_the_rng(filled: tuple[Store, list[int]]) -> None:
    store, _ = filled

    def order(seed: int) -> list[int]:
        s = Session.start(ctx_at(store, NOW, rng=random.Random(seed)), PLAIN, cram=True)
        return list(s.state.cram_queue)

    assert order(1) == order(1)
    assert order(1) != order(2)


def test_editing_the_answer_keeps_the_source_answer(filled: tuple[Store, list[int]]) -> None:
    store, _ = filled
    session = _session(store, [NOW])
    card = session.current
    assert card is not None
    session.edit_answer("My own words.")
    assert session.current is not None
    assert session.current.question.own_answer == "My own words."
    assert session.current.question.record.answer == card.question.record.answer


@dataclass
class FakeGrade:
    verdict: str
    suggested_rating: int
    score: float


def test_typed_attempts_are_kept_with_their_grade(filled: tuple[Store, list[int]]) -> None:
    store, _ = filled
    session = _session(store, [NOW])
    card = session.current
    assert card is not None
    session.attempt("first try", FakeGrade("fail", 1, 0.5))
    session.attempt("second try", None)
    history = study.attempts(ctx_at(store), card.question.id)
    assert [a["text"] for a in history] == ["first try", "second try"]
    assert history[0]["grade"] == {"verdict": "fail", "suggested_rating": 1, "score": 0.5}
    assert history[0]["suggested_rating"] == 1 and history[1]["suggested_rating"] is None
    assert history[0]["mode"] == "study" and history[0]["created_at"] == NOW
    assert study.suggested_rating(FakeGrade("great", 9, 5.0)) == 4


def test_an_attempt_is_kept_whatever_the_grade_holds(filled: tuple[Store, list[int]]) -> None:
    import numpy as np

    store, ids = filled
    study.save_attempt(ctx_at(store, NOW), ids[0], "typed", grade=FakeGrade("pass", 3, np.float32(0.75)))  # type: ignore[arg-type]
    assert study.attempts(ctx_at(store), ids[0])[0]["grade"]["score"] == 0.75


def test_bad_rating_is_a_usage_error(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    with pytest.raises(UsageError, match="rating"):
        study.record_review(ctx_at(store, NOW), ids[0], 5, PLAIN)


def test_settings_are_stored_per_person(filled: tuple[Store, list[int]]) -> None:
    store, _ = filled
    assert study.load_settings(ctx_at(store)).schedule.desired_retention == 0.9
    study.save_setting(ctx_at(store), "desired_retention", 0.85)
    study.save_setting(ctx_at(store), "new_per_day", 5)
    loaded = study.load_settings(ctx_at(store))
    assert (loaded.schedule.desired_retention, loaded.new_per_day) == (0.85, 5)
    assert study.load_settings(ctx_at(store, user="someone-else")).new_per_day == 20
    assert study.load_settings(ctx_at(store), overrides={"new_per_day": 7}).new_per_day == 7
    with pytest.raises(UsageError, match="retention"):
        study.save_setting(ctx_at(store), "desired_retention", 1.5)
    with pytest.raises(UsageError, match="no study setting"):
        study.save_setting(ctx_at(store), "colour", "blue")


def test_people_have_separate_cards(filled: tuple[Store, list[int]]) -> None:
    store, ids = filled
    study.open_study(ctx_at(store, user="ada"))
    study.record_review(ctx_at(store, NOW, user="ada"), ids[0], 4, PLAIN)
    mine = study.next_card(ctx_at(store, NOW), PLAIN)
    hers = study.next_card(ctx_at(store, NOW, user="ada"), PLAIN)
    assert mine is not None and hers is not None
    assert (mine.question.id, hers.question.id) == (ids[0], ids[1])


def test_a_session_keeps_the_log_and_cards_consistent(filled: tuple[Store, list[int]]) -> None:
    store, _ = filled
    now = [NOW]
    session = _session(store, now)
    rng = random.Random(5)
    for _ in range(40):
        if session.current is None:
            now[0] += timedelta(days=1)
            session.advance()
            continue
        session.rate(rng.choice([1, 2, 3, 3, 4]), 1000)
        now[0] += timedelta(minutes=rng.choice([1, 5, 30]))
    assert replay_errors(store) == []


def test_fill_is_deterministic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with Store.open(str(tmp_path / "a.db")) as a, Store.open(str(tmp_path / "b.db")) as b:
        assert fill(a) == fill(b)
