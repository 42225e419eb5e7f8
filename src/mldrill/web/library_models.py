"""The JSON shapes of the library's API (questions, import, settings), as Pydantic models: FastAPI checks requests
against them (bad input is a 422 in the one error shape) and /openapi.json describes them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_ANSWER_CHARS = 100_000  # an own answer; the body limit (1 MiB) stops anything far larger first
MAX_ID = 2**31 - 1  # question ids are 32-bit on PostgreSQL

Difficulty = Literal["easy", "medium", "hard"]
QuestionId = Annotated[int, Field(ge=1, le=MAX_ID)]


class Resource(BaseModel):
    title: str
    url: str


class Question(BaseModel):
    """A stored question with the person's own answer (`own_answer`)."""

    id: int
    prompt: str
    answer: str | None
    difficulty: str | None
    topic: str | None
    tags: list[str]
    companies: list[str]
    time_minutes: float | None
    rubric: list[str]
    insight: str | None
    resources: list[Resource]
    line: int = Field(description="1-based line of the question in its source file (or inner file)")
    prompt_line: int | None
    inner_file: str | None = Field(description="the file inside a repository dump or the deck, if any")
    key: str | None
    origin: str
    answered: bool
    source_path: str | None
    retired: bool
    dupe_group: int | None
    own_answer: str | None


class QuestionHit(Question):
    snippet: str | None = Field(
        None, description="with `q`: the matching text, matched words between \\u0002 and \\u0003"
    )


class QuestionPage(BaseModel):
    total: int = Field(description="questions matching in all (a search counts at most `MAX_SEARCH_HITS`)")
    limit: int
    offset: int
    query: str
    capped: bool = Field(description="the search stopped at its cap of ranked hits")
    items: list[QuestionHit]


class Attempt(BaseModel):
    id: int
    created_at: datetime
    mode: str = Field(description="study | interview | ...")
    text: str
    grade: dict[str, Any] | None
    suggested_rating: int | None


class MarkedAnswer(BaseModel):
    id: int
    text: str
    correct: bool
    source: str
    created_at: datetime
    shared: bool
    mine: bool


class QuestionDetail(Question):
    duplicates: list[int]
    canonical_id: int | None = None
    attempts: list[Attempt]
    marked: list[MarkedAnswer]


class OwnAnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(
        max_length=MAX_ANSWER_CHARS, description="the person's own answer; null or blank removes it"
    )


class OwnAnswerOut(BaseModel):
    id: int
    own_answer: str | None


class MarkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_ANSWER_CHARS)
    correct: bool


class MarkOut(BaseModel):
    id: int
    question_id: int
    correct: bool


class FileReport(BaseModel):
    path: str
    stored_path: str | None
    status: str = Field(description="added | updated | unchanged | error")
    format: str | None
    questions: int
    answered: int
    notes: int
    added: int
    updated: int
    unchanged: int
    retired: int
    warnings: list[str]
    error: str | None


class ImportReport(BaseModel):
    files: list[FileReport]
    problems: list[str]
    skipped: list[str] = Field(description="zip members left out: not markdown or text, or hidden")
    ok: bool


class ImportJob(BaseModel):
    id: str
    state: Literal["running", "done", "failed"]
    done: int
    total: int
    current: str
    error: str | None
    report: ImportReport | None


class Settings(BaseModel):
    """Every study setting, as stored (the defaults where none was saved)."""

    model_config = ConfigDict(extra="allow")
    desired_retention: float
    new_per_day: int
    reviews_per_day: int
    learning_steps: list[int] = Field(description="seconds")
    relearning_steps: list[int] = Field(description="seconds")
    maximum_interval: int = Field(description="days")
    fuzz: bool
    parameters: list[float] | None
    day_start_hour: int
    learn_ahead_minutes: int


class SettingsIn(BaseModel):
    """Any of the settings; each is checked by the same rules as every shell's (a 400 names the bad one)."""

    model_config = ConfigDict(extra="forbid")
    desired_retention: float | None = None
    new_per_day: int | None = None
    reviews_per_day: int | None = None
    learning_steps: list[float] | None = Field(None, max_length=100)
    relearning_steps: list[float] | None = Field(None, max_length=100)
    maximum_interval: int | None = None
    fuzz: bool | None = None
    parameters: list[float] | None = Field(None, max_length=100)
    day_start_hour: int | None = None
    learn_ahead_minutes: int | None = None
