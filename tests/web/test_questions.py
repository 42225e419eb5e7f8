"""`/questions` and `/api/questions`: browse, filters, search with snippets, paging; one question's page with its
provenance, attempts, own answer and marked examples; typed input limits (422, never 500)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mldrill.app import study
from mldrill.app.context import LOCAL_USER, Context
from mldrill.app.library import import_uploads
from mldrill.clock import fixed_clock
from mldrill.grade import Grade
from mldrill.grade.score import PointResult
from mldrill.store import Store
from tests.web.conftest import PHONE, T0, LiveServer, csrf_of, screenshot

HOSTILE = """---
format: mldrill-deck/1
deck: hostile
topic: safety
---

# Hostile

## What does <b>bold</b> zanzibar & <i>co</i> mean?

id: h1
difficulty: easy
topic: safety

### Answer

Zanzibar <script>xssHit(1)</script> is a quokka <b>island</b>.

### Rubric

- It is an island.

### Resources

- [A trap](javascript:xssHit(2))
- [A real page](https://example.org/zanzibar)
"""


def _ctx(store: Store) -> Context:
    return Context(store, LOCAL_USER, fixed_clock(T0))


def _grade(verdict: str = "partial", score: float = 2.5) -> Grade:
    point = PointResult("It is an island.", True, 0.8, "an island", False, 0.9, explanation="said")
    return Grade(score, verdict, [point], [], 2, "embedding", confidence=0.8, leaning=verdict)


# The JSON API


def test_the_listing_comes_in_pages_with_the_total(client: Any) -> None:
    first = client.get("/api/questions", params={"limit": 10}).json()
    second = client.get("/api/questions", params={"limit": 10, "offset": 10}).json()
    assert first["total"] == second["total"] == 275
    assert (first["limit"], first["offset"], second["offset"]) == (10, 0, 10)
    assert len(first["items"]) == len(second["items"]) == 10
    assert not {q["id"] for q in first["items"]} & {q["id"] for q in second["items"]}
    last = client.get("/api/questions", params={"limit": 200, "offset": 200}).json()
    assert len(last["items"]) == 75


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"difficulty": "easy"}, lambda q: q["difficulty"] == "easy"),
        ({"company": "openai"}, lambda q: "OpenAI" in q["companies"]),
        ({"topic": "deep-learning"}, lambda q: q["topic"].startswith("deep-learning/")),
    ],
)
def test_filters_keep_only_matching_questions(client: Any, params: dict[str, str], check: Any) -> None:
    found = client.get("/api/questions", params={**params, "limit": 200}).json()
    assert 0 < found["total"] < 275 and len(found["items"]) == min(found["total"], 200)
    assert all(check(q) for q in found["items"])


def test_unanswered_counts_the_persons_own_answers(client: Any, deck_store: Store) -> None:
    assert client.get("/api/questions", params={"unanswered": "true"}).json()["total"] == 0
    report = import_uploads(
        _ctx(deck_store), [("hostile.md", HOSTILE.replace("### Answer", "### Notes").encode())]
    )
    assert report.ok
    open_ = client.get("/api/questions", params={"unanswered": "true"}).json()
    assert [q["key"] for q in open_["items"]] == ["h1"]
    assert client.get("/api/questions", params={"source": "hostile.md"}).json()["total"] == 1
    qid = open_["items"][0]["id"]
    saved = client.post(f"/api/questions/{qid}/answer", json={"text": "An island off Tanzania."})
    assert saved.status_code == 200 and saved.json() == {"id": qid, "own_answer": "An island off Tanzania."}
    assert client.get("/api/questions", params={"unanswered": "true"}).json()["total"] == 0


def test_search_ranks_matches_marks_them_and_combines_with_filters(client: Any) -> None:
    found = client.get("/api/questions", params={"q": "gradient descent", "limit": 5}).json()
    assert found["query"] == "gradient descent" and found["total"] >= 5 and len(found["items"]) == 5
    assert all("\x02" in q["snippet"] and "\x03" in q["snippet"] for q in found["items"])
    hard = client.get(
        "/api/questions", params={"q": "gradient descent", "difficulty": "hard", "limit": 200}
    ).json()
    assert 0 < hard["total"] < found["total"] and all(q["difficulty"] == "hard" for q in hard["items"])
    assert client.get("/api/questions", params={"q": "qwzxv"}).json()["total"] == 0


@pytest.mark.parametrize(
    "query",
    [
        "difficulty=bogus",
        "limit=0",
        "limit=201",
        "offset=-1",
        "offset=99999999999999999999999",
        "unanswered=perhaps",
        "q=" + "x" * 501,
    ],
)
def test_bad_listing_input_is_a_422_in_the_one_error_shape(client: Any, query: str) -> None:
    response = client.get("/api/questions?" + query)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and query.split("=")[0] in error["message"]


@pytest.mark.parametrize(("path", "status"), [("0", 422), ("99999", 404), ("2147483648", 422), ("x", 422)])
def test_question_ids_out_of_range_or_unknown(client: Any, path: str, status: int) -> None:
    response = client.get(f"/api/questions/{path}")
    assert response.status_code == status
    assert set(response.json()["error"]) == {"code", "message"}


def test_the_detail_has_attempts_oldest_first_and_marked_answers(client: Any, deck_store: Store) -> None:
    ctx = _ctx(deck_store)
    study.save_attempt(ctx, 3, "first try", grade=_grade("fail", 1.0))
    study.save_attempt(ctx, 3, "second try", grade=_grade("pass", 4.5))
    mark = client.post("/api/questions/3/marks", json={"text": "second try", "correct": True})
    assert mark.status_code == 200 and mark.json()["correct"] is True
    detail = client.get("/api/questions/3").json()
    assert detail["id"] == 3 and detail["duplicates"] == [] and detail["rubric"]
    assert [(a["text"], a["grade"]["verdict"]) for a in detail["attempts"]] == [
        ("first try", "fail"),
        ("second try", "pass"),
    ]
    assert [(m["text"], m["correct"], m["mine"]) for m in detail["marked"]] == [("second try", True, True)]
    url = f"/api/questions/3/marks/{mark.json()['id']}"
    assert client.delete(url).status_code == 403  # no body: the CSRF token goes in the header
    token = {"X-CSRF-Token": csrf_of(client.get("/questions/3").text)}
    assert client.delete(url, headers=token).status_code == 200
    assert client.get("/api/questions/3").json()["marked"] == []
    assert client.delete(url, headers=token).status_code == 404


@pytest.mark.parametrize(
    "body",
    [{}, {"text": 5}, {"text": "x" * 100_001}, {"text": "ok", "extra": 1}],
)
def test_bad_own_answer_bodies_are_422(client: Any, body: dict[str, Any]) -> None:
    assert client.post("/api/questions/1/answer", json=body).status_code == 422


def test_an_own_answer_to_an_unknown_question_is_404(client: Any) -> None:
    response = client.post("/api/questions/99999/answer", json={"text": "hello"})
    assert response.status_code == 404 and "99999" in response.json()["error"]["message"]


def test_openapi_describes_the_library_api(client: Any) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/questions", "/api/questions/{question_id}", "/api/questions/{question_id}/answer"):
        assert path in paths
    limit = next(p for p in paths["/api/questions"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 200 and limit["schema"]["minimum"] == 1


# The pages


def _rows(html: str) -> list[str]:
    return re.findall(r'<a href="/questions/(\d+)"', html)


def test_the_questions_page_is_a_responsive_table_with_paging_links(client: Any) -> None:
    html = client.get("/questions").text
    assert '<table class="responsive questions"' in html
    assert len(_rows(html)) == 25
    assert "Showing 1–25 of 275 questions." in html
    assert 'href="/questions?offset=25" data-key="n|j"' in html and 'rel="prev"' not in html
    page2 = client.get("/questions?offset=25").text
    assert 'href="/questions" data-key="p|k"' in page2 and not set(_rows(html)) & set(_rows(page2))
    assert 'data-key="1"' in html and 'data-key="/"' in html


def test_an_empty_form_submission_lists_everything(client: Any) -> None:
    response = client.get("/questions?q=&topic=&company=&difficulty=&source=")
    assert response.status_code == 200 and "of 275 questions" in response.text


def test_filters_are_kept_in_the_paging_links_and_selected_in_the_form(client: Any) -> None:
    html = client.get("/questions?difficulty=medium&company=Google&limit=10").text
    assert 'value="medium" selected' in html and 'value="Google" selected' in html
    assert re.search(
        r'href="/questions\?company=Google&amp;difficulty=medium&amp;limit=10&amp;offset=10"', html
    )


def test_search_snippets_mark_matches_and_escape_everything_else(client: Any, deck_store: Store) -> None:
    assert import_uploads(_ctx(deck_store), [("hostile.md", HOSTILE.encode())]).ok
    html = client.get("/questions", params={"q": "quokka"}).text
    assert "1 match for <q>quokka</q>" in html
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S)
    assert snippet is not None
    assert "<mark>quokka</mark>" in snippet.group(1)
    assert "&lt;script&gt;xssHit(1)&lt;/script&gt;" in snippet.group(
        1
    ) and "&lt;b&gt;island" in snippet.group(1)
    assert "<script>xssHit" not in html and "<b>" not in html


def test_a_search_with_no_match_says_so(client: Any) -> None:
    html = client.get("/questions", params={"q": "qwzxv", "topic": "math"}).text
    assert "Nothing matches &#39;qwzxv&#39; with these filters." in html


def test_a_question_page_shows_everything_about_it(client: Any, deck_store: Store) -> None:
    assert import_uploads(_ctx(deck_store), [("hostile.md", HOSTILE.encode())]).ok
    qid = client.get("/api/questions", params={"source": "hostile.md"}).json()["items"][0]["id"]
    study.save_attempt(_ctx(deck_store), qid, "An island, I think.", grade=_grade("partial", 2.5))
    html = client.get(f"/questions/{qid}").text
    assert "What does bold zanzibar &amp; co mean?" in html
    assert (
        "&lt;script&gt;xssHit(1)&lt;/script&gt;" in html and "<script>xssHit" not in html
    )  # raw HTML is text
    assert "<li>It is an island.</li>" in html
    assert 'href="https://example.org/zanzibar"' in html and 'href="javascript:' not in html
    assert "<code>upload/hostile.md</code>" in html and re.search(r'id="source-line">\d+<', html)
    assert "partial</span> 2.5/5" in html and "An island, I think." in html
    assert 'data-key="e"' in html and 'data-key="Ctrl+Enter"' in html


def test_an_unknown_question_is_the_404_page(client: Any) -> None:
    response = client.get("/questions/424242")
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]
    assert "no question with id 424242" in response.text


def test_the_own_answer_form_saves_edits_and_removes(client: Any) -> None:
    token = csrf_of(client.get("/questions/5").text)
    saved = client.post(
        "/questions/5/answer", data={"text": "My **own** take.", "csrf_token": token}, follow_redirects=False
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/questions/5?done=saved#own-answer"
    html = client.get(saved.headers["location"]).text
    assert "Your answer is saved." in html and "My <strong>own</strong> take." in html
    assert "Edit your answer" in html
    client.post("/questions/5/answer", data={"text": "  ", "csrf_token": token})
    assert client.get("/api/questions/5").json()["own_answer"] is None


def test_forms_without_the_csrf_token_are_refused(client: Any) -> None:
    client.get("/questions/5")
    refused = client.post("/questions/5/answer", data={"text": "sneaky"})
    assert refused.status_code == 403
    assert client.get("/api/questions/5").json()["own_answer"] is None


def test_marking_an_attempt_and_the_own_answer_from_the_page(client: Any, deck_store: Store) -> None:
    attempt = study.save_attempt(_ctx(deck_store), 7, "Typed in study.", grade=_grade())
    token = csrf_of(client.get("/questions/7").text)
    client.post("/questions/7/answer", data={"text": "Written by me.", "csrf_token": token})
    for answer, correct in ((str(attempt), "no"), ("own", "yes")):
        done = client.post(
            "/questions/7/marks",
            data={"answer": answer, "correct": correct, "csrf_token": token},
            follow_redirects=False,
        )
        assert done.status_code == 303 and "done=marked" in done.headers["location"]
    marked = client.get("/api/questions/7").json()["marked"]
    assert [(m["text"], m["correct"]) for m in marked] == [
        ("Typed in study.", False),
        ("Written by me.", True),
    ]
    html = client.get("/questions/7").text
    assert html.count("Remove this example") == 2
    missing = client.post("/questions/7/marks", data={"answer": "999", "correct": "yes", "csrf_token": token})
    assert missing.status_code == 404
    client.post(f"/questions/7/marks/{marked[0]['id']}/delete", data={"csrf_token": token})
    assert len(client.get("/api/questions/7").json()["marked"]) == 1


# In Chromium


def test_browsing_with_keys_in_chromium(live_server: LiveServer, page: Any) -> None:
    page.goto(live_server.url + "/questions")
    assert page.locator("table.questions tbody tr").count() == 25
    page.keyboard.press("n")
    page.wait_for_url("**/questions?offset=25")
    assert "Showing 26–50 of 275" in page.inner_text("#summary")
    page.keyboard.press("k")
    page.wait_for_url(re.compile(r"/questions$"))
    page.keyboard.press("/")
    page.keyboard.type("attention")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=attention**")
    assert page.locator("p.snippet mark").count() > 0
    screenshot(page, "questions-search-desktop")
    page.keyboard.press("1")
    page.wait_for_url(re.compile(r"/questions/\d+$"))
    page.keyboard.press("a")
    assert page.locator("#model-answer").get_attribute("open") is not None
    assert page.locator("#model-answer .rubric li").count() > 0
    screenshot(page, "question-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "question-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(live_server.url + "/questions?q=attention")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "questions-search-phone")
