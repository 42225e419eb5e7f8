"""The mock-interview JSON API: plan and create an interview, sit it step by step, finish it, change a rating.

Every request builds its own `InterviewSession` (the interview's state lives in the database, so any request
continues it by id) and calls `resume` with the step the client shows and its count of the time used. Shapes:

    POST /api/interviews/plan      PlanRequest -> the plan (nothing saved)
    POST /api/interviews           PlanRequest -> 201 {"id", "plan"}
    GET  /api/interviews           -> [{"id", "status", "company", "level", "minutes", "created_at", ...}]
    GET  /api/interviews/{id}      -> {"id", "status", "plan", "step", "clocks", "to_rate", "report"}
    POST /api/interviews/{id}/start                 -> the state
    POST /api/interviews/{id}/save    SaveRequest   -> {"changed", "clocks"}
    POST /api/interviews/{id}/submit  SubmitRequest -> {"status", "grade", "grade_error", "followup", "next", "over"}
    POST /api/interviews/{id}/skip    StepRequest   -> the same
    POST /api/interviews/{id}/end     StepRequest   -> the state (the questions left are not reached)
    POST /api/interviews/{id}/finish  FinishRequest -> the report (reviews recorded)
    POST /api/interviews/{id}/rating  RatingRequest -> the report
    POST /api/interviews/{id}/abandon               -> the state

An interview that is over (finished, abandoned, or with nothing left to answer where a step is wanted) answers 409
`interview_over`; a step that is no longer the open one answers 409 `step_closed`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from mldrill.app import interviews as service
from mldrill.app.context import Context
from mldrill.app.interview_run import Clocks, InterviewOver, InterviewSession, Outcome, Step, StepClosed
from mldrill.interview.plan import PlanOptions
from mldrill.web.deps import context
from mldrill.web.errors import WebError

router = APIRouter(tags=["interviews"])

MAX_ID = 2**31 - 1
MAX_TEXT = 100_000  # characters of one answer: far above a five-minute answer
MAX_USED_MS = 24 * 3600 * 1000
MAX_MINUTES = 600.0
MAX_POSITION = 1000
MAX_SEED = 2**53


def clean_text(text: str) -> str:
    """Text the store can keep: no NUL characters, no lone surrogates."""
    if "\x00" in text:
        raise ValueError("must not contain NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode (it holds a lone surrogate)") from None
    return text


AnswerText = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(clean_text)]
Name = Annotated[str, Field(max_length=100), AfterValidator(clean_text)]
Position = Annotated[int, Field(ge=1, le=MAX_POSITION)]
Rating = Annotated[int, Field(ge=1, le=4)]
Part = Literal["answer", "followup"]
Level = Literal["junior", "mid", "senior"]
InterviewId = Annotated[int, Path(ge=1, le=MAX_ID, description="The interview's id.")]


class PlanRequest(BaseModel):
    """What shapes an interview (the options of `mldrill interview`)."""

    model_config = ConfigDict(extra="forbid")
    company: Name | None = Field(
        default=None, description="Shape it for this company (its questions and topics)."
    )
    minutes: float = Field(default=45.0, ge=1, le=MAX_MINUTES, allow_inf_nan=False, description="Its length.")
    level: Level = Field(default="mid", description="Shifts the mix towards easier or harder questions.")
    topics: list[Name] = Field(default_factory=list, max_length=50, description="Only these topics.")
    seed: int | None = Field(
        default=None, ge=0, le=MAX_SEED, description="The same seed gives the same plan."
    )

    def options(self) -> PlanOptions:
        seed = self.seed if self.seed is not None else random.SystemRandom().randrange(1, 2**31)
        return PlanOptions(
            company=self.company, minutes=self.minutes, topics=tuple(self.topics), level=self.level, seed=seed
        )


class StepRequest(BaseModel):
    """The step the client shows (None: whichever is open), what is typed, and the time it counted on it."""

    model_config = ConfigDict(extra="forbid")
    text: AnswerText = ""
    used_ms: int | None = Field(
        default=None,
        ge=0,
        le=MAX_USED_MS,
        description="Time used on this step as the client counted it; held between the time stored and the "
        "time since the step opened. Absent: the time of the last save.",
    )
    position: Position | None = Field(default=None, description="1-based position of the question shown.")
    part: Part | None = Field(default=None, description="answer, or followup.")


class SaveRequest(StepRequest):
    pass


class SubmitRequest(StepRequest):
    timed_out: bool = Field(default=False, description="The question's time ran out: kept, marked overtime.")


class FinishRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ratings: dict[Position, Rating] = Field(
        default_factory=dict,
        max_length=MAX_POSITION,
        description="Ratings chosen (1 Again .. 4 Easy) by 1-based position; the rest keep the grade's suggestion.",
    )


class RatingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    position: Position
    rating: Rating


# Shared with the pages


def session_of(ctx: Context, interview_id: int) -> InterviewSession:
    return InterviewSession(ctx, interview_id)


@contextmanager
def refusing_over() -> Iterator[None]:
    """An interview that is over, or a step no longer open, is a conflict (409) with the session's message."""
    try:
        yield
    except InterviewOver as exc:
        raise WebError(409, "interview_over", str(exc)) from exc
    except StepClosed as exc:
        raise WebError(409, "step_closed", str(exc)) from exc


