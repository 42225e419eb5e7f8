"""Interview use-cases shared by the CLI and (later) the web app: plan, create, finish, change a rating, list, report.

Nothing here prints or reads the clock: `now` (UTC) and `rng` are passed in. Each write is one transaction.
"""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from mldrill.errors import NotFound, UsageError
from mldrill.interview.plan import Candidate, History, Plan, PlanOptions, candidate_from, plan_interview
from mldrill.models import Question
from mldrill.store import QuestionFilter, Store
from mldrill.store import interviews as db
from mldrill.store.interviews import LOCAL_USER, InterviewSummary
from mldrill.verdicts import is_unsure

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def gather_candidates(store: Store, user: str = LOCAL_USER) -> list[Candidate]:
    """Every active question as a planning candidate, with the person's history of it."""
    questions = store.list_questions(QuestionFilter())
    with store.read() as conn:
        history = db.question_history(conn, user)
    result = []
    for q in questions:
        h = history.get(q.id)
        plain = History(h.reps, h.lapses, h.last_rating, h.asked, h.last_score) if h else None
        result.append(candidate_from(q, plain))
    return result


def make_plan(store: Store, options: PlanOptions, user: str = LOCAL_USER) -> Plan:
    """Plan an interview on this store for this person, drawing with `random.Random(options.seed)`."""
    options = options.checked()
    candidates = gather_candidates(store, user)
    if not candidates:
        raise UsageError("there are no questions to ask: run `mldrill init` or `mldrill import PATH` first")
    with store.read() as conn:
        recent = db.recent_question_ids(conn, user, options.no_repeat)
    return plan_interview(
        candidates,
        options,
        random.Random(options.seed),
        company_topics=store.company_topics(),
        recent=recent,
    )


def create_interview(store: Store, plan: Plan, now: datetime, user: str = LOCAL_USER) -> int:
    """Store a plan as an interview ready to sit; returns its id."""
    if not plan.questions:
        raise UsageError("the plan has no questions; " + ("; ".join(plan.warnings) or "try more --minutes"))
    o = plan.options
    with store.write() as conn:
        return db.insert_interview(
            conn,
            user,
            company=o.company,
            level=o.level,
            minutes=o.minutes,
            topics=list(o.topics),
            seed=o.seed,
            plan=plan.to_dict(),
            questions=[(q.question_id, q.minutes * 60) for q in plan.questions],
            now=now,
        )


def latest_unfinished(store: Store, user: str = LOCAL_USER) -> int | None:
    with store.read() as conn:
        return db.latest_unfinished(conn, user)


def list_interviews(store: Store, user: str = LOCAL_USER, limit: int | None = None) -> list[InterviewSummary]:
    with store.read() as conn:
        return db.list_interviews(conn, user, limit)


def _questions(store: Store, ids: list[int]) -> dict[int, Question]:
    found = store.list_questions(QuestionFilter(ids=tuple(ids), include_retired=True))
    return {q.id: q for q in found}


def build_stored_report(store: Store, interview_id: int, user: str = LOCAL_USER) -> dict[str, Any]:
    """The report of an interview as it stands now (finished or not)."""
    from mldrill.interview.report import build_report

    with store.read() as conn:
        interview = db.load_interview(conn, interview_id, user)
    return build_report(interview, _questions(store, [i.question_id for i in interview.items]))


def get_report(store: Store, interview_id: int, user: str = LOCAL_USER) -> dict[str, Any]:
    """The stored report of a finished interview; for one still going, the report so far."""
    with store.read() as conn:
        interview = db.load_interview(conn, interview_id, user)
        stored = db.get_report(conn, interview_id)
    if stored is not None and interview.status == "finished":
        return stored
    return build_stored_report(store, interview_id, user)


def _rating_for(item: db.ItemRow, chosen: dict[int, int]) -> int:
    """The person's rating if they chose one, else the grade's suggestion; an unsure grade is never recorded
    as Again unless the person chose Again."""
    picked = chosen.get(item.position + 1) or item.rating
    if picked:
        return int(picked)
    rating = item.suggested_rating
    if rating is None:  # the grader suggested none: derive it from the score
        score = item.score or 0.0
        rating = 1 if score < 2 else 2 if score < 3 else 3 if score < 4.5 else 4
    return max(int(rating), 2) if is_unsure(item.grade) else int(rating)


def unsure_items(store: Store, interview_id: int, user: str = LOCAL_USER) -> list[db.ItemRow]:
    """The graded answers of an interview whose grade is unsure and that have no rating yet: the person rates
    these, comparing their answer with the model answer."""
    with store.read() as conn:
        interview = db.load_interview(conn, interview_id, user)
    return [
        i
        for i in interview.items
        if i.status in ("answered", "overtime")
        and i.grade is not None
        and i.review_id is None
        and is_unsure(i.grade)
    ]


