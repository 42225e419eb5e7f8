"""The one grading use-case: `grade`, typed study attempts and interviews all grade through `grade_question`.

Which answer is the reference: the user's own answer to the question when they wrote one, else the source's
answer. The source's rubric and interviewer's insight always count. The user's marked answers (and those other
users shared) are compared with the new answer unless `use_marked` is off. The score → verdict → rating table
is `mldrill.ratings`.

Errors are reported, never swallowed: a grader that cannot load raises `GraderUnavailable` naming why; a question
with nothing to grade against raises `mldrill.grade.NotGradable`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from mldrill.errors import MldrillError
from mldrill.models import Question, QuestionRecord

if TYPE_CHECKING:
    from mldrill.app.context import Context
    from mldrill.grade import Example, Grade


class Grader(Protocol):
    """What grades an answer: `mldrill.grade.grade_answer`, or a test's function returning a real `Grade`."""

    def __call__(
        self,
        question: QuestionRecord,
        answer: str,
        *,
        lexical_only: bool = False,
        examples: Sequence[Example] = (),
    ) -> Grade: ...


class GraderUnavailable(MldrillError):
    """The grader could not be loaded (a broken install, a missing model file)."""


def default_grader() -> Grader:
    """The bundled grader; raises GraderUnavailable with the reason when it cannot be imported."""
    try:
        from mldrill.grade import grade_answer
    except Exception as exc:  # an install problem, reported to the person with its cause
        raise GraderUnavailable(
            f"the grader cannot be loaded ({type(exc).__name__}: {exc}); reinstall mldrill"
        ) from exc
    return grade_answer


def reference_record(question: Question) -> QuestionRecord:
    """The record graded against: the user's own answer replaces the source's when they wrote one."""
    own = question.own_answer
    if own and own.strip():
        return dataclasses.replace(question.record, answer=own)
    return question.record


def grade_record(
    ctx: Context,
    question_id: int,
    record: QuestionRecord,
    answer: str,
    *,
    lexical: bool = False,
    use_marked: bool = True,
) -> Grade:
    """Grade `answer` against `record` (a question's reference, or a follow-up's), with the user's marked
    answers to question `question_id` unless `use_marked` is off."""
    from mldrill.app.marks import examples_for

    examples = examples_for(ctx, question_id) if use_marked else []
    grader = ctx.grader()
    return grader(record, answer, lexical_only=lexical, examples=examples)


def grade_question(
    ctx: Context, question_id: int, answer: str, *, lexical: bool = False, use_marked: bool = True
) -> tuple[Question, Grade]:
    """Grade `answer` to question `question_id` for `ctx.user`; returns the question (with the user's own
    answer) and the grade."""
    question = ctx.store.get_question(question_id, ctx.user)
    grade = grade_record(
        ctx, question_id, reference_record(question), answer, lexical=lexical, use_marked=use_marked
    )
    return question, grade
