"""Marked answers: answers a person judged correct or incorrect, kept per question and compared with new
answers by the grader (see mldrill.grade.examples). Use-cases shared by the CLI, study and interviews.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from mldrill.grade.examples import MAX_EXAMPLES
from mldrill.models import QuestionRecord
from mldrill.store import Store
from mldrill.store import marked as db
from mldrill.store.common import LOCAL_USER
from mldrill.store.marked import MarkedAnswer

Grader = Callable[..., Any]


def mark_answer(
    store: Store,
    question_id: int,
    text: str,
    correct: bool,
    *,
    now: datetime,
    source: str = "grade",
    user: str = LOCAL_USER,
) -> int:
    """Keep `text` as an answer to the question that a person judged correct (or incorrect); returns its id."""
    store.get_question(question_id)  # NotFound names the id
    with store.write() as conn:
        return db.add_marked(conn, question_id, text, correct, user_id=user, source=source, now=now)


def too_long(text: str) -> bool:
    """True when only the first MAX_TEXT characters of `text` would be kept."""
    return len(text.strip()) > db.MAX_TEXT


def marked_answers(store: Store, question_id: int) -> list[MarkedAnswer]:
    store.get_question(question_id)
    with store.read() as conn:
        return db.marked_for(conn, question_id)


def unmark(store: Store, marked_id: int) -> MarkedAnswer:
    with store.write() as conn:
        return db.delete_marked(conn, marked_id)


def examples_for(store: Store, question_id: int) -> list[Any]:
    """The question's marked answers as `mldrill.grade.Example`s (the newest MAX_EXAMPLES)."""
    from mldrill.grade.examples import Example

    with store.read() as conn:
        rows = db.marked_for(conn, question_id, limit=MAX_EXAMPLES)
    return [Example(r.text, r.correct) for r in rows]


def with_marked(grader: Grader, store: Store, question_id: int) -> Callable[[QuestionRecord, str], Any]:
    """`grader(record, answer)` that also passes the question's marked answers, when it has any."""

    def grade(record: QuestionRecord, answer: str) -> Any:
        examples = examples_for(store, question_id)
        return grader(record, answer, examples=examples) if examples else grader(record, answer)

    return grade
