"""Marked answers: answers a user judged correct or incorrect, kept per question and compared with new answers
by the grader (see mldrill.grade.examples).

A marked answer counts for its author only, unless the author shares it (`shared=True`): then it counts for
every user of the store (a team server's people help grade each other's answers). Only its author removes one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mldrill.errors import UsageError
from mldrill.store import marked as db
from mldrill.store.marked import MarkedAnswer

if TYPE_CHECKING:
    from mldrill.app.context import Context


def mark_answer(
    ctx: Context, question_id: int, text: str, correct: bool, *, source: str = "grade", shared: bool = False
) -> int:
    """Keep `text` as an answer to the question that `ctx.user` judged correct (or incorrect); returns its id.
    An empty answer is a usage error."""
    if not text.strip():
        raise UsageError("the answer is empty; nothing to mark")
    ctx.store.get_question(question_id)  # NotFound names the id
    with ctx.store.write() as conn:
        return db.add_marked(
            conn, question_id, text, correct, user_id=ctx.user, source=source, now=ctx.now(), shared=shared
        )


def too_long(text: str) -> bool:
    """True when only the first MAX_TEXT characters of `text` would be kept."""
    return len(text.strip()) > db.MAX_TEXT


def marked_answers(ctx: Context, question_id: int) -> list[MarkedAnswer]:
    """The marked answers to the question that count for `ctx.user`, oldest first."""
    ctx.store.get_question(question_id)
    with ctx.store.read() as conn:
        return db.marked_for(conn, question_id, ctx.user)


def unmark(ctx: Context, marked_id: int) -> MarkedAnswer:
    """Remove one of `ctx.user`'s marked answers."""
    with ctx.store.write() as conn:
        return db.delete_marked(conn, marked_id, ctx.user)


def examples_for(ctx: Context, question_id: int) -> list[Any]:
    """The marked answers counting for `ctx.user` as `mldrill.grade.Example`s (the newest MAX_EXAMPLES)."""
    from mldrill.grade.examples import MAX_EXAMPLES, Example

    with ctx.store.read() as conn:
        rows = db.marked_for(conn, question_id, ctx.user, limit=MAX_EXAMPLES)
    return [Example(r.text, r.correct) for r in rows]
