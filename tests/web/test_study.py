"""Studying in the browser: the JSON API (next, answer, undo, grade) on a real store, the /study page's actions as
plain form posts, and a real Chromium journey with keys only (five cards, an undo, typed mode with the per-point
explanation), with screenshots at desktop and phone width."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from mldrill.app.context import LOCAL_USER, Context
from mldrill.app.study import attempts, load_settings, save_setting
from mldrill.app.study_session import Session
from mldrill.clock import fixed_clock
from mldrill.grade.score import Grade, PointResult
from mldrill.store import Store
from mldrill.store import reviews as db
from tests.web.conftest import PHONE, T0, LiveServer, csrf_of, make_client, screenshot

# Helpers


def _review_ids(store: Store) -> list[int]:
    with store.read() as conn:
        return [r.id for r in db.reviews(conn, LOCAL_USER)]


def _ctx(store: Store, user: str = LOCAL_USER) -> Context:
    return Context(store, user, fixed_clock(T0))


def _start(client: Any, query: str = "") -> int:
    """Start a sitting through the page, as a browser would; returns its id."""
    response = client.get("/study" + query, follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(parse_qs(urlparse(response.headers["location"]).query)["session"][0])


def _grade(verdict: str, rating: int, confidence: float) -> Grade:
    """A grade as `mldrill.grade` returns it: one point covered, one missed (with the nearest sentence)."""
    points = [
        PointResult(
            "Variance measures how much the fit changes with the sample.",
            True,
            0.82,
            "the fit jumps when the sample changes",
            False,
            0.9,
            explanation="covered by “the fit jumps when the sample changes”",
        ),
        PointResult(
            "Capacity lowers bias and raises variance.",
            False,
            0.31,
            "bias is the error of the average model",
            False,
            0.12,
            explanation="not stated in the answer",
        ),
    ]
    return Grade(
        score=2.4,
        verdict=verdict,
        points=points,
        missed=[points[1].text],
        suggested_rating=rating,
        mode="embedding",
        confidence=confidence,
        leaning="partial",
    )


def _fixed_grader(grade: Grade) -> Any:
    def factory() -> Any:
        return lambda record, answer, **kw: grade

    return factory


# GET /api/study/next


def test_next_gives_a_card_with_its_four_buttons_and_the_counts(client: Any) -> None:
    body = client.get("/api/study/next").json()
    assert body["counts"] == {"new": 20, "learning": 0, "review": 0}  # the default 20 new a day
    card = body["card"]
    assert card["kind"] == "new" and card["question"]["prompt"]
    assert [b["rating"] for b in card["buttons"]] == [1, 2, 3, 4]
    assert all(b["label"] and b["seconds"] > 0 for b in card["buttons"])


def test_next_honours_the_topic_and_company_filters(client: Any) -> None:
    body = client.get("/api/study/next", params={"topic": "deep-learning", "company": "OpenAI"}).json()
    question = body["card"]["question"]
    assert question["topic"].startswith("deep-learning") and "OpenAI" in question["companies"]
    assert 0 < body["counts"]["new"] <= 20
    nothing = client.get("/api/study/next", params={"company": "No Such Company"}).json()
    assert nothing["card"] is None and nothing["counts"] == {"new": 0, "learning": 0, "review": 0}


# POST /api/study/answer and /api/study/undo


def test_answer_is_in_the_log_when_it_answers_and_undo_takes_it_back(client: Any, deck_store: Store) -> None:
    first = client.get("/api/study/next").json()["card"]["question"]["id"]
    answered = client.post("/api/study/answer", json={"question_id": first, "rating": 3, "duration_ms": 4200})
    assert answered.status_code == 200
    body = answered.json()
    assert _review_ids(deck_store) == [body["review_id"]]
    assert body["card"]["reps"] == 1 and body["card"]["question_id"] == first
    assert body["next"]["question"]["id"] != first
    assert client.get("/api/study/next").json()["counts"]["new"] == 19

    undone = client.post("/api/study/undo", json={"review_id": body["review_id"]})
    assert undone.status_code == 200 and undone.json()["card"]["reps"] == 0
    assert _review_ids(deck_store) == []
    again = client.post("/api/study/undo", json={"review_id": body["review_id"]})
    assert again.status_code == 404 and again.json()["error"]["code"] == "not_found"


def test_undo_of_a_review_that_is_no_longer_the_newest_is_refused_with_409(
    client: Any, deck_store: Store
) -> None:
    question = client.get("/api/study/next").json()["card"]["question"]["id"]
    older = client.post("/api/study/answer", json={"question_id": question, "rating": 1}).json()
    client.post("/api/study/answer", json={"question_id": question, "rating": 3})
    refused = client.post("/api/study/undo", json={"review_id": older["review_id"]})
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "undo_refused"
    assert len(_review_ids(deck_store)) == 2  # nothing was undone


def test_a_sitting_through_the_api_rates_its_current_card_and_undoes(client: Any, deck_store: Store) -> None:
    session_id = _start(client)
    shown = client.get("/api/study/next", params={"session_id": session_id}).json()
    assert shown["session_id"] == session_id and shown["reviewed"] == 0 and not shown["can_undo"]
    current = shown["card"]["question"]["id"]

    wrong = client.post(
        "/api/study/answer", json={"question_id": current + 1, "rating": 3, "session_id": session_id}
    )
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "not_current"
    assert _review_ids(deck_store) == []

    rated = client.post(
        "/api/study/answer", json={"question_id": current, "rating": 4, "session_id": session_id}
    )
    assert rated.status_code == 200 and _review_ids(deck_store) == [rated.json()["review_id"]]
    after = client.get("/api/study/next", params={"session_id": session_id}).json()
    assert after["reviewed"] == 1 and after["can_undo"]
    assert after["card"]["question"]["id"] == rated.json()["next"]["question"]["id"] != current

    undone = client.post("/api/study/undo", json={"session_id": session_id})
    assert undone.status_code == 200
    assert undone.json()["undone"] == rated.json()["review_id"]
    assert undone.json()["current"]["question"]["id"] == current
    assert _review_ids(deck_store) == []
    nothing = client.post("/api/study/undo", json={"session_id": session_id})
    assert nothing.status_code == 409 and "nothing to undo" in nothing.json()["error"]["message"]


def test_another_users_sitting_is_not_found(client: Any, deck_store: Store) -> None:
    theirs = Session.start(_ctx(deck_store, "someone-else"), load_settings(_ctx(deck_store, "someone-else")))
    assert theirs.current is not None
    question = theirs.current.question.id
    for response in (
        client.get("/api/study/next", params={"session_id": theirs.id}),
        client.post(
            "/api/study/answer", json={"question_id": question, "rating": 3, "session_id": theirs.id}
        ),
        client.post("/api/study/undo", json={"session_id": theirs.id}),
        client.post("/api/study/answer", json={"question_id": question, "rating": 3, "session_id": 999_999}),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
        assert "study session" in response.json()["error"]["message"]
    assert client.get(f"/study?session={theirs.id}").status_code == 404
    assert _review_ids(deck_store) == []


BAD_BODIES = [
    ("/api/study/answer", {"question_id": 1, "rating": 0}, "rating"),
    ("/api/study/answer", {"question_id": 1, "rating": 5}, "rating"),
    ("/api/study/answer", {"question_id": 1, "rating": "3"}, "rating"),
    ("/api/study/answer", {"question_id": 1, "rating": 2.5}, "rating"),
    ("/api/study/answer", {"rating": 3}, "question_id"),
    ("/api/study/answer", {"question_id": 0, "rating": 3}, "question_id"),
    ("/api/study/answer", {"question_id": 2**70, "rating": 3}, "question_id"),
    ("/api/study/answer", {"question_id": 1, "rating": 3, "duration_ms": -1}, "duration_ms"),
    ("/api/study/answer", {"question_id": 1, "rating": 3, "colour": "red"}, "colour"),
    ("/api/study/answer", [1, 3], "body"),
    ("/api/study/undo", {}, "exactly one"),
    ("/api/study/undo", {"review_id": 1, "session_id": 1}, "exactly one"),
    ("/api/study/undo", {"review_id": "1"}, "review_id"),
    ("/api/grade", {"question_id": 1}, "answer"),
    ("/api/grade", {"question_id": 1, "answer": 42}, "answer"),
    ("/api/grade", {"question_id": 1, "answer": "x" * 20_001}, "answer"),
]


@pytest.mark.parametrize(("path", "body", "named"), BAD_BODIES)
def test_bad_bodies_are_422_in_the_one_error_shape_naming_the_field(
    client: Any, deck_store: Store, path: str, body: Any, named: str
) -> None:
    response = client.post(path, json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and named in error["message"]
    assert _review_ids(deck_store) == []


@pytest.mark.parametrize(
    "raw",
    [b"", b"not json", b'{"question_id": 1, "answer": "\\ud800"}', b'{"question_id": 1, "answer": null}'],
)
def test_malformed_json_is_a_4xx_not_a_crash(client: Any, raw: bytes) -> None:
    for path in ("/api/study/answer", "/api/study/undo", "/api/grade"):
        response = client.post(path, content=raw, headers={"content-type": "application/json"})
        assert 400 <= response.status_code < 500, (path, raw, response.text)
        assert set(response.json()["error"]) == {"code", "message"}


def test_an_unknown_question_is_404(client: Any) -> None:
    for path, body in (
        ("/api/study/answer", {"question_id": 999_999, "rating": 3}),
        ("/api/grade", {"question_id": 999_999, "answer": "an answer"}),
    ):
        response = client.post(path, json=body)
        assert response.status_code == 404, path
        assert "999999" in response.json()["error"]["message"]


# POST /api/grade


def test_grade_with_the_bundled_grader_explains_each_point(client: Any) -> None:
    card = client.get("/api/study/next").json()["card"]
    rubric = card["question"]["rubric"]
    response = client.post("/api/grade", json={"question_id": card["question"]["id"], "answer": rubric[0]})
    assert response.status_code == 200
    grade = response.json()
    assert grade["verdict"] in ("fail", "partial", "pass", "unsure")
    assert 0 <= grade["score"] <= 5 and grade["suggested_rating"] in (1, 2, 3, 4)
    assert [p["text"] for p in grade["points"]] == rubric
    first = grade["points"][0]
    assert first["status"] == "covered" and first["evidence"] == rubric[0]
    assert rubric[0] in first["explanation"]
    assert all(
        p["status"] == "missed" and p["explanation"] for p in grade["points"][1:] if p["status"] != "covered"
    )
    assert grade["covered"] == sum(p["status"] == "covered" for p in grade["points"])


def test_grade_of_an_empty_answer_is_400(client: Any) -> None:
    response = client.post("/api/grade", json={"question_id": 1, "answer": "  \n "})
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "empty_answer",
        "message": "the answer is empty: type an answer to grade",
    }


def test_an_unsure_grade_preselects_nothing(deck_store: Store) -> None:
    with make_client(deck_store, grader_factory=_fixed_grader(_grade("unsure", 2, 0.52))) as client:
        grade = client.post("/api/grade", json={"question_id": 1, "answer": "the fit jumps"}).json()
    assert grade["unsure"] and grade["preselected_rating"] is None and grade["suggested_rating"] == 2
    assert grade["unsure_message"] and "leaning partial" in grade["verdict_text"]
    missed = grade["points"][1]
    assert missed["status"] == "missed" and missed["nearest"] == "bias is the error of the average model"


def test_openapi_describes_the_study_bodies(client: Any) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/study/next", "/api/study/answer", "/api/study/undo", "/api/grade"):
        assert path in schema["paths"], path
    parts = schema["components"]["schemas"]
    rating = parts["AnswerBody"]["properties"]["rating"]
    assert (rating["minimum"], rating["maximum"]) == (1, 4)
    assert parts["GradeBody"]["properties"]["answer"]["maxLength"] == 20_000
    assert "points" in parts["GradeOut"]["properties"]
    answer_ok = schema["paths"]["/api/study/answer"]["post"]["responses"]["200"]
    assert answer_ok["content"]["application/json"]["schema"]["$ref"].endswith("/AnswerOut")


# The page, without a browser


def test_the_page_starts_a_sitting_and_a_plain_form_post_rates_once(client: Any, deck_store: Store) -> None:
    session_id = _start(client, "?topic=deep-learning")
    html = client.get(f"/study?session={session_id}").text
    question = int(re.search(r'data-question="(\d+)"', html).group(1))  # type: ignore[union-attr]
    assert "deep-learning" in html and 'data-key="Space"' in html and "<kbd>Space</kbd>" in html
    form = {"csrf_token": csrf_of(html), "session": session_id, "question": question, "rating": 3}
    posted = client.post("/study/rate", data=form, follow_redirects=False)
    assert posted.status_code == 303 and posted.headers["location"] == f"/study?session={session_id}"
    assert len(_review_ids(deck_store)) == 1
    again = client.post("/study/rate", data=form, follow_redirects=False)  # a double submit: not rated twice
    assert again.status_code == 303 and len(_review_ids(deck_store)) == 1
    without_token = client.post("/study/rate", data={**form, "csrf_token": ""})
    assert without_token.status_code == 403
    revealed = client.get(f"/study?session={session_id}&reveal=1").text
    assert (
        "Undo last rating <kbd>u</kbd>" in revealed
        and 'Rated this sitting <strong id="reviewed">1<' in revealed
    )
    for button in ("1 Again", "2 Hard", "3 Good", "4 Easy"):
        number, name = button.split()
        assert f'<kbd>{number}</kbd> <span class="name">{name}</span> <span class="interval">' in revealed


def test_typed_attempt_shows_the_points_preselects_the_suggestion_and_is_kept(deck_store: Store) -> None:
    with make_client(deck_store, grader_factory=_fixed_grader(_grade("partial", 2, 0.81))) as client:
        session_id = _start(client, "?type=1")
        html = client.get(f"/study?session={session_id}&type=1").text
        assert '<textarea id="answer" name="answer"' in html and "<kbd>Ctrl+Enter</kbd>" in html
        question = int(re.search(r'data-question="(\d+)"', html).group(1))  # type: ignore[union-attr]
        form = {"csrf_token": csrf_of(html), "session": session_id, "question": question, "type": 1}
        shown = client.post(
            "/study/attempt", data={**form, "answer": "the fit jumps when the sample changes"}
        )
    assert shown.status_code == 200
    page_html = shown.text
    assert "partial (confidence 0.81)" in page_html and 'score <span id="score">2.4</span>/5' in page_html
    assert "covered by “the fit jumps when the sample changes”" in page_html
    assert "not stated in the answer (closest match 0.31)" in page_html
    assert "Nearest in your answer: <q>bias is the error of the average model</q>" in page_html
    assert 'data-key="2|Enter"' in page_html and "The grader suggests Hard" in page_html
    assert "Model answer" in page_html
    kept = attempts(_ctx(deck_store), question)
    assert [a["text"] for a in kept] == ["the fit jumps when the sample changes"]


def test_typed_attempt_with_an_unsure_grade_asks_the_person_to_rate(deck_store: Store) -> None:
    with make_client(deck_store, grader_factory=_fixed_grader(_grade("unsure", 2, 0.5))) as client:
        session_id = _start(client, "?type=1")
        html = client.get(f"/study?session={session_id}&type=1").text
        question = int(re.search(r'data-question="(\d+)"', html).group(1))  # type: ignore[union-attr]
        form = {"csrf_token": csrf_of(html), "session": session_id, "question": question, "type": 1}
        shown = client.post(
            "/study/attempt", data={**form, "answer": "not sure"}, headers={"hx-request": "true"}
        )
        empty = client.post("/study/attempt", data={**form, "answer": "   "}, headers={"hx-request": "true"})
    assert "<html" not in shown.text  # htmx gets the card area only
    assert "The grader is unsure: rate it yourself" in shown.text and "|Enter" not in shown.text
    assert "compare with the model answer and rate it yourself" in shown.text
    assert "Type an answer first" in empty.text
    assert len(attempts(_ctx(deck_store), question)) == 1


def test_nothing_left_today(client: Any, deck_store: Store) -> None:
    save_setting(_ctx(deck_store), "new_per_day", 0)
    session_id = _start(client)
    html = client.get(f"/study?session={session_id}").text
    assert "Nothing left today" in html and 'id="count-new">0<' in html
    assert "<kbd>c</kbd>" in html and 'href="/study?cram=1"' in html  # cram instead
    filtered = client.get(f"/study?session={_start(client, '?topic=llms')}").text
    assert 'href="/study?cram=1&amp;topic=llms"' in filtered
    assert client.get("/api/study/next").json()["card"] is None


# In Chromium, keys only


def _wait_reviewed(page: Any, n: int) -> None:
    from playwright.sync_api import expect

    expect(page.locator("#reviewed")).to_have_text(str(n))


def test_study_five_cards_with_keys_undo_one_then_typed_mode(live_server: LiveServer, page: Any) -> None:
    page.goto(live_server.url + "/study")
    session_id = int(parse_qs(urlparse(page.url).query)["session"][0])
    assert page.inner_text("#count-new") == "20"
    rated: list[str] = []
    for n in range(1, 6):
        question = page.get_attribute("#study-card", "data-question")
        assert question not in rated
        page.keyboard.press("Space")
        page.wait_for_selector("#rate-3")
        assert "<kbd>3</kbd>" in page.inner_html("#rate-3") and page.inner_text("#rate-3 .interval")
        page.keyboard.press("3")
        _wait_reviewed(page, n)
        rated.append(question)
    assert page.inner_text("#count-new") == "15" and page.inner_text("#count-learning") == "0"

    page.keyboard.press("Space")
    page.wait_for_selector("#answer-section")
    screenshot(page, "study-desktop", readme=True)
    page.set_viewport_size(PHONE)
    screenshot(page, "study-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.keyboard.press("u")
    _wait_reviewed(page, 4)
    assert page.get_attribute("#study-card", "data-question") == rated[-1]  # the undone card is back
    assert "Undone" in page.inner_text("#study-flash")
    state = page.request.get(f"{live_server.url}/api/study/next?session_id={session_id}").json()
    assert state["reviewed"] == 4 and state["card"]["question"]["id"] == int(rated[-1])
    assert state["counts"]["new"] == 16  # the undone new card counts as new again

    page.keyboard.press("t")  # typed mode, same sitting
    page.wait_for_selector("textarea#answer")
    assert page.evaluate("document.activeElement.id") == "answer"
    rubric = state["card"]["question"]["rubric"]
    page.keyboard.type(rubric[0])
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#points", timeout=60_000)  # the first grade loads the model
    points = page.locator("#points li")
    assert points.count() == len(rubric)
    assert "covered" in points.nth(0).inner_text() and rubric[0][:30] in points.nth(0).inner_text()
    assert page.locator("#points .why").count() == len(rubric)
    assert page.inner_text("#verdict")
    screenshot(page, "study-typed-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "study-typed-phone")

    if page.locator(".rating.preselected").count():
        page.keyboard.press("Enter")  # takes the suggested rating
    else:
        assert page.locator("#unsure-note").count() == 1
        page.keyboard.press("3")
    _wait_reviewed(page, 5)
    assert page.get_attribute("#study-card", "data-question") != rated[-1]

    # the five reviews (four by keys, one typed; the undone one is gone) are in /progress
    page.set_viewport_size({"width": 1280, "height": 900})
    page.keyboard.press("Escape")  # out of the next card's answer box
    page.keyboard.press("g")
    page.keyboard.press("p")
    page.wait_for_selector("#reviews-today")
    assert page.inner_text("#reviews-today") == "5"
    assert "5 reviews" in page.inner_text("#calendar")


def test_a_cram_sitting_leaves_the_schedule_alone(client: Any, deck_store: Store) -> None:
    session_id = _start(client, "?cram=1&topic=llms")
    html = client.get(f"/study?session={session_id}&reveal=1").text
    assert "cram, the schedule is untouched" in html and 'class="interval"' not in html
    question = int(re.search(r'data-question="(\d+)"', html).group(1))  # type: ignore[union-attr]
    form = {"csrf_token": csrf_of(html), "session": session_id, "question": question, "rating": 3}
    assert client.post("/study/rate", data=form, follow_redirects=False).status_code == 303
    assert _review_ids(deck_store) == []
    body = client.get("/api/study/next", params={"session_id": session_id}).json()
    assert body["reviewed"] == 1 and body["card"]["kind"] == "cram"
