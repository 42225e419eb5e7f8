"""Duplicate groups: recomputed from the active questions after each change, inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from mldrill.store.schema import dupe_groups, dupe_members, questions


@dataclass
class DupeGroup:
    id: int
    canonical_id: int
    question_ids: list[int]


def regroup(conn: sa.Connection) -> None:
    """Recompute the groups of near-duplicate active questions; rewrite the tables only when they differ."""
    # Imported here: loading the importer package costs read-only commands ~50 ms for nothing.
    from mldrill.ingest.dedupe import group_duplicates, pick_canonical

    rows = conn.execute(
        sa.select(
            questions.c.id,
            questions.c.prompt_norm,
            sa.or_(questions.c.answer.is_not(None), questions.c.own_answer.is_not(None)).label("answered"),
        )
        .where(questions.c.retired_at.is_(None))
        .order_by(questions.c.id)
    ).all()
    answered = {r.id for r in rows if r.answered}
    wanted: dict[int, int] = {}  # question id -> canonical id (= group id)
    for group in group_duplicates((r.id, r.prompt_norm) for r in rows):
        canonical = pick_canonical(group, answered)
        wanted.update((qid, canonical) for qid in group)

    members = conn.execute(sa.select(dupe_members.c.question_id, dupe_members.c.group_id))
    current = {question_id: group_id for question_id, group_id in members}
    if current == wanted:
        return
    conn.execute(sa.delete(dupe_members))
    conn.execute(sa.delete(dupe_groups))
    canonicals = sorted(set(wanted.values()))
    if canonicals:
        conn.execute(sa.insert(dupe_groups), [{"id": c, "canonical_id": c} for c in canonicals])
        conn.execute(
            sa.insert(dupe_members), [{"question_id": q, "group_id": g} for q, g in sorted(wanted.items())]
        )


def list_groups(conn: sa.Connection) -> list[DupeGroup]:
    rows = conn.execute(
        sa.select(dupe_members.c.group_id, dupe_members.c.question_id, dupe_groups.c.canonical_id)
        .join(dupe_groups, dupe_groups.c.id == dupe_members.c.group_id)
        .order_by(dupe_members.c.group_id, dupe_members.c.question_id)
    ).all()
    groups: dict[int, DupeGroup] = {}
    for r in rows:
        groups.setdefault(r.group_id, DupeGroup(r.group_id, r.canonical_id, [])).question_ids.append(
            r.question_id
        )
    return list(groups.values())
