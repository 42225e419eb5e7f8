"""Mock interviews in the browser: the JSON API (plan, sit, save, hand in, skip, finish, change a rating; bad bodies,
unknown ids and interviews that are over), the pages through the in-process client, and a real Chromium journey
against `mldrill serve`: a 3-question interview with a follow-up, a question whose time runs out and a skip, a
reload and a killed server in the middle of an answer, then the report. Real clock and real grader in the journey;
a clock moved by hand and a word-matching grader (returning real `Grade`s) in the client tests.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from mldrill.app import library
from mldrill.grade import Grade, PointResult
from mldrill.models import QuestionRecord
from mldrill.store import Store
from mldrill.store import interviews as db
from tests.context import ctx_at
from tests.interview.helpers import FakeClock, word_grader
from tests.store.factories import source
from tests.web.conftest import PHONE, T0, LiveServer, csrf_of, make_client, screenshot, start_server

RUBRICS = {
    "What does dropout do?": [
        "Dropout randomly zeroes activations during training.",
        "Surviving activations are rescaled by the keep probability.",
        "At inference dropout is switched off.",
    ],
    "Why normalise inputs?": ["Gradient descent converges faster on standardised features."],
    "What is a learning rate?": ["The learning rate scales each gradient step."],
}
DIFFICULTY = {
    "What does dropout do?": "easy",
    "Why normalise inputs?": "medium",
    "What is a learning rate?": "hard",
}
GOOD = "Dropout randomly zeroes activations during training. At inference dropout is switched off."


def grader(record: QuestionRecord, answer: str, **kw: Any) -> Grade:
    """The word grader; an answer saying "maybe" gets an unsure grade whose own rating would be Again."""
    if "maybe" not in answer:
        return word_grader(record, answer, **kw)
    points = [PointResult(p, False, 0.2, None, False, 0.2, explanation="not stated") for p in record.rubric]
    return Grade(1.2, "unsure", points, list(record.rubric), 1, "embedding", confidence=0.5, leaning="fail")


@pytest.fixture
def sitting(deck_store: Store) -> Iterator[tuple[Any, FakeClock]]:
    records = [
        QuestionRecord(p, f"Model answer to: {p}", DIFFICULTY[p], "webiv/basics", time_minutes=2, rubric=r)
        for p, r in RUBRICS.items()
    ]
    deck_store.save_source(source("/x/webiv.md", records), T0)
    clock = FakeClock(T0)
    with make_client(deck_store, clock=clock, grader_factory=lambda: grader) as c:
        yield c, clock


def create(c: Any, **plan: Any) -> int:
    r = c.post("/api/interviews", json={"topics": ["webiv"], "minutes": 10, "seed": 1, **plan})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def error(r: Any, status: int, code: str) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    return str(body["error"]["message"])


# The JSON API


def test_plan_create_and_state(sitting: tuple[Any, FakeClock]) -> None:
    c, _ = sitting
    preview = c.post("/api/interviews/plan", json={"topics": ["webiv"], "minutes": 10, "seed": 1})
    assert preview.status_code == 200
    assert [q["prompt"] for q in preview.json()["questions"]] == list(RUBRICS)  # easy to hard
    assert c.get("/api/interviews").json() == []  # a preview saves nothing

    r = c.post("/api/interviews", json={"topics": ["webiv"], "minutes": 10, "seed": 1})
    assert r.status_code == 201 and set(r.json()) == {"id", "plan"}
    iid = r.json()["id"]
    assert r.json()["plan"]["questions"] == preview.json()["questions"]
    state = c.get(f"/api/interviews/{iid}").json()
    assert state["status"] == "planned" and state["step"] is None
    assert [q["position"] for q in state["plan"]["questions"]] == [1, 2, 3]
    assert [s["id"] for s in c.get("/api/interviews").json()] == [iid]

    started = c.post(f"/api/interviews/{iid}/start", json={}).json()
    assert started["status"] == "running"
    assert started["step"]["draft"] == ""
    assert (started["step"]["position"], started["step"]["part"], started["step"]["count"]) == (
        1,
        "answer",
        3,
    )
    assert (
        started["clocks"]["question_left_ms"] == 120_000 and started["clocks"]["overall_left_ms"] == 600_000
    )

    choices = c.get("/api/interviews/choices").json()
    assert {"topic": "webiv", "questions": 3} in choices["topics"] and "Google" in choices["companies"]


def test_sit_through_the_api_with_time_a_followup_a_timeout_and_a_skip(
    sitting: tuple[Any, FakeClock], deck_store: Store
) -> None:
    c, clock = sitting
    iid = create(c)
    c.post(f"/api/interviews/{iid}/start", json={})
    clock.advance(20)
    saved = c.post(
        f"/api/interviews/{iid}/save",
        json={"text": "Dropout", "used_ms": 20_000, "position": 1, "part": "answer"},
    )
    assert saved.json() == {
        "changed": True,
        "clocks": {
            "used_ms": 20_000,
            "question_left_ms": 100_000,
            "overall_left_ms": 580_000,
            "question_over": False,
            "overall_over": False,
        },
    }
    # a reload (or another worker) sees the draft and the time used
    state = c.get(f"/api/interviews/{iid}").json()
    assert state["step"]["draft"] == "Dropout" and state["clocks"]["used_ms"] == 20_000

    clock.advance(10)
    out = c.post(
        f"/api/interviews/{iid}/submit", json={"text": GOOD, "used_ms": 30_000, "position": 1}
    ).json()
    assert out["status"] == "answered" and out["followup"] and not out["over"]
    assert out["grade"]["missed"] == [RUBRICS["What does dropout do?"][1]] and out["grade"]["score"] > 3
    assert out["next"]["part"] == "followup" and "surviving activations" in out["next"]["prompt"]

    # the page still showing the answer is told it moved on
    stale = c.post(f"/api/interviews/{iid}/save", json={"text": "x", "position": 1, "part": "answer"})
    assert "question 1 (followup) is" in error(stale, 409, "step_closed")

    out = c.post(
        f"/api/interviews/{iid}/skip", json={"text": "not sure", "position": 1, "part": "followup"}
    ).json()
    assert out["status"] == "skipped" and out["next"]["position"] == 2

    clock.advance(5)
    out = c.post(
        f"/api/interviews/{iid}/submit",
        json={"text": "Gradient descent converges", "timed_out": True, "position": 2, "used_ms": 5_000},
    ).json()
    assert out["status"] == "overtime" and not out["followup"]  # no follow-up once the time is spent

    clock.advance(3)
    out = c.post(f"/api/interviews/{iid}/skip", json={"position": 3, "part": "answer"}).json()
    assert out["over"] and out["next"] is None
    over = c.post(f"/api/interviews/{iid}/save", json={"text": "late"})
    assert "no question left" in error(over, 409, "interview_over")

    report = c.post(f"/api/interviews/{iid}/finish", json={}).json()
    assert [q["status"] for q in report["questions"]] == ["answered", "overtime", "skipped"]
    assert report["questions"][0]["followup"]["answer"] == "not sure"
    assert report["questions"][0]["time_used_s"] == 30.0
    assert c.get(f"/api/interviews/{iid}").json()["report"] == report
    assert "is finished" in error(c.post(f"/api/interviews/{iid}/finish", json={}), 409, "interview_over")
    assert "is finished" in error(c.post(f"/api/interviews/{iid}/skip", json={}), 409, "interview_over")

    changed = c.post(f"/api/interviews/{iid}/rating", json={"position": 2, "rating": 1}).json()
    assert changed["questions"][1]["rating_name"] == "Again"
    with deck_store.read() as conn:
        ratings = [r for (r,) in conn.execute(sa.text("SELECT rating FROM review_log ORDER BY id"))]
    assert report["questions"][1]["rating"] != 1
    assert ratings == [report["questions"][0]["rating"], 1]  # the review taken back and recorded again
    not_graded = c.post(f"/api/interviews/{iid}/rating", json={"position": 3, "rating": 3})
    assert "was not graded" in error(not_graded, 400, "bad_request")


def test_a_page_past_its_budget_hands_in_overtime_and_time_is_held_to_the_clock(
    sitting: tuple[Any, FakeClock],
) -> None:
    c, clock = sitting
    iid = create(c)
    c.post(f"/api/interviews/{iid}/start", json={})
    clock.advance(30)
    # a page claiming more time than has passed since the question opened gets the time that passed
    r = c.post(f"/api/interviews/{iid}/save", json={"text": "a", "used_ms": 9_000_000})
    assert r.json()["clocks"]["used_ms"] == 30_000
    clock.advance(100)
    out = c.post(f"/api/interviews/{iid}/submit", json={"text": GOOD, "used_ms": 130_000}).json()
    assert out["status"] == "overtime" and not out["followup"]


@pytest.mark.parametrize(
    ("path", "body", "where"),
    [
        ("/api/interviews", {"minutes": 0}, "minutes"),
        ("/api/interviews", {"minutes": 10_000}, "minutes"),
        ("/api/interviews", {"level": "guru"}, "level"),
        ("/api/interviews", {"topics": "webiv"}, "topics"),
        ("/api/interviews", {"seed": -1}, "seed"),
        ("/api/interviews", {"company": "x" * 101}, "company"),
        ("/api/interviews", {"surprise": 1}, "surprise"),
        ("/api/interviews/plan", {"company": "a\x00b"}, "NUL"),
        ("/api/interviews/1/save", {"text": "x" * 100_001}, "text"),
        ("/api/interviews/1/save", {"used_ms": -5}, "used_ms"),
        ("/api/interviews/1/submit", {"part": "essay"}, "part"),
        ("/api/interviews/1/submit", {"position": 0}, "position"),
        ("/api/interviews/1/finish", {"ratings": {"1": 5}}, "ratings"),
        ("/api/interviews/1/finish", {"ratings": {"x": 3}}, "ratings"),
        ("/api/interviews/1/rating", {"position": 1}, "rating"),
    ],
)
def test_bad_bodies_are_422_naming_the_field(
    client: Any, path: str, body: dict[str, Any], where: str
) -> None:
    r = client.post(path, json=body)
    assert where in error(r, 422, "invalid_request")


def test_not_json_unknown_ids_and_the_schema(client: Any) -> None:
    json = {"content-type": "application/json"}
    error(client.post("/api/interviews", content=b"{not json", headers=json), 422, "invalid_request")
    lone = client.post("/api/interviews/1/save", content=b'{"text": "\\ud800"}', headers=json)
    assert "text" in error(lone, 422, "invalid_request")
    for method, path in [
        ("get", "/api/interviews/999"),
        ("post", "/api/interviews/999/start"),
        ("post", "/api/interviews/999/save"),
        ("post", "/api/interviews/999/finish"),
        ("post", "/api/interviews/999/rating"),
        ("post", "/api/interviews/999/abandon"),
    ]:
        body = {"position": 1, "rating": 3} if path.endswith("rating") else {}
        r = getattr(client, method)(path, **({} if method == "get" else {"json": body}))
        assert "no interview 999" in error(r, 404, "not_found"), path
    error(client.get("/api/interviews/0"), 422, "invalid_request")
    error(client.get(f"/api/interviews/{2**40}"), 422, "invalid_request")
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["PlanRequest"]["properties"]["minutes"]["maximum"] == 600
    assert schemas["SubmitRequest"]["properties"]["text"]["maxLength"] == 100_000
    assert {"SaveRequest", "FinishRequest", "RatingRequest", "StepRequest"} <= set(schemas)


def test_a_plan_with_no_questions_is_a_clear_400(client: Any) -> None:
    r = client.post("/api/interviews", json={"topics": ["no-such-topic"]})
    assert "no question has the topics no-such-topic" in error(r, 400, "bad_request")


def test_abandon(sitting: tuple[Any, FakeClock]) -> None:
    c, _ = sitting
    iid = create(c)
    assert c.post(f"/api/interviews/{iid}/abandon", json={}).json()["status"] == "abandoned"
    assert "abandoned" in error(c.post(f"/api/interviews/{iid}/abandon", json={}), 409, "interview_over")
    assert "abandoned" in error(c.post(f"/api/interviews/{iid}/start", json={}), 409, "interview_over")


# The pages, in process


def test_pages_plan_sit_rate_the_unsure_answer_and_report(
    sitting: tuple[Any, FakeClock], deck_store: Store
) -> None:
    c, clock = sitting
    form = c.get("/interview")
    assert form.status_code == 200 and 'value="webiv"' in form.text and "Google" in form.text
    token = csrf_of(form.text)
    made = c.post(
        "/interview",
        data={"csrf_token": token, "topics": ["webiv"], "minutes": "10", "level": "mid", "seed": "1"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    plan = c.get(made.headers["location"])
    assert "What is a learning rate?" in plan.text and "Start" in plan.text
    iid = int(made.headers["location"].rsplit("/", 1)[1])

    c.post(f"/interviews/{iid}/start", data={"csrf_token": token})
    clock.advance(12)
    c.post(f"/api/interviews/{iid}/save", json={"text": "maybe dropout <b>x</b>", "used_ms": 12_000})
    run = c.get(f"/interviews/{iid}/run")  # a reload: the saved text and the time are back
    assert "maybe dropout &lt;b&gt;x&lt;/b&gt;</textarea>" in run.text
    assert 'data-used-ms="12000"' in run.text and 'data-budget-ms="120000"' in run.text
    assert 'data-question-left-ms="108000"' in run.text and ">01:48<" in run.text

    def answer(action: str, text: str, position: int, part: str = "answer") -> str:
        r = c.post(
            f"/interviews/{iid}/answer",
            data={"csrf_token": token, "action": action, "text": text, "position": position, "part": part},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        return c.get(r.headers["location"]).text

    outcome = answer("submit", "maybe dropout", 1)
    assert "Question 1: handed in" in outcome and "grader is unsure" in outcome
    assert "The interviewer has a follow-up question" in outcome
    assert "Follow-up 1: skipped" in answer("skip", "", 1, "followup")
    assert "Question 2: skipped" in answer("skip", "", 2)
    assert "Question 3: skipped" in answer("skip", "", 3)
    assert "handed in" not in answer("skip", "", 3)  # a second press on a step gone: back to the interview

    finish = c.get(f"/interviews/{iid}")
    assert 'name="rating-1"' in finish.text and "Model answer to: What does dropout do?" in finish.text
    assert 'name="rating-2"' not in finish.text
    bad = c.post(f"/interviews/{iid}/finish", data={"csrf_token": token, "rating-2": "3"})
    assert bad.status_code == 422
    done = c.post(
        f"/interviews/{iid}/finish", data={"csrf_token": token, "rating-1": "1"}, follow_redirects=False
    )
    assert done.status_code == 303
    with deck_store.read() as conn:
        assert [r for (r,) in conn.execute(sa.text("SELECT rating FROM review_log"))] == [
            1
        ]  # Again, as chosen

    report = c.get(f"/interviews/{iid}").text
    assert "Question 1 ·" in report and "Recorded as <strong" in report and "OVERTIME" not in report
    assert "&lt;b&gt;" not in report and "Model answer to: What is a learning rate?" in report
    changed = c.post(
        f"/interviews/{iid}/rating",
        data={"csrf_token": token, "position": 1, "rating": 3},
        follow_redirects=True,
    )
    assert "Question 1 is now recorded as Good." in changed.text
    refused = c.post(f"/interviews/{iid}/rating", data={"csrf_token": token, "position": 2, "rating": 3})
    assert refused.status_code == 409 and "was not graded" in refused.text
    assert f'href="/interviews/{iid}"' in c.get("/interviews").text


def test_the_plan_form_says_what_is_wrong(client: Any) -> None:
    token = csrf_of(client.get("/interview").text)
    r = client.post("/interview", data={"csrf_token": token, "topics": ["no-such-topic"], "minutes": "10"})
    assert r.status_code == 400 and "no question has the topics" in r.text and 'role="alert"' in r.text
    r = client.post("/interview", data={"csrf_token": token, "minutes": "10", "seed": "abc"})
    assert r.status_code == 400 and "the seed is a whole number" in r.text
    assert client.post("/interview", data={"minutes": "10"}).status_code == 403  # no CSRF token


def test_a_restarted_server_shows_the_saved_text(sitting: tuple[Any, FakeClock], deck_store: Store) -> None:
    c, clock = sitting
    iid = create(c)
    c.post(f"/api/interviews/{iid}/start", json={})
    c.post(f"/api/interviews/{iid}/save", json={"text": "typed before the crash"})
    with make_client(
        deck_store, clock=clock, grader_factory=lambda: grader
    ) as fresh:  # a new app, same store
        assert "typed before the crash</textarea>" in fresh.get(f"/interviews/{iid}/run").text


# In Chromium, against `mldrill serve`

DECK = Path(__file__).parent / "assets" / "interview_deck.md"  # three questions, the second with 4 seconds
FIRST_PART = "Dropout randomly sets some of the activations to zero while training."
ANSWER = FIRST_PART + "\nAt test time it is turned off."
FOLLOWUP = "They are multiplied by one over the keep probability, so the expected activation is unchanged."
PARTIAL = "Gradients explode through long products of Jacobians"


@pytest.fixture
def webiv_server(tmp_path: Path) -> Iterator[list[LiveServer]]:
    path = str(tmp_path / "store.db")
    with Store.open(path) as store:
        assert library.import_paths(ctx_at(store), [str(DECK)]).ok
    servers = [start_server(path)]
    yield servers
    for server in servers:
        server.stop()


def test_sit_an_interview_in_chromium(webiv_server: list[LiveServer], page: Any) -> None:
    from playwright.sync_api import expect

    server = webiv_server[0]
    page.goto(server.url + "/interview")
    page.check("input[name=topics][value=webiv]")
    page.fill("#plan-minutes", "4")
    page.fill("#plan-seed", "1")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#start")
    assert page.locator("table.plan-table tbody tr").count() == 3
    screenshot(page, "interview-plan-desktop")
    page.keyboard.press("Enter")  # Start

    # question 1: type half, let it save, reload: the text is back
    page.wait_for_selector("#interview-step[data-position='1'][data-part='answer']")
    assert page.inner_text("#step-title") == "Question 1 of 3"
    assert re.fullmatch(r"0[12]:\d\d", page.inner_text("#question-clock"))
    page.fill("#answer", FIRST_PART)
    page.locator("#answer").blur()
    expect(page.locator("#save-status")).to_have_text("Saved.")
    page.reload()
    assert page.input_value("#answer") == FIRST_PART

    # typed, then reloaded at once: the text comes back (from the server, or from the browser's own copy)
    page.type("#answer", "\nAt test time")
    page.reload()
    assert page.input_value("#answer") == FIRST_PART + "\nAt test time"

    # the server is killed mid-answer: a new one on the same store shows what was saved
    page.locator("#answer").blur()
    expect(page.locator("#save-status")).to_have_text("Saved.")
    page.goto("about:blank")
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(10)
    server = start_server(server.db)
    webiv_server.append(server)
    page.goto(server.url + "/interviews/1/run")
    assert page.input_value("#answer") == FIRST_PART + "\nAt test time"
    page.fill("#answer", ANSWER)
    screenshot(page, "interview-desktop")
    page.keyboard.press("Control+Enter")

    # the follow-up on the point the answer missed
    page.wait_for_selector("#followup-note")
    assert "Question 1: handed in" in page.inner_text("#outcome-title")
    page.keyboard.press("Enter")
    page.wait_for_selector("#interview-step[data-part='followup']")
    assert "surviving activations" in page.inner_text("#prompt")
    page.fill("#answer", FOLLOWUP)
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#go-on")
    page.keyboard.press("Enter")

    # question 2 has four seconds: its time runs out and the answer so far is handed in
    page.wait_for_selector("#interview-step[data-position='2']")
    page.fill("#answer", PARTIAL)
    page.wait_for_selector("#outcome-title", timeout=30_000)
    assert "Time's up for question 2" in page.inner_text("#outcome-title")
    page.keyboard.press("Enter")

    # question 3: skipped with its key (Esc leaves the answer box)
    page.wait_for_selector("#interview-step[data-position='3']")
    page.set_viewport_size(PHONE)
    screenshot(page, "interview-phone")
    page.keyboard.press("Escape")
    page.keyboard.press("s")
    page.wait_for_selector("#outcome-title")
    assert "Question 3: skipped" in page.inner_text("#outcome-title")
    page.keyboard.press("Enter")

    # answers the grader was unsure about are rated by hand; then the reviews are recorded
    page.wait_for_selector("#finish")
    screenshot(page, "interview-finish-phone")
    for group in page.locator("fieldset.rating-choice").all():
        group.locator("input[value='3']").check()
    page.keyboard.press("f")
    page.wait_for_selector("#overall-score")
    report = page.inner_text("main")
    assert FOLLOWUP in report and PARTIAL in report and "OVERTIME" in report and "skipped" in report
    assert "scales the survivors" in report  # the model answer, rendered
    assert page.locator("#q1 .katex").count() > 0 or page.locator("#q1 .math-inline").count() > 0
    screenshot(page, "interview-report-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.select_option("#rating-2", "2")
    page.locator("#q2 .rating-form button").click()
    page.wait_for_selector(".flash.good")
    assert page.inner_text("#q2-rating") == "Hard"
    screenshot(page, "interview-report-desktop")

    with Store.open(server.db) as store, store.read() as conn:
        interview = db.load_interview(conn, 1, "local")
    q1, q2, q3 = interview.items
    assert interview.status == "finished"
    assert (q1.status, q1.draft) == ("answered", ANSWER)
    assert q1.followup is not None and (q1.followup.status, q1.followup.draft) == ("answered", FOLLOWUP)
    assert (q2.status, q2.draft, q2.overtime, q2.followup) == ("overtime", PARTIAL, True, None)
    assert q3.status == "skipped" and q2.rating == 2


def test_ending_early_keeps_the_text_and_leaves_the_rest_unreached(sitting: tuple[Any, FakeClock]) -> None:
    c, clock = sitting
    iid = create(c)
    c.post(f"/api/interviews/{iid}/start", json={})
    clock.advance(5)
    state = c.post(f"/api/interviews/{iid}/end", json={"text": "half a thought", "position": 1}).json()
    assert state["step"] is None and state["status"] == "running" and state["to_rate"] == []
    assert [q["status"] for q in state["report"]["questions"]] == ["skipped", "unreached", "unreached"]
    assert state["report"]["questions"][0]["answer"] == "half a thought"

    other = create(c, topics=["deep-learning"])  # the first one's questions are not asked again so soon
    token = csrf_of(c.get("/interview").text)
    c.post(f"/interviews/{other}/start", data={"csrf_token": token})
    ended = c.post(
        f"/interviews/{other}/end",
        data={"csrf_token": token, "text": "line one\r\nline two", "position": "1", "part": "answer"},
    )
    assert ended.status_code == 200 and 'id="finish-form"' in ended.text  # the finish page
    answer = c.get(f"/api/interviews/{other}").json()["report"]["questions"][0]["answer"]
    assert answer == "line one\nline two"
