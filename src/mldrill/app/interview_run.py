"""Sitting an interview: a state machine over the stored interview, independent of any terminal.

    session = InterviewSession(ctx, interview_id)   # the context's store, user, clock, rng and grader
    step = session.begin()           # the question (or follow-up) to answer now, with the draft saved so far
    session.save(text)               # one keystroke batch: the draft and the time used, in one transaction
    session.clocks()                 # seconds left on this question and overall
    step = session.resume(position=1, part="answer", used_ms=41_000)   # a page that keeps its own time (below)
    outcome = session.submit(text)   # graded; may open a follow-up; `timed_out=True` keeps it, marked overtime
    outcome = session.skip(text)
    report = session.finish()        # records each graded answer as a review; builds and stores the report

Time used is counted only while a step is open in a running session (a killed interview resumes with the time
it had at its last save), so it never depends on how long the process was away. Answers are graded by the one
grading use-case (`mldrill.app.grading`), with the question's reference and the user's marked answers.

A shell that holds no session between requests (the web app: any request, to any worker, continues an interview
by id) calls `resume` instead of `begin`: it checks that the step the page shows is still the open one, and takes
the page's own count of the time the step has been on screen, held between the time already stored (time never
runs back) and the time since the step was first opened (nor ahead of the clock). A closed page counts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mldrill.app.grading import grade_record, reference_record
from mldrill.errors import MldrillError, UsageError
from mldrill.interview.grading import AnswerGrade, choose_followup, followup_budget_s, grade
from mldrill.interview.records import InterviewRow, ItemRow
from mldrill.models import Question, QuestionRecord
from mldrill.store import interviews as db

if TYPE_CHECKING:
    from mldrill.app.context import Context

DONE = ("answered", "overtime", "skipped", "unreached")


class InterviewOver(MldrillError):
    """The interview is finished or abandoned: nothing more to answer."""


class StepClosed(MldrillError):
    """The step a page shows is not the open one any more (it was handed in, say from another tab)."""


@dataclass(frozen=True)
class Step:
    """What to answer now."""

    item_id: int
    position: int  # 0-based
    count: int  # questions in the interview
    part: str  # answer | followup
    question: Question
    prompt: str  # markdown: the question, or the follow-up
    budget_s: float
    draft: str  # the answer as last saved
    elapsed_ms: int  # time already used on this step


@dataclass(frozen=True)
class Clocks:
    question_left_s: float  # below 0 once over
    overall_left_s: float

    @property
    def question_over(self) -> bool:
        return self.question_left_s <= 0

    @property
    def overall_over(self) -> bool:
        return self.overall_left_s <= 0


@dataclass(frozen=True)
class Outcome:
    status: str  # answered | overtime | skipped
    grade: AnswerGrade | None
    next: Step | None  # the follow-up, or the next question; None when the interview is over
    followup: bool  # `next` is this answer's follow-up
    grade_error: str = ""  # why the answer could not be graded (it is kept, ungraded)


class InterviewSession:
    def __init__(self, ctx: Context, interview_id: int) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.interview_id = interview_id
        self.clock = ctx.clock
        self.user = ctx.user
        self._since: datetime | None = None  # when the current step was opened in this sitting
        self._base_ms = 0  # its time used before that
        self._step: Step | None = None
        self.interview = self._load()

    # state

    def _load(self) -> InterviewRow:
        with self.store.read() as conn:
            return db.load_interview(conn, self.interview_id, self.user)

    def _question(self, question_id: int) -> Question:
        return self.store.get_question(question_id, self.user)

    @property
    def over(self) -> bool:
        return self.interview.status in ("finished", "abandoned") or self._current_item() is None

    def _current_item(self) -> ItemRow | None:
        for item in self.interview.items:
            if item.status not in DONE:
                return item
            if item.followup is not None and item.followup.status == "active":
                return item
        return None

    def _make_step(self, item: ItemRow) -> Step:
        question = self._question(item.question_id)
        count = len(self.interview.items)
        if item.status in DONE and item.followup is not None:
            f = item.followup
            return Step(
                item.id,
                item.position,
                count,
                "followup",
                question,
                f.prompt,
                f.budget_s,
                f.draft,
                f.elapsed_ms,
            )
        return Step(
            item.id,
            item.position,
            count,
            "answer",
            question,
            question.record.prompt,
            item.budget_s,
            item.draft,
            item.elapsed_ms,
        )

    @property
    def step(self) -> Step | None:
        return self._step

    def begin(self) -> Step | None:
        """Open the step to answer now (the interview starts, or resumes, here); None when nothing is left."""
        self._refuse_over()
        item = self._current_item()
        if item is None:
            self._step = None
            return None
        now = self.clock()
        with self.store.write() as conn:
            if self.interview.status == "planned":
                db.update_interview(conn, self.interview_id, status="running", started_at=now)
            if item.status == "pending":
                db.update_item(conn, item.id, status="active", started_at=now)
        self.interview = self._load()
        item = next(i for i in self.interview.items if i.id == item.id)
        self._step = self._make_step(item)
        self._since = now
        self._base_ms = self._step.elapsed_ms
        return self._step

    def resume(
        self, *, position: int | None = None, part: str | None = None, used_ms: int | None = None
    ) -> Step:
        """Open the step a page shows (1-based `position`, `part`; None: whichever is open) with the page's count
        of the time used on it, held between the time stored and the time since the step was first opened; None:
        the time of its last save. Raises InterviewOver when nothing is left to answer, StepClosed when the page
        shows another step than the open one."""
        step = self.begin()
        if step is None:
            raise InterviewOver(
                f"interview {self.interview_id} has no question left to answer: finish it to see the report"
            )
        if (position is not None and position != step.position + 1) or (
            part is not None and part != step.part
        ):
            shown = f"question {position}" if position is not None else "the question"
            raise StepClosed(
                f"{shown}{f' ({part})' if part else ''} of interview {self.interview_id} is no longer open: "
                f"question {step.position + 1} ({step.part}) is"
            )
        if used_ms is not None:
            self._base_ms = max(step.elapsed_ms, min(int(used_ms), self._open_for_ms(step)))
        return step

    def _open_for_ms(self, step: Step) -> int:
        """Milliseconds since the step was first opened (the most time it can have used)."""
        item = next(i for i in self.interview.items if i.id == step.item_id)
        row = item.followup if step.part == "followup" and item.followup is not None else item
        if row.started_at is None:
            return step.elapsed_ms
        return max(int((self.clock() - row.started_at).total_seconds() * 1000), 0)

    def _require(self) -> Step:
        if self._step is None or self._since is None:
            raise UsageError("no question is open: call begin() first")
        return self._step

    def elapsed_ms(self) -> int:
        """Time used on the open step, this sitting included."""
        self._require()
        assert self._since is not None
        live = (self.clock() - self._since).total_seconds() * 1000
        return self._base_ms + max(int(live), 0)

    def _used_ms(self) -> int:
        """Time used on the whole interview, as stored, plus the open step's time not yet saved."""
        stored = sum(
            i.elapsed_ms + (i.followup.elapsed_ms if i.followup else 0) for i in self.interview.items
        )
        if self._step is None:
            return stored
        return stored - self._stored_ms(self._step) + self.elapsed_ms()

    def _stored_ms(self, step: Step) -> int:
        item = next(i for i in self.interview.items if i.id == step.item_id)
        if step.part == "followup":
            return item.followup.elapsed_ms if item.followup else 0
        return item.elapsed_ms

    def clocks(self) -> Clocks:
        step = self._require()
        overall = self.interview.minutes * 60 - self._used_ms() / 1000
        return Clocks(step.budget_s - self.elapsed_ms() / 1000, overall)

    # writes

    def save(self, text: str) -> bool:
        """Save a keystroke batch (or only the time used, if the text did not change). True if the text changed."""
        step = self._require()
        elapsed = self.elapsed_ms()
        with self.store.write() as conn:
            changed = db.save_draft(conn, step.item_id, step.part, text, elapsed, self.clock())
        self._refresh_times(step, elapsed, text)
        return changed

    def _saved_draft(self, step: Step) -> str:
        """The step's draft as last saved in this sitting (`step.draft` is the one it was opened with)."""
        item = next(i for i in self.interview.items if i.id == step.item_id)
        if step.part == "followup" and item.followup is not None:
            return item.followup.draft
        return item.draft

    def _refresh_times(self, step: Step, elapsed: int, text: str) -> None:
        for item in self.interview.items:
            if item.id != step.item_id:
                continue
            if step.part == "followup" and item.followup is not None:
                item.followup.elapsed_ms, item.followup.draft = elapsed, text
            else:
                item.elapsed_ms, item.draft = elapsed, text

    def submit(self, text: str, *, timed_out: bool = False) -> Outcome:
        """Hand in the answer. Past its budget (or `timed_out`) it is kept and marked overtime."""
        step = self._require()
        elapsed = self.elapsed_ms()
        overtime = timed_out or elapsed > step.budget_s * 1000
        status = "overtime" if overtime else "answered"
        error = ""
        try:
            g: AnswerGrade | None = self._grade(step, text)
        except Exception as exc:  # the answer is kept, ungraded (and not reviewed); the screen says why
            g, error = None, f"{type(exc).__name__}: {exc}"
        self._close(step, text, elapsed, status, g)
        ask_followup = g is not None and step.part == "answer" and not overtime and not self._overall_over()
        followup = choose_followup(g, text) if g is not None and ask_followup else None
        if followup is not None:
            budget = followup_budget_s(step.budget_s)
            if self.interview.minutes * 60 - self._used_ms() / 1000 < budget:
                followup = None
        if followup is not None:
            with self.store.write() as conn:
                db.insert_followup(
                    conn,
                    step.item_id,
                    point=followup.point,
                    point_index=followup.point_index,
                    prompt=followup.prompt,
                    budget_s=followup_budget_s(step.budget_s),
                    now=self.clock(),
                )
            self.interview = self._load()
        outcome = self._advance(status, g, followup is not None)
        return replace(outcome, grade_error=error) if error else outcome

    def skip(self, text: str = "") -> Outcome:
        """Pass on this question (or follow-up); the text typed so far is kept, ungraded."""
        step = self._require()
        self._close(step, text, self.elapsed_ms(), "skipped", None)
        return self._advance("skipped", None, False)

    def _grade(self, step: Step, text: str) -> AnswerGrade:
        record = step.question.record
        if step.part == "followup":
            item = next(i for i in self.interview.items if i.id == step.item_id)
            assert item.followup is not None
            point = item.followup.point
            record = QuestionRecord(
                prompt=f"{record.prompt}\n\n{item.followup.prompt}",
                answer=point,
                difficulty=record.difficulty,
                topic=record.topic,
                rubric=[point],
            )
            # a follow-up is graded on its one point; the question's marked answers are not about it
            return grade(
                lambda r, a: grade_record(self.ctx, step.question.id, r, a, use_marked=False), record, text
            )
        return grade(
            lambda r, a: grade_record(self.ctx, step.question.id, r, a), reference_record(step.question), text
        )

    def _close(self, step: Step, text: str, elapsed: int, status: str, g: AnswerGrade | None) -> None:
        now = self.clock()
        values: dict[str, Any] = {
            "draft": text,
            "elapsed_ms": elapsed,
            "status": status,
            "overtime": status == "overtime",
            "submitted_at": now,
            "grade": g.to_dict() if g else None,
            "score": g.score if g else None,
        }
        with self.store.write() as conn:
            db.save_draft(conn, step.item_id, step.part, text, elapsed, now)
            if step.part == "followup":
                db.update_followup(conn, step.item_id, **values)
            else:
                db.update_item(
                    conn, step.item_id, suggested_rating=g.suggested_rating if g else None, **values
                )
        self._step, self._since = None, None
        self.interview = self._load()

    def _overall_over(self) -> bool:
        return self.interview.minutes * 60 - self._used_ms() / 1000 <= 0

    def _advance(self, status: str, g: AnswerGrade | None, followup: bool) -> Outcome:
        if self._overall_over():
            self.stop_here()
            return Outcome(status, g, None, False)
        return Outcome(status, g, self.begin(), followup)

    def stop_here(self) -> None:
        """End the questions now (the overall time is up, or the person ends early): the rest are not reached."""
        if self._step is not None:
            step = self._step
            draft = self._saved_draft(step)
            with self.store.write() as conn:
                db.save_draft(conn, step.item_id, step.part, draft, self.elapsed_ms(), self.clock())
        with self.store.write() as conn:
            for item in self.interview.items:
                if item.status in ("pending", "active"):
                    status = "unreached" if item.status == "pending" and not item.draft else "skipped"
                    db.update_item(conn, item.id, status=status)
                if item.followup is not None and item.followup.status == "active":
                    db.update_followup(conn, item.id, status="skipped")
        self._step, self._since = None, None
        self.interview = self._load()

    def _refuse_over(self) -> None:
        if self.interview.status in ("finished", "abandoned"):
            raise InterviewOver(f"interview {self.interview_id} is {self.interview.status}")

    def abandon(self) -> None:
        """Give the interview up (nothing is recorded as a review); InterviewOver if it is finished or abandoned."""
        self._refuse_over()
        with self.store.write() as conn:
            db.update_interview(conn, self.interview_id, status="abandoned", finished_at=self.clock())
        self.interview = self._load()

    def finish(self, ratings: dict[int, int] | None = None) -> dict[str, Any]:
        """Close the interview: record each graded answer as a review (rating chosen, else suggested), build and
        store the report. Safe to run again after a crash: a review already recorded is not recorded twice.
        InterviewOver once it is finished or abandoned."""
        from mldrill.app.interviews import finish_interview

        self._refuse_over()
        if self._current_item() is not None:
            self.stop_here()
        report = finish_interview(self.ctx, self.interview_id, ratings or {})
        self.interview = self._load()
        return report