def resume(session: InterviewSession, body: StepRequest) -> Step:
    with refusing_over():
        return session.resume(position=body.position, part=body.part, used_ms=body.used_ms)


def step_dict(step: Step) -> dict[str, Any]:
    record = step.question.record
    return {
        "position": step.position + 1,
        "count": step.count,
        "part": step.part,
        "question_id": step.question.id,
        "question": record.prompt,
        "prompt": step.prompt,
        "topic": record.topic,
        "difficulty": record.difficulty,
        "budget_s": step.budget_s,
        "draft": step.draft,
    }


def clocks_dict(session: InterviewSession, clocks: Clocks) -> dict[str, Any]:
    return {
        "used_ms": session.elapsed_ms(),
        "question_left_ms": round(clocks.question_left_s * 1000),
        "overall_left_ms": round(clocks.overall_left_s * 1000),
        "question_over": clocks.question_over,
        "overall_over": clocks.overall_over,
    }


def grade_dict(outcome: Outcome) -> dict[str, Any] | None:
    g = outcome.grade
    if g is None:
        return None
    data = {k: v for k, v in g.to_dict().items() if k != "detail"}
    data["points"] = [{**p.to_dict(), "why": p.why} for p in g.points]
    return {**data, "verdict_text": g.verdict_text, "hit": g.hit, "missed": g.missed}


def outcome_dict(outcome: Outcome) -> dict[str, Any]:
    return {
        "status": outcome.status,
        "grade": grade_dict(outcome),
        "grade_error": outcome.grade_error,
        "followup": outcome.followup,
        "next": step_dict(outcome.next) if outcome.next else None,
        "over": outcome.next is None,
    }


def to_rate(ctx: Context, interview_id: int) -> list[int]:
    """Positions (1-based) of the answers the grader was unsure about, to be rated by the person."""
    return [item.position + 1 for item in service.unsure_items(ctx, interview_id)]


def state(ctx: Context, interview_id: int) -> dict[str, Any]:
    """Where an interview stands: its plan; the open step and its clocks; once nothing is left to answer, the
    answers to rate and the report so far; once finished, the report."""
    session = session_of(ctx, interview_id)
    row = session.interview
    result: dict[str, Any] = {
        "id": row.id,
        "status": row.status,
        "company": row.company,
        "level": row.level,
        "minutes": row.minutes,
        "plan": service.plan_summary(row.plan),
        "step": None,
        "clocks": None,
        "to_rate": [],
        "report": None,
    }
    if row.status == "planned":
        return result
    if session.over:
        result["report"] = service.get_report(ctx, interview_id)
        if row.status == "running":
            result["to_rate"] = to_rate(ctx, interview_id)
        return result
    step = session.resume()
    result["step"] = step_dict(step)
    result["clocks"] = clocks_dict(session, session.clocks())
    return result


def finish(ctx: Context, interview_id: int, ratings: dict[int, int]) -> dict[str, Any]:
    with refusing_over():
        return session_of(ctx, interview_id).finish(ratings)


def abandon(ctx: Context, interview_id: int) -> None:
    with refusing_over():
        session_of(ctx, interview_id).abandon()


# Routes


