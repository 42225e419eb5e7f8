"""`/study`: a study sitting in the browser, keyboard first. The question comes first; Space reveals the answer;
1-4 rate (each button shows the interval it gives); u undoes the last rating; s skips; b buries until tomorrow;
t switches typed mode, where the typed answer is graded (Ctrl+Enter) and Enter takes the suggested rating.

The sitting lives in the database (`mldrill.app.study_session.Session`); the page carries only its id
(`/study?session=N`), so a reload, a second tab or a restarted server continue it. Actions are plain form posts
that htmx sends and swaps into `#study-area`; without htmx they redirect back to the page. The JSON API is in
`study_api`.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mldrill.app.grading import grade_question
from mldrill.app.study_session import Session
from mldrill.errors import MldrillError, UsageError
from mldrill.models import DIFFICULTIES, QuestionFilter
from mldrill.web import study_api
from mldrill.web.deps import context, study_settings
from mldrill.web.pages import page
from mldrill.web.study_view import card_meta, counts_dict, grade_view

log = logging.getLogger("mldrill.web")
router = APIRouter()
router.include_router(study_api.router)

MAX_ID = study_api.MAX_ID
MAX_ANSWER = study_api.MAX_ANSWER
MAX_FILTER = study_api.MAX_FILTER
MAX_DURATION_MS = study_api.MAX_DURATION_MS
TRUE_WORDS = {"1", "true", "on", "yes"}


def study_url(session: Session | int, typed: bool = False, reveal: bool = False) -> str:
    session_id = session if isinstance(session, int) else session.id
    values: dict[str, Any] = {"session": session_id}
    if typed:
        values["type"] = 1
    if reveal:
        values["reveal"] = 1
    return "/study?" + urlencode(values)


def _filters(topic: str, company: str, difficulty: str) -> QuestionFilter:
    difficulty = difficulty.strip().lower()
    if difficulty and difficulty not in DIFFICULTIES:
        raise UsageError(f"difficulty must be one of {', '.join(DIFFICULTIES)}, not {difficulty!r}")
    return QuestionFilter(
        topic=topic.strip() or None, company=company.strip() or None, difficulty=difficulty or None
    )


def _cram_url(session: Session, typed: bool) -> str:
    """A cram sitting over the same questions as `session`."""
    values: dict[str, Any] = {"cram": 1}
    for name in ("topic", "company", "difficulty"):
        if session.state.filters.get(name):
            values[name] = session.state.filters[name]
    if typed:
        values["type"] = 1
    return "/study?" + urlencode(values)


def _filter_text(session: Session) -> str:
    values = session.state.filters
    shown = [f"{name} {values[name]}" for name in ("topic", "company", "difficulty") if values.get(name)]
    return ", ".join(shown)


def _render(
    request: Request,
    session: Session,
    typed: bool,
    revealed: bool = False,
    *,
    attempt: str | None = None,
    grade: Any = None,
    grade_error: str | None = None,
    flash: str | None = None,
    flash_kind: str = "",
    status: int = 200,
) -> HTMLResponse:
    """The study page, or for an htmx request just its card area."""
    card = session.current
    view = grade_view(grade) if grade is not None else None
    partial = request.headers.get("hx-request") == "true"
    return page(
        request,
        "study_card.html" if partial else "study.html",
        status=status,
        title="Study",
        session=session,
        card=card,
        meta=card_meta(card) if card else [],
        counts=counts_dict(session.counts()),
        typed=typed,
        revealed=revealed or attempt is not None,
        attempt=attempt,
        grade=view,
        grade_error=grade_error,
        preselected=view["preselected_rating"] if view else None,
        unsure=bool(view and view["unsure"]),
        flash=flash,
        flash_kind=flash_kind,
        can_undo=session.can_undo(),
        reviewed=session.reviewed,
        filters=session.state.filters,
        filter_text=_filter_text(session),
        reveal_url=study_url(session, typed, reveal=True),
        toggle_url=study_url(session, not typed),
        cram_url=_cram_url(session, typed),
        max_answer=MAX_ANSWER,
    )


def _resume(request: Request, session_id: int) -> Session:
    session = Session.resume(context(request), session_id, study_settings(request))
    if session.current is None and not session.cram:
        session.advance()  # a learning card may have come due since the sitting ran out
    return session


@router.get("/study", response_class=HTMLResponse, include_in_schema=False)
def study_page(
    request: Request,
    session: int | None = Query(None, ge=1, le=MAX_ID),
    typed: str = Query("", alias="type", max_length=8),
    reveal: str = Query("", max_length=8),
    topic: str = Query("", max_length=MAX_FILTER),
    company: str = Query("", max_length=MAX_FILTER),
    difficulty: str = Query("", max_length=16),
    cram: str = Query("", max_length=8),
) -> Response:
    """Without `session`: start a sitting with the filters given and go to its page; with it: continue it."""
    is_typed = typed.lower() in TRUE_WORDS
    if session is None:
        ctx = context(request)
        started = Session.start(
            ctx, study_settings(request), _filters(topic, company, difficulty), cram.lower() in TRUE_WORDS
        )
        return RedirectResponse(study_url(started, is_typed), status_code=303)
    return _render(request, _resume(request, session), is_typed, reveal.lower() in TRUE_WORDS)


def _after(
    request: Request, session: Session, typed: bool, flash: str, kind: str = "", reveal: bool = False
) -> Response:
    """An action's answer: the card area for htmx, else back to the page (a plain form post)."""
    if request.headers.get("hx-request") == "true":
        return _render(request, session, typed, reveal, flash=flash, flash_kind=kind)
    return RedirectResponse(study_url(session, typed, reveal), status_code=303)


