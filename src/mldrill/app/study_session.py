"""A study sitting whose state lives in the database (table `study_sessions`), so any process can continue it:
the current card, the undo stack, the skipped cards and the cram queue. The CLI drives one key by key; the web
app keeps only its id between requests.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from mldrill.app.study import (
    QueueCounts,
    RecordedReview,
    StudyCard,
    StudySettings,
    bury,
    next_card,
    open_study,
    queue_counts,
    record_review,
    save_attempt,
    save_own_answer,
    undo_review,
)
from mldrill.errors import MldrillError, NotFound, UsageError
from mldrill.models import QuestionFilter
from mldrill.schedule import CardState, preview_buttons
from mldrill.store import queries as question_queries
from mldrill.store import reviews as db
from mldrill.store import sessions
from mldrill.store.reviews import UndoRefused

if TYPE_CHECKING:
    from mldrill.app.context import Context


@dataclass
class SessionState:
    filters: dict[str, Any] = field(default_factory=dict)
    cram: bool = False
    current: int | None = None  # question id
    skipped: list[int] = field(default_factory=list)
    undo_stack: list[list[int]] = field(default_factory=list)  # [review id, question id], newest last
    reviewed: int = 0
    cram_queue: list[int] = field(default_factory=list)

    def question_filter(self) -> QuestionFilter:
        values = dict(self.filters)
        if values.get("ids") is not None:
            values["ids"] = tuple(values["ids"])
        return QuestionFilter(**values)


class Session:
    """One sitting of `ctx.user`. Start one with `Session.start`, continue one with `Session.resume`."""

    def __init__(self, ctx: Context, session_id: int, state: SessionState, settings: StudySettings) -> None:
        self.ctx = ctx
        self.id = session_id
        self.state = state
        self.settings = settings
        self.current: StudyCard | None = None

    # life cycle

    @classmethod
    def start(
        cls,
        ctx: Context,
        settings: StudySettings,
        filters: QuestionFilter | None = None,
        cram: bool = False,
    ) -> Session:
        state = SessionState(filters=asdict(filters or QuestionFilter()), cram=cram)
        if cram:
            found = ctx.store.list_questions(state.question_filter())
            state.cram_queue = [q.id for q in found]
            ctx.rng.shuffle(state.cram_queue)
        else:
            open_study(ctx)
        with ctx.store.write() as conn:
            session_id = sessions.create_session(conn, ctx.user, _dump(state), ctx.now())
        session = cls(ctx, session_id, state, settings)
        session.advance()
        return session

    @classmethod
    def resume(cls, ctx: Context, session_id: int, settings: StudySettings) -> Session:
        """Continue `ctx.user`'s sitting `session_id` (another user's is not found)."""
        with ctx.store.read() as conn:
            stored = sessions.load_session(conn, session_id, ctx.user)
        if stored is None:
            raise NotFound(f"no study session {session_id}; start one with `mldrill study`")
        values = json.loads(stored)
        session = cls(ctx, session_id, SessionState(**values), settings)
        session.current = session._card(session.state.current)
        return session

    # the card shown

    @property
    def filters(self) -> QuestionFilter:
        return self.state.question_filter()

    @property
    def cram(self) -> bool:
        return self.state.cram

    @property
    def reviewed(self) -> int:
        return self.state.reviewed

    @property
    def store(self) -> Any:
        return self.ctx.store

    def advance(self) -> StudyCard | None:
        if self.cram:
            self.current = self._next_cram()
        else:
            self.current = next_card(self.ctx, self.settings, self.filters, set(self.state.skipped))
            if (
                self.current is None and self.state.skipped
            ):  # skipped cards come back once nothing else is left
                self.state.skipped.clear()
                self.current = next_card(self.ctx, self.settings, self.filters, ())
        self.state.current = self.current.question.id if self.current else None
        self._save()
        return self.current

    def _next_cram(self) -> StudyCard | None:
        while self.state.cram_queue:
            question_id = self.state.cram_queue[0]
            try:
                question = self.ctx.store.get_question(question_id, self.ctx.user)
            except MldrillError:
                self.state.cram_queue.pop(0)
                continue
            card = CardState(question_id)
            buttons = preview_buttons(card, self.ctx.now(), self.settings.schedule)
            return StudyCard(question, card, "cram", buttons)
        return None

    def _card(self, question_id: int | None) -> StudyCard | None:
        if question_id is None:
            return None
        if self.cram:
            return self._next_cram()
        now = self.ctx.now()
        with self.ctx.store.read() as conn:
            card = db.get_card(conn, self.ctx.user, question_id) or CardState(question_id)
            question = question_queries.get_question(conn, question_id, self.ctx.user)
        return StudyCard(question, card, card.state_name, preview_buttons(card, now, self.settings.schedule))

    def counts(self) -> QueueCounts:
        if self.cram:
            return QueueCounts(review=len(self.state.cram_queue))
        return queue_counts(self.ctx, self.settings, self.filters)

    # keys

    def rate(self, rating: int, duration_ms: int | None = None) -> RecordedReview | None:
        """Rate the current card and move on. In cram mode nothing is written; Again brings the card back soon."""
        card = self._require()
        if self.cram:
            question_id = self.state.cram_queue.pop(0)
            if rating == 1:
                self.state.cram_queue.insert(min(3, len(self.state.cram_queue)), question_id)
            self.state.reviewed += 1
            self.advance()
            return None
        recorded = record_review(self.ctx, card.question.id, rating, self.settings, duration_ms)
        self.state.undo_stack.append([recorded.review_id, card.question.id])
        if card.question.id in self.state.skipped:
            self.state.skipped.remove(card.question.id)
        self.state.reviewed += 1
        self.advance()
        return recorded

    def can_undo(self) -> bool:
        return bool(self.state.undo_stack)

    def undo(self) -> StudyCard | None:
        """Take back the newest rating of this session; that card becomes the current one again."""
        if not self.state.undo_stack:
            raise UndoRefused("nothing to undo in this session")
        review_id, question_id = self.state.undo_stack[-1]
        undo_review(self.ctx, review_id)
        self.state.undo_stack.pop()
        self.state.reviewed -= 1
        self.current = self._card(question_id)
        self.state.current = question_id
        self._save()
        return self.current

    def skip(self) -> StudyCard | None:
        card = self._require()
        if self.cram:
            self.state.cram_queue.append(self.state.cram_queue.pop(0))
        elif card.question.id not in self.state.skipped:
            self.state.skipped.append(card.question.id)
        return self.advance()

    def bury(self) -> StudyCard | None:
        card = self._require()
        if self.cram:
            self.state.cram_queue.pop(0)
        else:
            bury(self.ctx, card.question.id, self.settings)
        return self.advance()

    def edit_answer(self, text: str | None) -> None:
        card = self._require()
        save_own_answer(self.ctx, card.question.id, text)
        self.current = replace(card, question=self.ctx.store.get_question(card.question.id, self.ctx.user))

    def attempt(self, text: str, grade: Any = None) -> int:
        card = self._require()
        return save_attempt(self.ctx, card.question.id, text, "cram" if self.cram else "study", grade)

    def _require(self) -> StudyCard:
        if self.current is None:
            raise UsageError("no card is being studied")
        return self.current

    def _save(self) -> None:
        with self.ctx.store.write() as conn:
            sessions.save_session(conn, self.id, self.ctx.user, _dump(self.state), self.ctx.now())


def _dump(state: SessionState) -> str:
    return json.dumps(asdict(state), sort_keys=True)
