"""Pair the questions of a re-imported source with the ones already stored, so edited questions keep their ids.

Pure: rows and records in, a mapping out. In order:
1. by `key` (the source's own stable id): a stored question with a key is matched by its key only;
2. by normalised prompt within the same inner file;
3. what is left in each inner file is paired by similarity (difflib ratio of the prompts, or of the answers
   when the prompt was rewritten) above a threshold, best pairs first, nearer positions breaking ties.
"""

from __future__ import annotations

import difflib
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass

PROMPT_RATIO = 0.6
ANSWER_RATIO = 0.8
# Above this many (old x new) leftover pairs in one inner file, step 3 is skipped to bound the work.
MAX_FUZZY_PAIRS = 250_000


@dataclass(frozen=True)
class Stored:
    """What matching needs to know of a stored question."""

    id: int
    key: str | None
    prompt_norm: str
    inner_file: str | None
    position: int
    answer: str | None = None


@dataclass(frozen=True)
class Incoming:
    """What matching needs to know of a newly read question."""

    key: str | None
    prompt_norm: str
    inner_file: str | None
    answer: str | None = None


def match_questions(stored: Sequence[Stored], incoming: Sequence[Incoming]) -> dict[int, int]:
    """Map the index of each incoming question that matches a stored one to that stored question's id."""
    matched: dict[int, int] = {}
    free = {s.id: s for s in sorted(stored, key=lambda s: s.position)}

    by_key = {s.key: s.id for s in free.values() if s.key}
    for i, new in enumerate(incoming):
        sid = by_key.get(new.key) if new.key else None
        if sid is not None and sid in free:
            matched[i] = sid
            del free[sid]

    by_prompt: dict[tuple[str | None, str], deque[int]] = defaultdict(deque)
    for s in free.values():
        if s.key is None:
            by_prompt[(s.inner_file, s.prompt_norm)].append(s.id)
    for i, new in enumerate(incoming):
        if i in matched:
            continue
        queue = by_prompt.get((new.inner_file, new.prompt_norm))
        if queue:
            matched[i] = queue.popleft()
            del free[matched[i]]

    _pair_leftovers(free, incoming, matched)
    return matched


def _pair_leftovers(free: dict[int, Stored], incoming: Sequence[Incoming], matched: dict[int, int]) -> None:
    old_by_file: dict[str | None, list[Stored]] = defaultdict(list)
    for s in free.values():
        if s.key is None:
            old_by_file[s.inner_file].append(s)
    new_by_file: dict[str | None, list[int]] = defaultdict(list)
    for i, new in enumerate(incoming):
        if i not in matched:
            new_by_file[new.inner_file].append(i)

    for inner_file, new_indexes in new_by_file.items():
        olds = old_by_file.get(inner_file, [])
        if not olds or len(olds) * len(new_indexes) > MAX_FUZZY_PAIRS:
            continue
        scored = []
        for rank_new, i in enumerate(new_indexes):
            for rank_old, old in enumerate(olds):
                score = _similarity(old, incoming[i])
                if score is not None:
                    scored.append((-score, abs(rank_new - rank_old), i, old.id))
        taken: set[int] = set()
        for _, _, i, sid in sorted(scored):
            if i not in matched and sid not in taken:
                matched[i] = sid
                taken.add(sid)


def _similarity(old: Stored, new: Incoming) -> float | None:
    """A score in [0, 1] when the pair is similar enough to be the same question edited, else None."""
    prompt = _ratio(old.prompt_norm, new.prompt_norm, PROMPT_RATIO)
    if prompt is not None:
        return prompt
    if old.answer and new.answer:
        answer = _ratio(old.answer, new.answer, ANSWER_RATIO)
        if answer is not None:
            return answer * PROMPT_RATIO  # an answer match ranks below any prompt match
    return None


def _ratio(a: str, b: str, threshold: float) -> float | None:
    matcher = difflib.SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= threshold else None
