"""Plain data shared by the core modules. No I/O here.

Ingest produces `ParsedSource` objects (records only, never touching the store); the store turns them into
rows and hands back `Question` objects with their database ids.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DIFFICULTIES = ("easy", "medium", "hard")
# Default time budget (minutes) per difficulty, used where a source gives none.
DEFAULT_MINUTES = {"easy": 3.0, "medium": 5.0, "hard": 8.0, None: 5.0}


@dataclass(frozen=True)
class Resource:
    title: str
    url: str


@dataclass
class QuestionRecord:
    """One question as read from a source, before it has a database id."""

    prompt: str  # markdown
    answer: str | None = None  # markdown; None means unanswered
    difficulty: str | None = None  # easy | medium | hard | None
    topic: str | None = None  # slash-separated path, e.g. "deep-learning/transformers"
    tags: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    time_minutes: float | None = None
    rubric: list[str] = field(default_factory=list)  # atomic points a strong answer makes
    insight: str | None = None  # the source's "interviewer's insight" text, markdown
    resources: list[Resource] = field(default_factory=list)
    line: int = 0  # 1-based line of the question's anchor in `inner_file` (or in the source file)
    prompt_line: int | None = None  # line of a separate explicit prompt, when the anchor is a heading
    inner_file: str | None = None  # path inside a flattened repository dump, else None
    key: str | None = None  # a stable id given by the source itself (built-in deck: `id:`)
    origin: str = "source"  # source | own | edited

    @property
    def answered(self) -> bool:
        return bool(self.answer and self.answer.strip())

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["answered"] = self.answered
        return d


@dataclass
class NoteRecord:
    """A section of study notes or guidance, attached to a topic. Not a question."""

    title: str
    body: str  # markdown
    topic: str | None = None
    kind: str = "note"  # note | tip | guidance
    line: int = 0
    inner_file: str | None = None


@dataclass
class ParsedSource:
    """Everything read from one file (or one stdin stream)."""

    path: str
    format: str  # detected format name, e.g. "qn-details", "mkdocs", "blog", "repo-dump", "notes", "deck"
    content_hash: str  # sha256 of the raw bytes
    questions: list[QuestionRecord] = field(default_factory=list)
    notes: list[NoteRecord] = field(default_factory=list)
    company_topics: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    size_bytes: int = 0


@dataclass
class Question:
    """A question as stored, with its id and where it came from."""

    id: int
    record: QuestionRecord
    source_path: str | None
    retired: bool = False
    dupe_group: int | None = None
    own_answer: str | None = None  # the person's own or edited answer (the source answer is kept)

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, **self.record.to_dict()}
        d.update(
            source_path=self.source_path,
            retired=self.retired,
            dupe_group=self.dupe_group,
            own_answer=self.own_answer,
        )
        return d


@dataclass(frozen=True)
class QuestionFilter:
    """Which questions a listing, a study queue or an interview draws from; None means no constraint."""

    topic: str | None = None  # the topic or any topic below it
    company: str | None = None
    difficulty: str | None = None
    source: str | None = None  # a stored source path, or its last path components
    tag: str | None = None
    unanswered: bool = False
    include_retired: bool = False
    ids: tuple[int, ...] | None = None
