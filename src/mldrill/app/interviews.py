"""Interview use-cases shared by the CLI and (later) the web app: plan, create, finish, change a rating, list, report.

Nothing here prints; the time, the rng and the user come from the context. Each write is one transaction.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mldrill.errors import NotFound, UsageError
from mldrill.interview.plan import (
    LEVELS,
    Candidate,
    History,
    Plan,
    PlanOptions,
    candidate_from,
    plan_interview,
)
from mldrill.interview.records import InterviewSummary, ItemRow
from mldrill.models import Question, QuestionFilter
from mldrill.ratings import RATING_NAMES, clamp_rating, rating_for_score
from mldrill.store import interviews as db

if TYPE_CHECKING:
    from mldrill.app.context import Context
from mldrill.verdicts import is_unsure


def gather_candidates(ctx: Context) -> list[Candidate]:
    """Every active question as a planning candidate, with the person's history of it."""
    questions = ctx.store.list_questions(QuestionFilter())
    with ctx.store.read() as conn:
        history = db.question_history(conn, ctx.user)
    result = []
    for q in questions:
        h = history.get(q.id)
        plain = History(h.reps, h.lapses, h.last_rating, h.asked, h.last_score) if h else None
        result.append(candidate_from(q, plain))
    return result


@dataclass(frozen=True)
class PlanChoices:
    """What a plan form offers: the companies (most questions first, then by name), the top-level topics with
    their question counts (by name), and the levels."""

    companies: list[str]
    topics: list[tuple[str, int]]
    levels: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "companies": list(self.companies),
            "topics": [{"topic": t, "questions": n} for t, n in self.topics],
            "levels": list(self.levels),
        }


def plan_choices(ctx: Context) -> PlanChoices:
    candidates = gather_candidates(ctx)
    companies: Counter[str] = Counter(c.strip() for q in candidates for c in q.companies if c.strip())
    for name in ctx.store.company_topics():
        companies.setdefault(name.strip(), 0)
    topics = Counter(q.top_topic for q in candidates if q.topic)
    return PlanChoices(
        companies=sorted(companies, key=lambda name: (-companies[name], name.lower())),
        topics=sorted(topics.items()),
        levels=list(LEVELS),
    )


def make_plan(ctx: Context, options: PlanOptions) -> Plan:
    """Plan an interview on this store for this person, drawing with `random.Random(options.seed)`."""
    options = options.checked()
    candidates = gather_candidates(ctx)
    if not candidates:
        raise UsageError("there are no questions to ask: run `mldrill init` or `mldrill import PATH` first")
    with ctx.store.read() as conn:
        recent = db.recent_question_ids(conn, ctx.user, options.no_repeat)
    return plan_interview(
        candidates,
        options,
        random.Random(options.seed),
        company_topics=ctx.store.company_topics(),
        recent=recent,
    )


def create_interview(ctx: Context, plan: Plan) -> int:
    """Store a plan as an interview ready to sit; returns its id."""
    if not plan.questions:
        raise UsageError("the plan has no questions; " + ("; ".join(plan.warnings) or "try more --minutes"))
    o = plan.options
    with ctx.store.write() as conn:
        return db.insert_interview(
            conn,
            ctx.user,
            company=o.company,
            level=o.level,
            minutes=o.minutes,
            topics=list(o.topics),
            seed=o.seed,
            plan=plan.to_dict(),
            questions=[(q.question_id, q.minutes * 60) for q in plan.questions],
            now=ctx.now(),
        )


def latest_unfinished(ctx: Context) -> int | None:
    with ctx.store.read() as conn:
        return db.latest_unfinished(conn, ctx.user)


def list_interviews(ctx: Context, limit: int | None = None) -> list[InterviewSummary]:
    with ctx.store.read() as conn:
        return db.list_interviews(conn, ctx.user, limit)


def _questions(ctx: Context, ids: list[int]) -> dict[int, Question]:
    found = ctx.store.list_questions(QuestionFilter(ids=tuple(ids), include_retired=True))
    return {q.id: q for q in found}


def build_stored_report(ctx: Context, interview_id: int) -> dict[str, Any]:
    """The report of an interview as it stands now (finished or not)."""
    from mldrill.interview.report import build_report

    with ctx.store.read() as conn:
        interview = db.load_interview(conn, interview_id, ctx.user)
    return build_report(interview, _questions(ctx, [i.question_id for i in interview.items]))


def get_report(ctx: Context, interview_id: int) -> dict[str, Any]:
    """The stored report of a finished interview; for one still going, the report so far."""
    with ctx.store.read() as conn:
        interview = db.load_interview(conn, interview_id, ctx.user)
        stored = db.get_report(conn, interview_id)
    if stored is not None and interview.status == "finished":
        return stored
    return build_stored_report(ctx, interview_id)


def _rating_for(item: ItemRow, chosen: dict[int, int]) -> int:
    """The person's rating if they chose one, else the grade's suggestion; an unsure grade is never recorded
    as Again unless the person chose Again."""
    picked = chosen.get(item.position + 1) or item.rating
    if picked:
        return int(picked)
    rating = item.suggested_rating
    if rating is None:  # the grader suggested none: the one table gives it from the score
        rating = rating_for_score(item.score or 0.0)
    return clamp_rating(rating, unsure=is_unsure(item.grade))