def finish_interview(
    store: Store,
    interview_id: int,
    now: datetime,
    rng: random.Random,
    ratings: dict[int, int] | None = None,
    user: str = LOCAL_USER,
) -> dict[str, Any]:
    """Record every graded answer as a review of its card (the rating chosen for it, by 1-based position, else the
    grade's suggestion, never Again for an unsure grade) and store the report. Run again after a crash, it records
    no review twice."""
    from mldrill import study

    chosen = ratings or {}
    for position, rating in chosen.items():
        if rating not in RATING_NAMES:
            raise UsageError(
                f"question {position}: a rating is 1-4 (Again, Hard, Good, Easy), not {rating!r}"
            )
    with store.write() as conn:
        interview = db.load_interview(conn, interview_id, user)
        if interview.finished_at is None:
            db.update_interview(conn, interview_id, finished_at=now)
    at = interview.finished_at or now
    settings = study.load_settings(store, user)
    for item in interview.items:
        if item.status not in ("answered", "overtime") or item.grade is None or item.review_id is not None:
            continue
        rating = _rating_for(item, chosen)
        with store.read() as conn:
            review_id = db.review_at(conn, user, item.question_id, at)
        if review_id is None:
            recorded = study.record_review(
                store, item.question_id, rating, at, settings, rng, item.elapsed_ms or None, user
            )
            review_id = recorded.review_id
        with store.write() as conn:
            db.update_item(conn, item.id, rating=rating, review_id=review_id)
    return _store_report(store, interview_id, at, user)


def _store_report(store: Store, interview_id: int, now: datetime, user: str) -> dict[str, Any]:
    report = build_stored_report(store, interview_id, user)
    report["status"] = "finished"
    with store.write() as conn:
        db.save_report(conn, interview_id, report, report["score"], now)
        db.update_interview(conn, interview_id, status="finished")
    return report


def change_rating(
    store: Store,
    interview_id: int,
    position: int,
    rating: int,
    now: datetime,
    rng: random.Random,
    user: str = LOCAL_USER,
) -> dict[str, Any]:
    """Change the rating an interview answer was recorded with (1-based position): the review is taken back and
    recorded again with the new rating. Refused (study.UndoRefused) if the card was reviewed since."""
    from mldrill import study

    if rating not in RATING_NAMES:
        raise UsageError(f"a rating is 1-4 (Again, Hard, Good, Easy), not {rating!r}")
    with store.read() as conn:
        interview = db.load_interview(conn, interview_id, user)
    if interview.status != "finished":
        raise UsageError(f"interview {interview_id} is not finished yet: `mldrill interview resume` first")
    item = next((i for i in interview.items if i.position == position - 1), None)
    if item is None:
        raise NotFound(f"interview {interview_id} has no question {position} (it has {len(interview.items)})")
    if item.review_id is None:
        raise UsageError(f"question {position} was not graded ({item.status}), so it has no rating to change")
    if item.rating == rating:
        return get_report(store, interview_id, user)
    settings = study.load_settings(store, user)
    study.undo_review(store, item.review_id, user)
    recorded = study.record_review(
        store, item.question_id, rating, now, settings, rng, item.elapsed_ms or None, user
    )
    with store.write() as conn:
        db.update_item(conn, item.id, rating=rating, review_id=recorded.review_id)
    return _store_report(store, interview_id, interview.finished_at or now, user)


def resume_target(store: Store, interview_id: int | None, user: str = LOCAL_USER) -> int:
    """The interview `resume` continues: the one named, else the newest unfinished one."""
    if interview_id is None:
        found = latest_unfinished(store, user)
        if found is None:
            raise NotFound("no interview to resume; start one with `mldrill interview`")
        return found
    with store.read() as conn:
        interview = db.load_interview(conn, interview_id, user)
    if interview.status in ("finished", "abandoned"):
        raise UsageError(
            f"interview {interview_id} is {interview.status}; see `mldrill interviews show {interview_id}`"
        )
    return interview_id


def plan_summary(plan: Plan) -> dict[str, Any]:
    """The JSON of `mldrill interview plan --json`."""
    d = plan.to_dict()
    d["questions"] = [
        {**q, "position": n + 1, "budget_minutes": q["minutes"]} for n, q in enumerate(d["questions"])
    ]
    return d


__all__ = [
    "RATING_NAMES",
    "build_stored_report",
    "change_rating",
    "create_interview",
    "finish_interview",
    "gather_candidates",
    "get_report",
    "latest_unfinished",
    "list_interviews",
    "make_plan",
    "plan_summary",
    "resume_target",
    "unsure_items",
]
