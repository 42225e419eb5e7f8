"""Study sessions' state rows (table `study_sessions`, migration 0005): one JSON text per open sitting."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from mldrill.store.common import bind_utc, new_id
from mldrill.store.user_tables import study_sessions


def create_session(conn: sa.Connection, user_id: str, state: str, now: datetime) -> int:
    values = {"user_id": user_id, "state": state, "created_at": bind_utc(now), "updated_at": bind_utc(now)}
    return new_id(conn.execute(study_sessions.insert().values(**values)))


def load_session(conn: sa.Connection, session_id: int, user_id: str) -> str | None:
    """The state of `user_id`'s session `session_id`; None when there is none (or it is another user's)."""
    query = sa.select(study_sessions.c.state).where(
        study_sessions.c.id == session_id, study_sessions.c.user_id == user_id
    )
    return conn.execute(query).scalar()


def save_session(conn: sa.Connection, session_id: int, user_id: str, state: str, now: datetime) -> None:
    conn.execute(
        study_sessions.update()
        .where(study_sessions.c.id == session_id, study_sessions.c.user_id == user_id)
        .values(state=state, updated_at=bind_utc(now))
    )