def unsure_items(ctx: Context, interview_id: int) -> list[ItemRow]:
    """The graded answers of an interview whose grade is unsure and that have no rating yet: the person rates
    these, comparing their answer with the model answer."""
    with ctx.store.read() as conn:
        interview = db.load_interview(conn, interview_id, ctx.user)
    return [
        i
        for i in interview.items
        if i.status in ("answered", "overtime")
        and i.grade is not None
        and i.review_id is None
        and is_unsure(i.grade)
    ]


def finish_interview(
    ctx: Context, interview_id: int, ratings: dict[int, int] | None = None
) -> dict[str, Any]:
    """Record every graded answer as a review of its card (the rating chosen for it, by 1-based position, else the
    grade's suggestion, never Again for an unsure grade) and store the report. Run again after a crash, it records
    no review twice."""
    from mldrill.app import study

    chosen = ratings or {}
    for position, rating in chosen.items():
        if rating not in RATING_NAMES:
            raise UsageError(
                f"question {position}: a rating is 1-4 (Again, Hard, Good, Easy), not {rating!r}"
            )
    now = ctx.now()
    with ctx.store.write() as conn:
        interview = db.load_interview(conn, interview_id, ctx.user)
        if interview.finished_at is None:
            db.update_interview(conn, interview_id, finished_at=now)
    at = interview.finished_at or now
    settings = study.load_settings(ctx)
    for item in interview.items:
        if item.status not in ("answered", "overtime") or item.grade is None or item.review_id is not None:
            continue
        rating = _rating_for(item, chosen)
        with ctx.store.read() as conn:
            review_id = db.review_at(conn, ctx.user, item.question_id, at)
        if review_id is None:
            recorded = study.record_review(
                ctx.at(at), item.question_id, rating, settings, item.elapsed_ms or None
            )
            review_id = recorded.review_id
        with ctx.store.write() as conn:
            db.update_item(conn, item.id, rating=rating, review_id=review_id)
    return _store_report(ctx, interview_id, at)


def _store_report(ctx: Context, interview_id: int, now: datetime) -> dict[str, Any]:
    report = build_stored_report(ctx, interview_id)
    report["status"] = "finished"
    with ctx.store.write() as conn:
        db.save_report(conn, interview_id, report, report["score"], now)
        db.update_interview(conn, interview_id, status="finished")
    return report


def change_rating(ctx: Context, interview_id: int, position: int, rating: int) -> dict[str, Any]:
    """Change the rating an interview answer was recorded with (1-based position): the review is taken back and
    recorded again with the new rating. Refused (study.UndoRefused) if the card was reviewed since."""
    from mldrill.app import study

    if rating not in RATING_NAMES:
        raise UsageError(f"a rating is 1-4 (Again, Hard, Good, Easy), not {rating!r}")
    with ctx.store.read() as conn:
        interview = db.load_interview(conn, interview_id, ctx.user)
    if interview.status != "finished":
        raise UsageError(f"interview {interview_id} is not finished yet: `mldrill interview resume` first")
    item = next((i for i in interview.items if i.position == position - 1), None)
    if item is None:
        raise NotFound(f"interview {interview_id} has no question {position} (it has {len(interview.items)})")
    if item.review_id is None:
        raise UsageError(f"question {position} was not graded ({item.status}), so it has no rating to change")
    if item.rating == rating:
        return get_report(ctx, interview_id)
    settings = study.load_settings(ctx)
    study.undo_review(ctx, item.review_id)
    recorded = study.record_review(ctx, item.question_id, rating, settings, item.elapsed_ms or None)
    with ctx.store.write() as conn:
        db.update_item(conn, item.id, rating=rating, review_id=recorded.review_id)
    return _store_report(ctx, interview_id, interview.finished_at or ctx.now())


def resume_target(ctx: Context, interview_id: int | None) -> int:
    """The interview `resume` continues: the one named, else the newest unfinished one."""
    if interview_id is None:
        found = latest_unfinished(ctx)
        if found is None:
            raise NotFound("no interview to resume; start one with `mldrill interview`")
        return found
    with ctx.store.read() as conn:
        interview = db.load_interview(conn, interview_id, ctx.user)
    if interview.status in ("finished", "abandoned"):
        raise UsageError(
            f"interview {interview_id} is {interview.status}; see `mldrill interviews show {interview_id}`"
        )
    return interview_id


def mark_interview_answers(
    ctx: Context, interview_id: int, marks: list[tuple[int, bool]]
) -> list[tuple[int, bool]]:
    """Keep the answers to the given questions (1-based position, correct?) as marked answers of `ctx.user`.
    All are checked before any is kept; returns the marks kept."""
    from mldrill.app.marks import mark_answer

    questions = get_report(ctx, interview_id)["questions"]
    for position, _ in marks:
        if not 1 <= position <= len(questions):
            raise UsageError(f"--mark {position}: this interview has questions 1 to {len(questions)}")
        if not str(questions[position - 1]["answer"]).strip():
            raise UsageError(f"--mark {position}: nothing was written for question {position}")
    for position, ok in marks:
        q = questions[position - 1]
        mark_answer(ctx, q["question_id"], q["answer"], ok, source="interview")
    return marks


def plan_summary(plan: Plan | dict[str, Any]) -> dict[str, Any]:
    """The JSON of `mldrill interview plan --json`; of a stored interview's plan (`InterviewRow.plan`) too."""
    d = dict(plan) if isinstance(plan, dict) else plan.to_dict()
    d["questions"] = [
        {**q, "position": n + 1, "budget_minutes": q["minutes"]} for n, q in enumerate(d.get("questions", []))
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
    "mark_interview_answers",
    "plan_choices",
    "plan_summary",
    "resume_target",
    "unsure_items",
]
