"""The study JSON API: `GET /api/study/next`, `POST /api/study/answer`, `POST /api/study/undo`, `POST /api/grade`.

Every write is one transaction of the use-case layer and is committed before the response is sent: a client that
was told `review_id` N can count on review N being in the log. With `session_id`, the calls drive a sitting of
`mldrill.app.study_session` (the one `/study` shows); without, they act on the plain queue.

Bodies are Pydantic models (strict types, bounded sizes) so `/openapi.json` describes them and a bad body is a
422 in the one error shape.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from mldrill.app.grading import grade_question
from mldrill.app.study import next_card, open_study, queue_counts, record_review, undo_review
from mldrill.app.study_session import Session
from mldrill.models import QuestionFilter
from mldrill.web.deps import context, study_settings
from mldrill.web.errors import WebError
from mldrill.web.study_view import counts_dict, grade_view

router = APIRouter(tags=["study"])

MAX_ID = 2**63 - 1  # the largest id the database holds
MAX_ANSWER = 20_000  # characters of a typed answer: a long interview answer is ~3,000
MAX_FILTER = 200
MAX_DURATION_MS = 24 * 3600 * 1000

Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _plain_text(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("the text is not valid Unicode (it holds a lone surrogate)") from exc
    return value


class AnswerBody(_Body):
    question_id: Id
    rating: Annotated[int, Field(strict=True, ge=1, le=4, description="1 Again, 2 Hard, 3 Good, 4 Easy")]
    duration_ms: Annotated[int, Field(strict=True, ge=0, le=MAX_DURATION_MS)] | None = None
    session_id: Id | None = Field(None, description="Rate the current card of this study sitting.")


class UndoBody(_Body):
    review_id: Id | None = Field(None, description="Take back this review (the newest of its card).")
    session_id: Id | None = Field(None, description="Take back the newest rating of this study sitting.")

    @model_validator(mode="after")
    def _one_of(self) -> UndoBody:
        if (self.review_id is None) == (self.session_id is None):
            raise ValueError("give exactly one of review_id and session_id")
        return self


class GradeBody(_Body):
    question_id: Id
    answer: Annotated[str, Field(strict=True, max_length=MAX_ANSWER)]

    _text = field_validator("answer")(_plain_text)


class Counts(BaseModel):
    new: int
    learning: int
    review: int


class Button(BaseModel):
    rating: int
    name: str
    seconds: float
    label: str


class Card(BaseModel):
    question: dict[str, Any]
    card: dict[str, Any]
    kind: str
    buttons: list[Button]


class NextOut(BaseModel):
    card: Card | None
    counts: Counts
    session_id: int | None = None
    reviewed: int | None = Field(None, description="Cards rated in the sitting (with session_id).")
    can_undo: bool = False


class AnswerOut(BaseModel):
    review_id: int | None = Field(description="The review's id in the log (None in a cram sitting).")
    question_id: int
    rating: int
    card: dict[str, Any] | None = Field(description="The card's state after the review.")
    next: Card | None
    session_id: int | None = None


class UndoOut(BaseModel):
    undone: int | None = Field(description="The id of the review taken back.")
    question_id: int
    card: dict[str, Any] | None = Field(description="The card's state, as it was before the review.")
    current: Card | None = Field(None, description="The sitting's current card again (with session_id).")
    session_id: int | None = None
    can_undo: bool = False


class PointOut(BaseModel):
    text: str
    status: Literal["covered", "contradicted", "missed"]
    mark: str
    explanation: str
    evidence: str | None = Field(description="The answer sentence matching the point best.")
    nearest: str | None = Field(description="For a missed point: the nearest sentence, which fell short.")
    similarity: float | None
    probability: float | None = Field(description="The grader's P(covered).")
    kind: str
    weight: float | None


class ExamplesOut(BaseModel):
    count: int
    nearest_correct: bool
    similarity: float | None


class GradeOut(BaseModel):
    question_id: int
    verdict: str
    verdict_text: str
    score: float | None = Field(description="0-5")
    confidence: float | None
    leaning: str | None
    unsure: bool
    unsure_message: str | None
    suggested_rating: int | None
    suggested_name: str | None
    preselected_rating: int | None = Field(description="What a study screen preselects: None when unsure.")
    points: list[PointOut]
    covered: int
    missed: list[str]
    mode: str | None
    notes: list[str]
    examples: ExamplesOut | None


def _resume(request: Request, session_id: int) -> Session:
    return Session.resume(context(request), session_id, study_settings(request))


@router.get("/api/study/next", response_model=NextOut)
def next_api(
    request: Request,
    session_id: int | None = Query(None, ge=1, le=MAX_ID, description="Continue this study sitting."),
    topic: str | None = Query(None, max_length=MAX_FILTER),
    company: str | None = Query(None, max_length=MAX_FILTER),
    difficulty: Literal["easy", "medium", "hard"] | None = None,
) -> dict[str, Any]:
    """The card to study now and the queue's counts. With `session_id`, the sitting's current card (its own
    filters apply); without, the next card of the queue matching the filters."""
    if session_id is not None:
        session = _resume(request, session_id)
        if session.current is None and not session.cram:
            session.advance()
        card = session.current
        return {
            "card": card.to_dict() if card else None,
            "counts": counts_dict(session.counts()),
            "session_id": session.id,
            "reviewed": session.reviewed,
            "can_undo": session.can_undo(),
        }
    ctx, settings = context(request), study_settings(request)
    filters = QuestionFilter(topic=topic or None, company=company or None, difficulty=difficulty)
    card = next_card(ctx, settings, filters)
    if card is None and open_study(ctx):  # questions imported since the last sitting get their cards
        card = next_card(ctx, settings, filters)
    return {
        "card": card.to_dict() if card else None,
        "counts": counts_dict(queue_counts(ctx, settings, filters)),
    }


@router.post("/api/study/answer", response_model=AnswerOut)
def answer_api(request: Request, body: AnswerBody) -> dict[str, Any]:
    """Rate a card (1 Again, 2 Hard, 3 Good, 4 Easy). The review is committed before this answers. With
    `session_id`, `question_id` must be the sitting's current card (409 otherwise)."""
    if body.session_id is not None:
        session = _resume(request, body.session_id)
        current = session.current
        if current is None or current.question.id != body.question_id:
            shown = f"card {current.question.id}" if current else "no card"
            raise WebError(
                409,
                "not_current",
                f"question {body.question_id} is not the current card of study session {session.id}"
                f" (it shows {shown}); fetch /api/study/next?session_id={session.id}",
            )
        recorded = session.rate(body.rating, body.duration_ms)
        following = session.current
        return {
            "review_id": recorded.review_id if recorded else None,
            "question_id": body.question_id,
            "rating": body.rating,
            "card": recorded.after.to_dict() if recorded else None,
            "next": following.to_dict() if following else None,
            "session_id": session.id,
        }
    ctx, settings = context(request), study_settings(request)
    recorded = record_review(ctx, body.question_id, body.rating, settings, body.duration_ms)
    following = next_card(ctx, settings)
    return {
        "review_id": recorded.review_id,
        "question_id": body.question_id,
        "rating": body.rating,
        "card": recorded.after.to_dict(),
        "next": following.to_dict() if following else None,
    }


