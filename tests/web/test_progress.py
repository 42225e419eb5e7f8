"""`/progress` and `GET /api/stats`: the figures and the six charts' series, empty states, a data block no name can
break out of, and the charts drawn by Chart.js in real Chromium at desktop and phone width."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from mldrill.app import study
from mldrill.app.context import LOCAL_USER, Context
from mldrill.app.progress import progress
from mldrill.store import Store
from tests.app.progress_history import sit_interview, study_days
from tests.context import ctx_at
from tests.store.factories import q, source
from tests.web.conftest import PHONE, T0, LiveServer, screenshot

CHARTS = ("calendar", "forecast", "retention", "topics", "companies", "interviews")
DATA_BLOCK = re.compile(r'<script type="application/json" id="progress-data">(.*?)</script>', re.S)


def _review_some(store: Store) -> list[int]:
    """Three new cards rated Easy at T0 (straight to review), then the first again a minute later (Good)."""
    ctx = ctx_at(store, T0)
    settings = study.load_settings(ctx)
    study.open_study(ctx)
    ids = [x.id for x in store.list_questions()[:3]]
    for qid in ids:
        study.record_review(ctx, qid, 4, settings)
    study.record_review(ctx_at(store, T0 + timedelta(minutes=1)), ids[0], 3, settings)
    return ids


def test_a_fresh_store_shows_an_empty_state_for_every_chart(client: Any) -> None:
    html = client.get("/progress").text
    for key in CHARTS:
        assert f'id="{key}-empty"' in html
    assert "<canvas" not in html
    assert "No reviews yet" in html and "No finished interview yet" in html
    assert 'data-action="toggle-tables"' not in html  # no table to show
    data = json.loads(DATA_BLOCK.search(html).group(1))  # type: ignore[union-attr]
    assert data["interviews"] == [] and all(day[3] == 0 for day in data["calendar"])


def test_api_stats_is_the_study_stats_with_the_chart_series(client: Any, deck_store: Store) -> None:
    _review_some(deck_store)
    body = client.get("/api/stats").json()
    expected = progress(ctx_at(deck_store, T0), study.load_settings(ctx_at(deck_store, T0))).to_dict()
    assert body == json.loads(json.dumps(expected))
    assert (body["reviews_today"], body["total_reviews"]) == (4, 4)
    assert body["calendar"][-1] == {"day": "2026-12-01", "week": 25, "weekday": 1, "reviews": 4}
    assert len(body["calendar"]) == 25 * 7 + 2 and len(body["retention_by_week"]) == 26
    assert body["retention_by_week"][-1] == {"week": "2026-11-30", "passed": 1, "total": 1, "rate": 1.0}
    assert body["interview_scores"] == []
    assert sum(f["due"] for f in body["forecast"]) == 3
    short = client.get("/api/stats", params={"weeks": 2}).json()
    assert len(short["retention_by_week"]) == 2 and len(short["calendar"]) == 9


def test_api_stats_refuses_a_bad_number_of_weeks(client: Any) -> None:
    for weeks in ("0", "521", "many"):
        response = client.get("/api/stats", params={"weeks": weeks})
        assert response.status_code == 422
        assert "weeks" in response.json()["error"]["message"]


def test_the_page_after_reviews_has_a_summary_a_canvas_and_a_table_per_studied_chart(
    client: Any, deck_store: Store
) -> None:
    _review_some(deck_store)
    html = client.get("/progress").text
    for key in ("calendar", "forecast", "retention", "topics", "companies"):
        assert f'<canvas id="{key}-chart" data-chart="{key}" role="img"' in html
        assert f'<p class="summary" id="{key}-summary">' in html
    assert 'id="interviews-empty"' in html  # no interview sat yet
    assert "4 reviews on 1 day in the last 26 weeks; the busiest day was 2026-12-01 with 4." in html
    assert "100% of 1 review of cards in review were recalled" in html
    assert '<span class="value" id="reviews-today">4</span>' in html
    assert (
        html.index("chart.umd.min.js") < html.index("chartjs-chart-matrix.min.js") < html.index("progress.js")
    )


def test_no_name_can_break_out_of_the_data_block(client: Any, deck_store: Store) -> None:
    company = "</script><script>window.pwned=1</script>"
    topic = "<!--<script>&amp;"
    deck_store.save_source(source("evil.md", [q("Evil?", companies=[company], topic=topic)]), T0)
    ctx = ctx_at(deck_store, T0)
    study.open_study(ctx)
    evil = next(x.id for x in deck_store.list_questions() if x.record.prompt == "Evil?")
    study.record_review(ctx, evil, 4, study.load_settings(ctx))
    html = client.get("/progress").text
    raw = DATA_BLOCK.search(html).group(1)  # type: ignore[union-attr]
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    assert company in [c["name"] for c in data["companies"]]
    assert topic in [t["name"] for t in data["topics"]]
    assert "window.pwned=1</script>" not in html.replace(raw, "")
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;" in html  # the tables show it as text


PAINTED = """(key) => {
  const canvas = document.getElementById(key + "-chart");
  const box = canvas.getBoundingClientRect();
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0, blue = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] === 0) continue;
    painted++;
    if (pixels[i + 2] > pixels[i] + 40) blue++;  // the data is drawn in blues, the axes and text in greys
  }
  return {width: box.width, height: box.height, painted: painted, blue: blue};
}"""


def _charts_drawn(page: Any, viewport_width: int) -> None:
    page.wait_for_function("window.mldrillCharts && Object.keys(window.mldrillCharts).length === 6")
    for key in CHARTS:
        drawn = page.evaluate(PAINTED, key)
        assert drawn["width"] > 0 and drawn["height"] > 0, (key, drawn)
        assert drawn["width"] <= viewport_width, (key, drawn)
        assert drawn["blue"] > 30, f"the {key} chart has no data drawn: {drawn}"


def _history(db: str) -> None:
    """Ten weeks of study and three interviews, written into the live server's store through the use-cases, all
    in the past of the real clock the server reads; then one review now, on the real clock."""
    now = datetime.now(UTC)
    with Store.open(db) as store:
        ctx = Context(store, LOCAL_USER)  # the real clock, as the server's
        settings = study.load_settings(ctx)
        assert study_days(store, now - timedelta(minutes=5), 70, 12, settings) > 100
        ids = [x.id for x in store.list_questions() if x.record.rubric][:3]
        for k, back in enumerate((40, 20, 3)):
            sit_interview(
                store,
                now - timedelta(days=back),
                ids,
                lambda step, k=k: " ".join(step.question.record.rubric[: 2 + 2 * k]),
                company="Google",
            )
        card = study.next_card(ctx, settings)
        assert card is not None
        study.record_review(ctx, card.question.id, 3, settings)


def test_progress_charts_in_chromium(live_server: LiveServer, page: Any) -> None:
    page.goto(live_server.url + "/progress")
    assert page.locator("p.empty").count() == 6 and page.locator("canvas").count() == 0
    _history(live_server.db)

    page.reload()
    _charts_drawn(page, 1280)
    assert page.locator("p.summary").count() == 6
    assert int(page.inner_text("#reviews-today")) >= 1
    screenshot(page, "progress-desktop", readme=True)

    assert page.locator("details.chart-table[open]").count() == 0
    page.keyboard.press("t")
    assert page.locator("details.chart-table[open]").count() == 6
    assert page.locator("#interviews table tbody tr").count() == 3
    page.keyboard.press("t")
    assert page.locator("details.chart-table[open]").count() == 0

    page.set_viewport_size(PHONE)
    page.reload()
    _charts_drawn(page, PHONE["width"])
    page.keyboard.press("t")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.keyboard.press("t")
    screenshot(page, "progress-phone")