def _stale(session: Session, question: int) -> bool:
    """True when the form was for another card than the sitting's current one (a double key press, or another
    tab moved on)."""
    return session.current is None or session.current.question.id != question


STALE = "That card was already rated or moved on (maybe in another tab); this is the current one."


def _duration(text: str) -> int | None:
    text = text.strip()
    if not text.isdigit():
        return None
    value = int(text)
    return value if value <= MAX_DURATION_MS else None


@router.post("/study/rate", include_in_schema=False)
def rate(
    request: Request,
    session: int = Form(ge=1, le=MAX_ID),
    question: int = Form(ge=1, le=MAX_ID),
    rating: int = Form(ge=1, le=4),
    duration_ms: str = Form("", max_length=12),
    typed: str = Form("", alias="type", max_length=8),
) -> Response:
    sitting = _resume(request, session)
    is_typed = typed.lower() in TRUE_WORDS
    if _stale(sitting, question):
        return _after(request, sitting, is_typed, STALE, "bad")
    try:
        sitting.rate(rating, _duration(duration_ms))
    except MldrillError as exc:
        return _after(request, sitting, is_typed, str(exc), "bad")
    return _after(request, sitting, is_typed, "")


@router.post("/study/undo", include_in_schema=False)
def undo(
    request: Request,
    session: int = Form(ge=1, le=MAX_ID),
    typed: str = Form("", alias="type", max_length=8),
) -> Response:
    sitting = _resume(request, session)
    is_typed = typed.lower() in TRUE_WORDS
    try:
        sitting.undo()
    except MldrillError as exc:  # UndoRefused: nothing to undo, or the card changed since
        return _after(request, sitting, is_typed, str(exc), "bad")
    return _after(request, sitting, is_typed, "Undone: rate this card again.", "good", reveal=True)


@router.post("/study/skip", include_in_schema=False)
def skip(
    request: Request,
    session: int = Form(ge=1, le=MAX_ID),
    question: int = Form(ge=1, le=MAX_ID),
    typed: str = Form("", alias="type", max_length=8),
) -> Response:
    sitting = _resume(request, session)
    is_typed = typed.lower() in TRUE_WORDS
    if _stale(sitting, question):
        return _after(request, sitting, is_typed, STALE, "bad")
    sitting.skip()
    return _after(request, sitting, is_typed, "Skipped: it comes back once the rest are done.")


@router.post("/study/bury", include_in_schema=False)
def bury(
    request: Request,
    session: int = Form(ge=1, le=MAX_ID),
    question: int = Form(ge=1, le=MAX_ID),
    typed: str = Form("", alias="type", max_length=8),
) -> Response:
    sitting = _resume(request, session)
    is_typed = typed.lower() in TRUE_WORDS
    if _stale(sitting, question):
        return _after(request, sitting, is_typed, STALE, "bad")
    sitting.bury()
    message = "Buried until tomorrow." if not sitting.cram else "Dropped from this cram sitting."
    return _after(request, sitting, is_typed, message)


@router.post("/study/attempt", include_in_schema=False)
def attempt(
    request: Request,
    session: int = Form(ge=1, le=MAX_ID),
    question: int = Form(ge=1, le=MAX_ID),
    answer: str = Form("", max_length=MAX_ANSWER),
) -> Response:
    """Grade a typed answer and keep it; the page shows the grade, the model answer and the rating buttons."""
    sitting = _resume(request, session)
    if _stale(sitting, question):
        return _render(request, sitting, True, flash=STALE, flash_kind="bad")
    if not answer.strip():
        message = "Type an answer first, or press Esc then Space to see the answer without typing."
        return _render(request, sitting, True, flash=message, flash_kind="bad")
    grade, error = None, None
    try:
        _, grade = grade_question(sitting.ctx, question, answer)
    except MldrillError as exc:  # nothing to grade against, or the grader cannot load: rate yourself
        error = f"Not graded: {exc}. Compare with the model answer and rate it yourself."
    except Exception as exc:  # a grader bug: reported on the page, the attempt is still kept
        log.exception("grading question %s failed", question)
        error = (
            f"The grader failed ({type(exc).__name__}); compare with the model answer and rate it yourself."
        )
    sitting.attempt(answer, grade)
    return _render(request, sitting, True, attempt=answer, grade=grade, grade_error=error)
