"""`/interview`: a mock interview in the browser, keyboard first. The plan form (company, minutes, level, topics),
the plan with Start, then one question at a time with its countdown and the interview's, the answer saved every
few seconds and on every blur, Ctrl+Enter hands it in, s skips; a follow-up on the most important missed point
when the session asks one; at the end the answers the grader was unsure about are rated by hand and the report
is shown (`interview_report`).

Nothing is held between requests: each builds an `InterviewSession` from the database and `resume`s the step the
page shows, with the time the page counted on it (static/interview.js), so a reload, a second tab or a killed
server lose nothing saved. Actions are plain form posts answered with a redirect; the JSON API is in
`interview_api`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mldrill.app import interviews as service
from mldrill.app.interview_run import InterviewOver, InterviewSession, Step, StepClosed
from mldrill.errors import UsageError
from mldrill.interview.report import minutes_seconds
from mldrill.web import interview_api as api
from mldrill.web import interview_report
from mldrill.web.deps import context
from mldrill.web.errors import WebError
from mldrill.web.pages import page

router = APIRouter()
router.include_router(api.router)
router.include_router(interview_report.router)


def clock_text(ms: float) -> str:
    """mm:ss, the seconds rounded up (a clock shows 00:00 only once the time is out)."""
    seconds = max(int(ms / 1000 + 0.999), 0)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _used_ms(text: str) -> int | None:
    text = text.strip()
    if not text.isdigit() or len(text) > 12:
        return None
    return min(int(text), api.MAX_USED_MS)


def _part(text: str) -> str | None:
    return text if text in ("answer", "followup") else None


# The plan form


def _plan_form(
    request: Request, values: dict[str, Any] | None = None, flash: str = "", status: int = 200
) -> HTMLResponse:
    ctx = context(request)
    return page(
        request,
        "interview.html",
        status=status,
        title="Mock interview",
        choices=service.plan_choices(ctx),
        unfinished=service.latest_unfinished(ctx),
        values=values or {"company": "", "minutes": 45, "level": "mid", "topics": [], "seed": ""},
        flash=flash,
        max_minutes=int(api.MAX_MINUTES),
    )


@router.get("/interview", response_class=HTMLResponse, include_in_schema=False)
def plan_page(request: Request) -> HTMLResponse:
    return _plan_form(request)


@router.post("/interview", include_in_schema=False)
def plan_post(
    request: Request,
    company: str = Form("", max_length=100),
    minutes: float = Form(45.0, ge=1, le=api.MAX_MINUTES, allow_inf_nan=False),
    level: str = Form("mid", max_length=16),
    topics: list[str] = Form([], max_length=50),
    seed: str = Form("", max_length=20),
) -> Response:
    """Plan the interview and store it; its page shows the plan and Start."""
    values = {"company": company, "minutes": minutes, "level": level, "topics": topics, "seed": seed}
    try:
        body = api.PlanRequest.model_validate(
            {
                "company": company.strip() or None,
                "minutes": minutes,
                "level": level,
                "topics": [t for t in topics if t.strip()],
                "seed": int(seed) if seed.strip().isdigit() else None,
            }
        )
        if seed.strip() and not seed.strip().isdigit():
            raise UsageError(f"the seed is a whole number, not {seed.strip()!r}")
        ctx = context(request)
        plan = service.make_plan(ctx, body.options())
        interview_id = service.create_interview(ctx, plan)
    except (UsageError, ValueError) as exc:
        return _plan_form(request, values, flash=_message(exc), status=400)
    return _redirect(f"/interviews/{interview_id}")


def _message(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):  # a pydantic ValidationError
        return "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in errors()[:3])
    return str(exc)


# An interview's page: what it shows depends on where the interview stands


@router.get("/interviews/{interview_id}", response_class=HTMLResponse, include_in_schema=False)
def interview_page(
    request: Request,
    interview_id: api.InterviewId,
    rated: int | None = Query(None, ge=1, le=api.MAX_POSITION),
) -> Response:
    ctx = context(request)
    session = api.session_of(ctx, interview_id)
    row = session.interview
    if row.status == "planned":
        return page(
            request,
            "interview_plan.html",
            title=f"Interview #{interview_id}",
            interview=row,
            plan=service.plan_summary(row.plan),
            mmss=minutes_seconds,
        )
    if row.status == "running" and not session.over:
        return _redirect(f"/interviews/{interview_id}/run")
    if row.status == "running":
        return interview_report.finish_page(request, ctx, interview_id)
    return interview_report.report_page(request, ctx, interview_id, rated=rated)


@router.post("/interviews/{interview_id}/start", include_in_schema=False)
def start(request: Request, interview_id: api.InterviewId) -> Response:
    """The first question opens and its clock starts."""
    api.resume(api.session_of(context(request), interview_id), api.StepRequest())
    return _redirect(f"/interviews/{interview_id}/run")


@router.post("/interviews/{interview_id}/abandon", include_in_schema=False)
def abandon(request: Request, interview_id: api.InterviewId) -> Response:
    api.abandon(context(request), interview_id)
    return _redirect("/interviews")


# Sitting it


def _step_values(session: InterviewSession, step: Step) -> dict[str, Any]:
    clocks = api.clocks_dict(session, session.clocks())
    return {
        "step": api.step_dict(step),
        "clocks": clocks,
        "question_clock": clock_text(clocks["question_left_ms"]),
        "overall_clock": clock_text(clocks["overall_left_ms"]),
        "budget_ms": round(step.budget_s * 1000),
        "max_text": api.MAX_TEXT,
    }


def _outcome(ctx: Any, session: InterviewSession, position: int, part: str) -> dict[str, Any] | None:
    """What became of the step just handed in (the same words the terminal says), and what comes next."""
    report = service.build_stored_report(ctx, session.interview_id)
    if not 1 <= position <= len(report["questions"]):
        return None
    entry = report["questions"][position - 1]
    shown = entry["followup"] if part == "followup" else entry
    if shown is None:
        return None
    following = session.begin() if not session.over else None
    return {
        "position": position,
        "part": part,
        "status": shown["status"],
        "score": shown["score"],
        "verdict_text": shown.get("verdict_text"),
        "sure": shown.get("sure", True),
        "overtime": shown["overtime"],
        "followup_next": following is not None and following.part == "followup",
        "next": api.step_dict(following) if following else None,
        "overall_over": session.over
        and any(q["status"] == "unreached" for q in report["questions"][position:]),
    }


@router.get("/interviews/{interview_id}/run", response_class=HTMLResponse, include_in_schema=False)
def run_page(
    request: Request,
    interview_id: api.InterviewId,
    after: int | None = Query(None, ge=1, le=api.MAX_POSITION),
    part: str = Query("answer", max_length=10),
) -> Response:
    """The open step (or, with `after`, what became of the step just handed in, and a key to go on)."""
    ctx = context(request)
    session = api.session_of(ctx, interview_id)
    row = session.interview
    if row.status != "running":
        return _redirect(f"/interviews/{interview_id}")
    title = f"Interview #{interview_id}"
    if after is not None:
        outcome = _outcome(ctx, session, after, _part(part) or "answer")
        if outcome is not None:
            return page(request, "interview_run.html", title=title, interview=row, outcome=outcome, step=None)
    if session.over:
        return _redirect(f"/interviews/{interview_id}")
    step = session.resume()
    return page(
        request,
        "interview_run.html",
        title=title,
        interview=row,
        outcome=None,
        **_step_values(session, step),
    )


@router.post("/interviews/{interview_id}/answer", include_in_schema=False)
def answer(
    request: Request,
    interview_id: api.InterviewId,
    action: str = Form("submit", max_length=10),
    text: str = Form("", max_length=api.MAX_TEXT),
    position: int = Form(ge=1, le=api.MAX_POSITION),
    part: str = Form("answer", max_length=10),
    used_ms: str = Form("", max_length=20),
    timed_out: str = Form("", max_length=8),
) -> Response:
    """Hand the answer in (graded; maybe a follow-up) or skip it; then what became of it."""
    if action not in ("submit", "skip"):
        raise WebError(422, "invalid_request", f"action must be submit or skip, not {action!r}")
    text = _clean(text)
    session = api.session_of(context(request), interview_id)
    try:
        step = session.resume(position=position, part=_part(part), used_ms=_used_ms(used_ms))
    except (InterviewOver, StepClosed):  # handed in already (a second tab, a double key press)
        return _redirect(f"/interviews/{interview_id}")
    if action == "skip":
        session.skip(text)
    else:
        session.submit(text, timed_out=timed_out.strip().lower() in ("1", "true", "on", "yes"))
    return _redirect(f"/interviews/{interview_id}/run?after={step.position + 1}&part={step.part}")


@router.post("/interviews/{interview_id}/end", include_in_schema=False)
def end(
    request: Request,
    interview_id: api.InterviewId,
    text: str = Form("", max_length=api.MAX_TEXT),
    position: int = Form(ge=1, le=api.MAX_POSITION),
    part: str = Form("answer", max_length=10),
    used_ms: str = Form("", max_length=20),
    action: str = Form("", max_length=10),
    timed_out: str = Form("", max_length=8),
) -> Response:
    """End the questions now: what is typed is kept, the questions left are not reached; then finish."""
    text = _clean(text)
    session = api.session_of(context(request), interview_id)
    try:
        session.resume(position=position, part=_part(part), used_ms=_used_ms(used_ms))
    except (InterviewOver, StepClosed):
        return _redirect(f"/interviews/{interview_id}")
    session.save(text)
    session.stop_here()
    return _redirect(f"/interviews/{interview_id}")


def _clean(text: str) -> str:
    """A textarea's text as the page's own saves send it: forms send line breaks as CRLF."""
    try:
        return api.clean_text(text.replace("\r\n", "\n"))
    except ValueError as exc:
        raise WebError(422, "invalid_request", f"text: {exc}") from exc
