"""`/progress` and `/api/stats`: the study figures and six charts (reviews per day as a calendar, the 30-day
forecast, true retention per week, mastery per topic, readiness per company, interview scores).

The page carries the chart series as a JSON data block (`<script type="application/json">`, which the CSP lets
through because it is never run); static/progress.js reads it and draws with the vendored Chart.js. Every chart
has a heading, a one-sentence summary, a table of the same figures inside <details>, and an empty state.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from mldrill.app.progress import MAX_WEEKS, WEEKS, Progress, progress
from mldrill.app.stats import Mastery
from mldrill.web.deps import context, study_settings
from mldrill.web.pages import page

router = APIRouter()

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def data_block(data: Any) -> Markup:
    """JSON safe inside a <script type="application/json"> element: no "<", ">" or "&" survives as itself, so
    no `</script>` or `<!--` in a topic or company name can end the element early. JSON.parse reads it back."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _by_score(groups: list[Mastery]) -> list[Mastery]:
    return sorted(groups, key=lambda m: (-m.score, m.name))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def chart_data(p: Progress, desired_retention: float) -> dict[str, Any]:
    """What progress.js draws: one series per chart."""

    def group(m: Mastery) -> dict[str, Any]:
        return {"name": m.name, "score": m.score, "coverage": m.coverage, "studied": m.studied}

    return {
        "weeks": p.weeks,
        "calendar": [[d.day, d.week, d.weekday, d.reviews] for d in p.calendar],
        "forecast": [[day, n] for day, n in p.stats.forecast],
        "retention": [[w.week, w.rate, w.total] for w in p.retention_by_week],
        "desired_retention": desired_retention,
        "topics": [group(m) for m in _by_score(p.topics)],
        "companies": [group(m) for m in _by_score(p.stats.companies)],
        "interviews": [
            {"id": i.id, "day": i.day, "company": i.company, "score": i.score} for i in p.interviews
        ],
    }


def summaries(p: Progress) -> dict[str, str]:
    """One sentence per chart saying what it shows; empty charts get their empty state instead."""
    s = p.stats
    out: dict[str, str] = {}
    days = [d for d in p.calendar if d.reviews]
    if days:
        busiest = max(days, key=lambda d: (d.reviews, d.day))
        out["calendar"] = (
            f"{_plural(p.reviews_shown, 'review')} on {_plural(len(days), 'day')} in the last {p.weeks} weeks; "
            f"the busiest day was {busiest.day} with {busiest.reviews}."
        )
    due = sum(n for _, n in s.forecast)
    if due:
        peak_day, peak = max(s.forecast, key=lambda f: f[1])
        out["forecast"] = (
            f"{_plural(due, 'card')} fall due in the next 30 days, {s.forecast[0][1]} of them today "
            f"(overdue included); the busiest day is {peak_day} with {peak}."
        )
    passed = sum(w.passed for w in p.retention_by_week)
    total = sum(w.total for w in p.retention_by_week)
    if total:
        weeks = sum(1 for w in p.retention_by_week if w.total)
        out["retention"] = (
            f"{_pct(passed / total)} of {_plural(total, 'review')} of cards in review were recalled (not rated "
            f"Again) over {_plural(weeks, 'week')} with such reviews; all time {_pct(s.retention.rate)}."
        )
    for key, groups, what in (("topics", p.topics, "topic"), ("companies", s.companies, "company")):
        studied = [m for m in groups if m.studied]
        if studied:
            ranked = _by_score(studied)
            best, worst = ranked[0], ranked[-1]
            plural = "companies" if what == "company" else "topics"
            out[key] = (
                f"{len(studied)} of {len(groups)} {plural} studied; strongest {best.name} ({_pct(best.score)}), "
                f"weakest {worst.name} ({_pct(worst.score)})."
            )
    if p.interviews:
        last, best_iv = p.interviews[-1], max(p.interviews, key=lambda i: i.score)
        out["interviews"] = (
            f"{_plural(len(p.interviews), 'finished interview')}; the latest ({last.day}) scored "
            f"{last.score:.1f}/5, the best {best_iv.score:.1f}/5."
        )
    return out


def calendar_rows(p: Progress) -> list[tuple[str, list[int | None]]]:
    """The calendar as table rows: (the week's Monday, reviews Monday..Sunday; None after today)."""
    rows: list[tuple[str, list[int | None]]] = []
    for d in p.calendar:
        if d.weekday == 0:
            rows.append((d.day, [None] * 7))
        rows[-1][1][d.weekday] = d.reviews
    return rows


@router.get("/progress", response_class=HTMLResponse, include_in_schema=False)
def progress_page(request: Request) -> HTMLResponse:
    settings = study_settings(request)
    p = progress(context(request), settings)
    return page(
        request,
        "progress.html",
        title="Progress",
        p=p,
        s=p.stats,
        summary=summaries(p),
        weekdays=WEEKDAYS,
        calendar_rows=calendar_rows(p),
        topics=_by_score(p.topics),
        companies=_by_score(p.stats.companies),
        pct=_pct,
        data=data_block(chart_data(p, settings.schedule.desired_retention)),
    )


@router.get("/api/stats", tags=["progress"])
def stats_api(
    request: Request,
    weeks: int = Query(WEEKS, ge=1, le=MAX_WEEKS, description="weeks of calendar and weekly retention"),
) -> dict[str, Any]:
    """The study figures (due, forecast, reviews per day, retention, streaks, mastery per topic, readiness per
    company) with the chart series: `calendar` (every study day of the last `weeks` weeks: day, week, weekday,
    reviews), `retention_by_week` (week, passed, total, rate) and `interview_scores` (finished interviews,
    oldest first)."""
    return progress(context(request), study_settings(request), weeks).to_dict()
