"""Histories for the progress tests, made through the use-cases themselves: weeks of study days (the queue picks
the card, a seeded rng picks the rating) and finished interviews graded by a word-matching grader."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from mldrill.app import study
from mldrill.app.context import LOCAL_USER
from mldrill.app.interview_run import InterviewSession, Step
from mldrill.models import QuestionRecord
from mldrill.store import Store
from mldrill.store import interviews as interview_db
from tests.context import ctx_at
from tests.interview.helpers import word_grader
from tests.store.factories import source

RUBRICS = {
    "What does dropout do?": [
        "Dropout randomly zeroes activations during training.",
        "At inference dropout is switched off.",
    ],
    "Why normalise inputs?": [
        "Gradient descent converges faster on standardised features.",
        "Distances become comparable.",
    ],
}


def add_rubric_questions(store: Store, when: datetime, company: str = "Acme") -> list[int]:
    """Two questions with rubrics (topic dl/basics, one company); returns their ids."""
    records = [
        QuestionRecord(p, "Model answer.", "medium", "dl/basics", companies=[company], rubric=r)
        for p, r in RUBRICS.items()
    ]
    store.save_source(source(f"/bank/{company}.md", records), when)
    return [q.id for q in store.list_questions() if q.record.prompt in RUBRICS]


def sit_interview(
    store: Store,
    when: datetime,
    questions: list[int],
    answer: Callable[[Step], str],
    company: str | None = None,
) -> int:
    """Plan, sit and finish an interview at `when` (the clock stands still), answering each step with
    `answer(step)`; returns its id."""
    with store.write() as conn:
        interview_id = interview_db.insert_interview(
            conn,
            LOCAL_USER,
            company=company,
            level="mid",
            minutes=10,
            topics=[],
            seed=1,
            plan={},
            questions=[(q, 120.0) for q in questions],
            now=when,
        )
    session = InterviewSession(ctx_at(store, when, grader=word_grader), interview_id)
    step = session.begin()
    while step is not None:
        step = session.submit(answer(step)).next
    session.finish()
    return interview_id


def full_answer(step: Step) -> str:
    return " ".join(RUBRICS.get(step.question.record.prompt, []))


def half_answer(step: Step) -> str:
    return RUBRICS.get(step.question.record.prompt, [""])[0]


def study_days(
    store: Store,
    end: datetime,
    days: int,
    per_day: int,
    settings: study.StudySettings,
    seed: int = 0,
) -> int:
    """Study on most of the `days` days before `end` (and on `end`'s day), up to `per_day` cards a day from the
    queue, each rated by a seeded rng (mostly Good, some Again); returns the number of reviews recorded."""
    rng = random.Random(seed)
    study.open_study(ctx_at(store, end))
    recorded = 0
    for back in range(days, -1, -1):
        if back and rng.random() < 0.25:
            continue  # a day off
        when = end - timedelta(days=back, minutes=per_day)
        for _ in range(per_day):
            ctx = ctx_at(store, when, rng=rng)
            card = study.next_card(ctx, settings)
            if card is None:
                break
            rating = rng.choices((1, 2, 3, 4), weights=(2, 1, 6, 2))[0]
            study.record_review(ctx, card.question.id, rating, settings, duration_ms=20_000)
            recorded += 1
            when += timedelta(seconds=50)
    return recorded
