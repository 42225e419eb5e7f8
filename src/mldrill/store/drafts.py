"""Drafts of interview answers, saved as the person types: each batch is logged as a delta and can be replayed.

SQLAlchemy Core on a connection the caller opened with `Store.write()` (saving) or `Store.read()` (reading back).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mldrill.errors import NotFound
from mldrill.store.common import bind_utc
from mldrill.store.interview_tables import followups, items, keystrokes

PARTS = ("answer", "followup")


def _part_table(part: str) -> tuple[sa.Table, sa.ColumnElement[bool]]:
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, not {part!r}")
    return (items, items.c.id) if part == "answer" else (followups, followups.c.item_id)


def save_draft(
    conn: sa.Connection, item_id: int, part: str, text: str, elapsed_ms: int, now: datetime
) -> bool:
    """Save one keystroke batch: the draft now reads `text`. Logs the change as a delta; True if the text changed.

    An unchanged text only updates the time used.
    """
    table, key = _part_table(part)
    old = conn.execute(sa.select(table.c.draft).where(key == item_id)).scalar()
    if old is None:
        raise NotFound(f"no {part} to save for interview item {item_id}")
    values: dict[str, Any] = {"elapsed_ms": int(elapsed_ms)}
    changed = text != old
    if changed:
        keep = _common_prefix(old, text)
        seq = conn.execute(
            sa.select(sa.func.coalesce(sa.func.max(keystrokes.c.seq), 0)).where(
                keystrokes.c.item_id == item_id, keystrokes.c.part == part
            )
        ).scalar_one()
        conn.execute(
            keystrokes.insert().values(
                item_id=item_id,
                part=part,
                seq=int(seq) + 1,
                saved_at=bind_utc(now),
                elapsed_ms=int(elapsed_ms),
                keep=keep,
                inserted=text[keep:],
            )
        )
        values["draft"] = text
    conn.execute(table.update().where(key == item_id).values(**values))
    return changed


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def keystroke_batches(conn: sa.Connection, item_id: int, part: str) -> list[tuple[int, int, str]]:
    """(seq, characters kept, inserted text) of every saved batch of one answer, in order."""
    query = (
        sa.select(keystrokes.c.seq, keystrokes.c.keep, keystrokes.c.inserted)
        .where(keystrokes.c.item_id == item_id, keystrokes.c.part == part)
        .order_by(keystrokes.c.seq)
    )
    return [(int(s), int(k), str(t)) for s, k, t in conn.execute(query)]


def replay(batches: list[tuple[int, int, str]]) -> str:
    """The text the batches build up, from an empty draft."""
    text = ""
    for _seq, keep, inserted in batches:
        text = text[:keep] + inserted
    return text
