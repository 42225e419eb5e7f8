"""The end of a mock interview in the browser: the answers the grader was unsure about, each beside its model
answer, rated by the person before the reviews are recorded (as `mldrill interview` asks); the report (per
question: the answer, the grade, the points hit and missed, the model answer, the follow-up, the rating recorded,
which can be changed); and the list of past interviews at `/interviews`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mldrill.app import interviews as service
from mldrill.app.context import Context
from mldrill.errors import MldrillError
from mldrill.interview.report import minutes_seconds
from mldrill.ratings import RATING_NAMES
from mldrill.verdicts import STATUS_MARK, UNSURE_MESSAGE
from mldrill.web import interview_api as api
from mldrill.web.deps import context
from mldrill.web.errors import WebError
from mldrill.web.pages import page

router = APIRouter()

STATUS_WORDS = {
    "unreached": "not reached",
    "overtime": "overtime",
    "answered": "answered",
    "skipped": "skipped",
}


def _view_values() -> dict[str, Any]:
    return {
        "mmss": minutes_seconds,
        "ratings": RATING_NAMES,
        "status_words": STATUS_WORDS,
        "marks": STATUS_MARK,
        "unsure_message": UNSURE_MESSAGE,
    }


def finish_page(
    request: Request, ctx: Context, interview_id: int, flash: str = "", status: int = 200
) -> HTMLResponse:
    """Every question is done: rate the unsure answers, then finish (the reviews are recorded)."""
    report = service.get_report(ctx, interview_id)
    unsure = set(api.to_rate(ctx, interview_id))
    return page(
        request,
        "interview_finish.html",
        status=status,
        title=f"Interview #{interview_id}: finish",
        report=report,
        to_rate=[q for q in report["questions"] if q["position"] in unsure],
        flash=flash,
        **_view_values(),
    )


def report_page(
    request: Request,
    ctx: Context,
    interview_id: int,
    flash: str = "",
    flash_kind: str = "",
    status: int = 200,
    rated: int | None = None,
) -> HTMLResponse:
    report = service.get_report(ctx, interview_id)
    if rated is not None and not flash and 1 <= rated <= len(report["questions"]):
        name = report["questions"][rated - 1]["rating_name"]
        if name:
            flash, flash_kind = f"Question {rated} is now recorded as {name}.", "good"
    return page(
        request,
        "interview_report.html",
        status=status,
        title=f"Interview #{interview_id}: report",
        report=report,
        flash=flash,
        flash_kind=flash_kind,
        **_view_values(),
    )


def _ratings(form: Any, allowed: set[int]) -> dict[int, int]:
    """`rating-N` fields (N a 1-based position among `allowed`) -> {N: rating}."""
    chosen: dict[int, int] = {}
    for key, value in form.multi_items():
        if not key.startswith("rating-"):
            continue
        position, rating = key.removeprefix("rating-"), str(value).strip()
        if not position.isdigit() or int(position) not in allowed:
            raise WebError(422, "invalid_request", f"{key}: there is no answer to rate at that position")
        if rating not in ("1", "2", "3", "4"):
            raise WebError(422, "invalid_request", f"{key}: a rating is 1-4 (Again, Hard, Good, Easy)")
        chosen[int(position)] = int(rating)
    return chosen


def _finish(ctx: Context, interview_id: int, form: Any) -> Response:
    session = api.session_of(ctx, interview_id)
    if session.interview.status != "running":
        return RedirectResponse(f"/interviews/{interview_id}", status_code=303)
    if not session.over:
        raise WebError(409, "interview_running", f"interview {interview_id} still has questions to answer")
    chosen = _ratings(form, set(api.to_rate(ctx, interview_id)))
    api.finish(ctx, interview_id, chosen)
    return RedirectResponse(f"/interviews/{interview_id}", status_code=303)


@router.post("/interviews/{interview_id}/finish", include_in_schema=False)
async def finish(request: Request, interview_id: api.InterviewId) -> Response:
    """Record each graded answer as a review (the ratings chosen here, else the grade's suggestion)."""
    form = await request.form(max_fields=api.MAX_POSITION + 10)
    ctx = context(request)
    return await run_in_threadpool(_finish, ctx, interview_id, form)


@router.post("/interviews/{interview_id}/rating", include_in_schema=False)
def change_rating(
    request: Request,
    interview_id: api.InterviewId,
    position: int = Form(ge=1, le=api.MAX_POSITION),
    rating: int = Form(ge=1, le=4),
) -> Response:
    """Record the answer with another rating (the review is taken back and recorded again)."""
    ctx = context(request)
    api.session_of(ctx, interview_id)  # 404 for an unknown interview
    try:
        service.change_rating(ctx, interview_id, position, rating)
    except MldrillError as exc:  # not finished, no such question, not graded, or the card was reviewed since
        return report_page(request, ctx, interview_id, flash=str(exc), flash_kind="bad", status=409)
    return RedirectResponse(f"/interviews/{interview_id}?rated={position}#q{position}", status_code=303)


@router.get("/interviews", response_class=HTMLResponse, include_in_schema=False)
def interviews_page(request: Request, limit: int | None = Query(None, ge=1, le=10_000)) -> HTMLResponse:
    ctx = context(request)
    return page(
        request,
        "interviews.html",
        title="Past interviews",
        interviews=service.list_interviews(ctx, limit),
        unfinished=service.latest_unfinished(ctx),
    )
