"""`/questions` (browse and search, with filters and paging), `/questions/{id}` (the question, its provenance, the
person's attempts and own answer, marked answers), and their JSON twins under `/api/questions`."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup, escape
from pydantic import BaseModel, Field, field_validator

from mldrill.app import library, marks, study
from mldrill.errors import NotFound
from mldrill.models import Question, QuestionFilter
from mldrill.web import library_models as m
from mldrill.web.deps import context
from mldrill.web.pages import page

router = APIRouter()

PAGE_SIZE = 25
MAX_LIMIT = 200
MAX_OFFSET = 10_000_000
OPEN, CLOSE = "\x02", "\x03"  # search marks: never in stored text
FLASHES = {
    "saved": "Your answer is saved.",
    "removed": "Your answer is removed.",
    "marked": "The answer is kept as a marked example; the grader compares new answers with it.",
    "unmarked": "The marked answer is removed.",
}
QuestionId = Annotated[int, PathParam(ge=1, le=m.MAX_ID, description="the question's id")]


class BrowseParams(BaseModel):
    """Filters of a listing; with `q`, a full-text search among the questions they match."""

    q: str = Field("", max_length=500, description="words to search for (plain text, no query syntax)")
    topic: str | None = Field(None, max_length=200, description="this topic and the topics below it")
    company: str | None = Field(None, max_length=200)
    difficulty: m.Difficulty | None = None
    source: str | None = Field(None, max_length=1000, description="a source path or its file name")
    unanswered: bool = Field(False, description="only questions with no answer at all, the source's or yours")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)

    @field_validator("topic", "company", "difficulty", "source", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("unanswered", mode="before")
    @classmethod
    def _blank_is_false(cls, value: Any) -> Any:
        return False if isinstance(value, str) and not value.strip() else value

    def filters(self) -> QuestionFilter:
        return QuestionFilter(
            topic=self.topic, company=self.company, difficulty=self.difficulty, source=self.source,
            unanswered=self.unanswered,
        )  # fmt: skip

    def link(self, **changes: Any) -> str:
        """The listing's URL with some parameters changed (defaults left out)."""
        values = {**self.model_dump(), **changes}
        kept = {k: v for k, v in values.items() if v not in (None, "", False) and (k, v) != ("offset", 0)}
        if kept.get("limit") == PAGE_SIZE:
            del kept["limit"]
        if kept.get("unanswered"):
            kept["unanswered"] = "on"
        return "/questions" + ("?" + urlencode(kept) if kept else "")


def snippet_markup(snippet: str) -> Markup:
    """A search snippet as HTML: the matched words in <mark>, everything else escaped."""
    parts = " ".join(snippet.split()).replace(CLOSE, OPEN).split(OPEN)
    return Markup("").join(
        Markup("<mark>{}</mark>").format(part) if i % 2 else escape(part) for i, part in enumerate(parts)
    )


def where(q: Question) -> str:
    """file:line of a question's anchor (the inner file of a dump or the deck when there is one)."""
    path = q.record.inner_file or q.source_path or ""
    return f"{path.rsplit('/', 1)[-1]}:{q.record.line}" if path else ""


def _browse(request: Request, params: BrowseParams) -> library.BrowsePage:
    return library.browse(
        context(request), params.filters(), params.q, params.limit, params.offset, marks=(OPEN, CLOSE)
    )


@router.get("/questions", response_class=HTMLResponse, include_in_schema=False)
def questions_page(request: Request, params: Annotated[BrowseParams, Query()]) -> HTMLResponse:
    result = _browse(request, params)
    rows = [
        {
            "q": q,
            "where": where(q),
            "snippet": snippet_markup(result.snippets.get(q.id, "")) if result.query else None,
        }
        for q in result.items
    ]
    end = params.offset + len(rows)
    prev_link = params.link(offset=max(params.offset - params.limit, 0)) if params.offset else None
    next_link = params.link(offset=end) if end < result.total else None
    empty = ""
    if not rows:
        ctx = context(request)
        if params.q:
            empty = f"Nothing matches {params.q!r}" + (
                " with these filters." if params.filters() != QuestionFilter() else "."
            )
        elif ctx.store.stats()["questions"] == 0:
            empty = "There are no questions yet: import a question bank first."
        else:
            empty = "No question matches these filters."
    return page(
        request,
        "questions.html",
        title="Search: " + params.q if params.q else "Questions",
        params=params,
        result=result,
        rows=rows,
        first=params.offset + 1,
        end=end,
        prev_link=prev_link,
        next_link=next_link,
        clear_link="/questions",
        choices=library.filter_choices(context(request)),
        empty=empty,
    )


@router.get("/api/questions", tags=["questions"], response_model=m.QuestionPage)
def questions_api(request: Request, params: Annotated[BrowseParams, Query()]) -> dict[str, Any]:
    """Questions matching the filters (source order), or with `q` the best search matches among them."""
    return _browse(request, params).to_dict()


# One question


