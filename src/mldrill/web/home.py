"""`/` and `/api/home`: what is due now, what is new, the streak, and the suggested next step."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mldrill.app.stats import HomeSummary, home_summary
from mldrill.web.deps import context, study_settings
from mldrill.web.pages import page

router = APIRouter()


def suggestion(home: HomeSummary) -> dict[str, str]:
    if home.questions == 0:
        return {"text": "There are no questions yet.", "href": "/import", "label": "Import a question bank"}
    if home.due_now:
        s = "s" if home.due_now != 1 else ""
        return {"text": f"{home.due_now} card{s} due now.", "href": "/study", "label": "Study"}
    if home.new_available:
        s = "s" if home.new_available != 1 else ""
        return {
            "text": f"{home.new_available} new card{s} to learn today.",
            "href": "/study",
            "label": "Study new cards",
        }
    return {
        "text": "All caught up for today. A mock interview practises without touching the schedule.",
        "href": "/interview",
        "label": "Sit a mock interview",
    }


def _summary(request: Request) -> HomeSummary:
    return home_summary(context(request), study_settings(request))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home_page(request: Request) -> HTMLResponse:
    home = _summary(request)
    return page(request, "home.html", title="Home", home=home, suggestion=suggestion(home))


@router.get("/api/home", tags=["home"])
def home_api(request: Request) -> dict[str, Any]:
    """Due now, due later today, new available, reviews today, streak, next due, and the next step."""
    home = _summary(request)
    return {**home.to_dict(), "next_step": suggestion(home)}
