"""`study_stats` and `home_summary` computed the straightforward way: every row read into Python, one CardState and
py-fsrs retrievability per card, figures counted in loops. Slow, and obviously right; the optimised queries are
checked against it (tests/study/test_study_stats_reference.py) and bench/study.py prints it as its baseline."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from mldrill.app.study import StudySettings, day_start, queue_counts
from mldrill.schedule import NEW, retrievabilities
from mldrill.store import Store
from mldrill.store import reviews as db
from mldrill.store.common import utc
from mldrill.store.schema import questions
from tests.context import ctx_at

DAY = timedelta(days=1)


def _cards(conn: sa.Connection, user: str) -> list[Any]:
    """Every card of an active question: (card row, retired_at) by a join, the way it reads."""
    query = sa.select(db.cards).join(questions, questions.c.id == db.cards.c.question_id)
    query = query.where(db.cards.c.user_id == user, questions.c.retired_at.is_(None))
    return [db.card_from_row(row) for row in conn.execute(query).mappings()]


def _streak(days: set[Any], today: Any) -> int:
    start = today if today in days else today - DAY
    streak = 0
    while start in days:
        streak += 1
        start -= DAY
    return streak


def _mastery(infos: list[db.CardInfo], now: datetime, settings: StudySettings) -> tuple[Any, Any]:
    values = retrievabilities([i.card for i in infos], now, settings.schedule)
    topics: dict[str, list[Any]] = {}
    companies: dict[str, list[Any]] = {}
    for info, r in zip(infos, values, strict=True):
        parts = (info.topic or "(no topic)").split("/")
        groups = [topics.setdefault("/".join(parts[:d]), [0, 0, 0, 0.0]) for d in range(1, len(parts) + 1)]
        groups += [
            companies.setdefault(c, [0, 0, 0, 0.0]) for c in {c.strip() for c in info.companies if c.strip()}
        ]
        for g in groups:
            g[0] += 1
            if not info.card.is_new:
                g[1] += 1
                g[2] += (info.card.stability or 0) >= 21
                g[3] += r

    def rows(d: dict[str, list[Any]]) -> list[dict[str, Any]]:
        out = []
        for name, (n, studied, mature, recall) in sorted(d.items()):
            mean = recall / studied if studied else None
            coverage = studied / n if n else 0.0
            out.append(
                {
                    "name": name,
                    "questions": n,
                    "studied": studied,
                    "mature": mature,
                    "mean_retrievability": mean,
                    "coverage": coverage,
                    "score": coverage * (mean or 0.0),
                }
            )
        return out

    return rows(topics), rows(companies)


def reference_stats(
    store: Store, now: datetime, settings: StudySettings, user: str = db.LOCAL_USER
) -> dict[str, Any]:
    """What `study_stats(...).to_dict()` must equal."""
    hour = settings.day_start_hour
    today = day_start(now, hour)
    with store.read() as conn:
        log = conn.execute(
            sa.select(
                db.review_log.c.reviewed_at,
                db.review_log.c.state_before,
                db.review_log.c.rating,
                db.review_log.c.duration_ms,
            ).where(db.review_log.c.user_id == user)
        ).all()
        cards = _cards(conn, user)
        infos = db.card_summaries(conn, user)
    log = [(utc(t), s, r, d) for t, s, r, d in log]
    per_day = Counter(day_start(t, hour).date() for t, _, _, _ in log)
    done = Counter(s for t, s, _, _ in log if t >= today)
    forecast = [0] * 30
    for c in cards:
        if c.state != NEW and c.due is not None and c.due < today + 30 * DAY:
            forecast[max((day_start(c.due, hour).date() - today.date()).days, 0)] += 1

    def due_by(when: datetime) -> int:
        return sum(
            1
            for c in cards
            if c.state in (1, 2, 3)
            and c.due is not None
            and c.due <= when
            and (c.buried_until is None or c.buried_until <= now)
        )

    def retention(since: datetime | None) -> dict[str, Any]:
        chosen = [r for t, s, r, _ in log if s == 2 and (since is None or t >= since)]
        passed = sum(1 for r in chosen if r > 1)
        return {"passed": passed, "total": len(chosen), "rate": passed / len(chosen) if chosen else None}

    by_state = dict(Counter(i.card.state_name for i in infos))
    streak = _streak(set(per_day), today.date())
    longest = run = 0
    previous = None
    for day in sorted(per_day):
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest, previous = max(longest, run), day
    topics, companies = _mastery(infos, now, settings)
    new_available = by_state.get("new", 0)
    return {
        "now": now.isoformat(),
        "day_start": today.isoformat(),
        "due_now": due_by(now),
        "due_today": due_by(today + DAY),
        "new_available": new_available,
        "new_left_today": min(new_available, max(settings.new_per_day - done.get(NEW, 0), 0)),
        "reviews_today": sum(done.values()),
        "new_today": done.get(NEW, 0),
        "minutes_today": round(sum(d or 0 for t, _, _, d in log if t >= today) / 60000, 1),
        "total_reviews": len(log),
        "cards_by_state": by_state,
        "streak": streak,
        "longest_streak": max(longest, streak),
        "forecast": [{"day": (today.date() + i * DAY).isoformat(), "due": n} for i, n in enumerate(forecast)],
        "reviews_per_day": [{"day": d.isoformat(), "reviews": n} for d, n in sorted(per_day.items())],
        "retention": retention(None),
        "retention_30_days": retention(today - 30 * DAY),
        "topics": topics,
        "companies": companies,
    }


def reference_home(
    store: Store, now: datetime, settings: StudySettings, user: str = db.LOCAL_USER
) -> dict[str, Any]:
    """The figures of `home_summary` (all but the suggestion's wording)."""
    stats = reference_stats(store, now, settings, user)
    with store.read() as conn:
        n_questions = conn.execute(
            sa.select(sa.func.count()).select_from(questions).where(questions.c.retired_at.is_(None))
        ).scalar_one()
        cards = _cards(conn, user)
    later = [c.due for c in cards if c.state != NEW and c.due is not None and c.due > now]
    return {
        "questions": n_questions,
        "due_now": stats["due_now"],
        "due_later_today": max(stats["due_today"] - stats["due_now"], 0),
        "new_available": queue_counts(ctx_at(store, now, user=user), settings).new,
        "reviews_today": stats["reviews_today"],
        "streak": stats["streak"],
        "next_due": min(later).isoformat() if later else None,
    }