@router.post("/api/interviews/plan")
def plan_api(request: Request, body: PlanRequest) -> dict[str, Any]:
    """The questions an interview with these options would ask, with their budgets and why (nothing saved)."""
    return service.plan_summary(service.make_plan(context(request), body.options()))


@router.post("/api/interviews", status_code=201)
def create_api(request: Request, body: PlanRequest) -> dict[str, Any]:
    """Plan an interview and store it, ready to start: `{"id", "plan"}`."""
    ctx = context(request)
    plan = service.make_plan(ctx, body.options())
    return {"id": service.create_interview(ctx, plan), "plan": service.plan_summary(plan)}


@router.get("/api/interviews")
def list_api(
    request: Request, limit: int | None = Query(None, ge=1, le=10_000, description="At most this many.")
) -> list[dict[str, Any]]:
    """Past interviews, newest first, with their question counts and scores."""
    return [s.to_dict() for s in service.list_interviews(context(request), limit)]


@router.get("/api/interviews/choices")
def choices_api(request: Request) -> dict[str, Any]:
    """What a plan can be shaped by: companies, top-level topics (with their question counts), levels."""
    return service.plan_choices(context(request)).to_dict()


@router.get("/api/interviews/{interview_id}")
def state_api(request: Request, interview_id: InterviewId) -> dict[str, Any]:
    """The interview's state: plan, open step and clocks, answers to rate, report (finished: the stored one)."""
    return state(context(request), interview_id)


@router.post("/api/interviews/{interview_id}/start")
def start_api(request: Request, interview_id: InterviewId) -> dict[str, Any]:
    """Start the interview (or go on with it): the first question opens and its clock starts."""
    ctx = context(request)
    resume(session_of(ctx, interview_id), StepRequest())
    return state(ctx, interview_id)


@router.post("/api/interviews/{interview_id}/save")
def save_api(request: Request, interview_id: InterviewId, body: SaveRequest) -> dict[str, Any]:
    """Save what is typed so far and the time used (a reload or a restart loses nothing saved)."""
    session = session_of(context(request), interview_id)
    resume(session, body)
    changed = session.save(body.text)
    return {"changed": changed, "clocks": clocks_dict(session, session.clocks())}


@router.post("/api/interviews/{interview_id}/submit")
def submit_api(request: Request, interview_id: InterviewId, body: SubmitRequest) -> dict[str, Any]:
    """Hand in the answer: graded; maybe a follow-up on the most important missed point; else the next step."""
    session = session_of(context(request), interview_id)
    resume(session, body)
    return outcome_dict(session.submit(body.text, timed_out=body.timed_out))


@router.post("/api/interviews/{interview_id}/skip")
def skip_api(request: Request, interview_id: InterviewId, body: StepRequest) -> dict[str, Any]:
    """Pass on this question or follow-up (what is typed is kept, ungraded)."""
    session = session_of(context(request), interview_id)
    resume(session, body)
    return outcome_dict(session.skip(body.text))


@router.post("/api/interviews/{interview_id}/end")
def end_api(request: Request, interview_id: InterviewId, body: StepRequest) -> dict[str, Any]:
    """End the questions now (what is typed is saved); the ones left are not reached. Then finish it."""
    ctx = context(request)
    session = session_of(ctx, interview_id)
    resume(session, body)
    session.save(body.text)
    session.stop_here()
    return state(ctx, interview_id)


@router.post("/api/interviews/{interview_id}/finish")
def finish_api(request: Request, interview_id: InterviewId, body: FinishRequest) -> dict[str, Any]:
    """Record each graded answer as a review (the rating chosen, else the grade's suggestion) and the report."""
    return finish(context(request), interview_id, dict(body.ratings))


@router.post("/api/interviews/{interview_id}/rating")
def rating_api(request: Request, interview_id: InterviewId, body: RatingRequest) -> dict[str, Any]:
    """Change the rating an answer of a finished interview was recorded with."""
    return service.change_rating(context(request), interview_id, body.position, body.rating)


@router.post("/api/interviews/{interview_id}/abandon")
def abandon_api(request: Request, interview_id: InterviewId) -> dict[str, Any]:
    """Give the interview up: nothing is recorded as a review."""
    ctx = context(request)
    abandon(ctx, interview_id)
    return state(ctx, interview_id)