def _detail(request: Request, question_id: int) -> dict[str, Any]:
    ctx = context(request)
    detail = library.question_detail(ctx, question_id)
    detail["attempts"] = study.attempts(ctx, question_id)
    detail["marked"] = [
        {
            "id": a.id, "text": a.text, "correct": a.correct, "source": a.source,
            "created_at": a.created_at, "shared": a.shared, "mine": a.user_id == ctx.user,
        }
        for a in marks.marked_answers(ctx, question_id)
    ]  # fmt: skip
    return detail


def _safe_url(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://"))


@router.get("/questions/{question_id}", response_class=HTMLResponse, include_in_schema=False)
def question_page(
    request: Request,
    question_id: QuestionId,
    done: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    detail = _detail(request, question_id)
    resources = [{**r, "safe": _safe_url(r["url"])} for r in detail["resources"]]
    attempts = list(reversed(detail["attempts"]))  # newest first
    return page(
        request,
        "question.html",
        title=f"Question #{question_id}",
        q=detail,
        resources=resources,
        attempts=attempts,
        flash=FLASHES.get(done, ""),
    )


@router.get("/api/questions/{question_id}", tags=["questions"], response_model=m.QuestionDetail)
def question_api(request: Request, question_id: QuestionId) -> dict[str, Any]:
    """The question, its duplicates, the person's attempts (oldest first) and the marked answers counting for
    them."""
    return _detail(request, question_id)


def _back(question_id: int, done: str, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/questions/{question_id}?done={done}#{anchor}", status_code=303)


@router.post("/questions/{question_id}/answer", include_in_schema=False)
def save_answer_form(
    request: Request,
    question_id: QuestionId,
    text: Annotated[str, Form(max_length=m.MAX_ANSWER_CHARS)] = "",
) -> RedirectResponse:
    study.save_own_answer(context(request), question_id, text)
    return _back(question_id, "saved" if text.strip() else "removed", "own-answer")


@router.post("/api/questions/{question_id}/answer", tags=["questions"], response_model=m.OwnAnswerOut)
def save_answer_api(request: Request, question_id: QuestionId, body: m.OwnAnswerIn) -> dict[str, Any]:
    """Save the person's own answer to the question (the source's answer is kept); null or blank removes it."""
    ctx = context(request)
    study.save_own_answer(ctx, question_id, body.text)
    return {"id": question_id, "own_answer": ctx.store.get_question(question_id, ctx.user).own_answer}


@router.post("/questions/{question_id}/marks", include_in_schema=False)
def mark_form(
    request: Request,
    question_id: QuestionId,
    answer: Annotated[str, Form(max_length=20, pattern=r"^(own|\d{1,10})$")],
    correct: Annotated[Literal["yes", "no"], Form()],
) -> RedirectResponse:
    """Mark the own answer ("own") or one of the attempts (its id) as a correct or incorrect example."""
    ctx = context(request)
    if answer == "own":
        text = ctx.store.get_question(question_id, ctx.user).own_answer or ""
        source = "study"
    else:
        found = [a for a in study.attempts(ctx, question_id) if a["id"] == int(answer)]
        if not found:
            raise NotFound(f"question {question_id} has no attempt {answer} of yours")
        text = found[0]["text"]
        source = "interview" if found[0]["mode"] == "interview" else "study"
    marks.mark_answer(ctx, question_id, text, correct == "yes", source=source)
    return _back(question_id, "marked", "marked")


@router.post("/api/questions/{question_id}/marks", tags=["questions"], response_model=m.MarkOut)
def mark_api(request: Request, question_id: QuestionId, body: m.MarkIn) -> dict[str, Any]:
    """Keep an answer as a correct (or incorrect) example for the question; the grader compares new answers
    with the marked ones."""
    mark_id = marks.mark_answer(context(request), question_id, body.text, body.correct, source="study")
    return {"id": mark_id, "question_id": question_id, "correct": body.correct}


@router.post("/questions/{question_id}/marks/{mark_id}/delete", include_in_schema=False)
def unmark_form(
    request: Request, question_id: QuestionId, mark_id: Annotated[int, PathParam(ge=1, le=m.MAX_ID)]
) -> RedirectResponse:
    _unmark(request, question_id, mark_id)
    return _back(question_id, "unmarked", "marked")


@router.delete("/api/questions/{question_id}/marks/{mark_id}", tags=["questions"], response_model=m.MarkOut)
def unmark_api(
    request: Request, question_id: QuestionId, mark_id: Annotated[int, PathParam(ge=1, le=m.MAX_ID)]
) -> dict[str, Any]:
    """Remove one of the person's marked answers."""
    gone = _unmark(request, question_id, mark_id)
    return {"id": gone.id, "question_id": gone.question_id, "correct": gone.correct}


def _unmark(request: Request, question_id: int, mark_id: int) -> Any:
    ctx = context(request)
    mine = [a for a in marks.marked_answers(ctx, question_id) if a.id == mark_id and a.user_id == ctx.user]
    if not mine:
        raise NotFound(f"question {question_id} has no marked answer {mark_id} of yours")
    return marks.unmark(ctx, mark_id)