@router.post("/api/study/undo", response_model=UndoOut)
def undo_api(request: Request, body: UndoBody) -> dict[str, Any]:
    """Take back a review: by `review_id`, or the newest rating of sitting `session_id`. 409 when refused (the
    card was reviewed or changed since, or the sitting has nothing to undo)."""
    if body.session_id is not None:
        session = _resume(request, body.session_id)
        review_id = session.state.undo_stack[-1][0] if session.state.undo_stack else None
        current = session.undo()  # raises UndoRefused (409) when there is nothing to undo
        assert current is not None
        return {
            "undone": review_id,
            "question_id": current.question.id,
            "card": current.card.to_dict(),
            "current": current.to_dict(),
            "session_id": session.id,
            "can_undo": session.can_undo(),
        }
    assert body.review_id is not None
    row = undo_review(context(request), body.review_id)
    return {"undone": row.id, "question_id": row.question_id, "card": row.card_before.to_dict()}


@router.post("/api/grade", response_model=GradeOut)
def grade_api(request: Request, body: GradeBody) -> dict[str, Any]:
    """Grade a typed answer to a question: verdict, score 0-5, the suggested rating (none preselected when the
    grader is unsure) and one result per rubric point with its evidence. Nothing is saved."""
    if not body.answer.strip():
        raise WebError(400, "empty_answer", "the answer is empty: type an answer to grade")
    _, grade = grade_question(context(request), body.question_id, body.answer)
    return {"question_id": body.question_id, **grade_view(grade)}
