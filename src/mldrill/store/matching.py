"""Pair the questions of a re-imported source with the ones already stored, so edited questions keep their ids.

Pure: rows and records in, a mapping out. In order:
1. by `key` (the source's own stable id): a stored question with a key is matched by its key only;
2. by normalised prompt within the same inner file;
3. what is left in each inner file is paired by similarity (difflib ratio of the prompts, or the overlap of
   the answers' words when the prompt was rewritten) above a threshold, best pairs first, nearer positions
   breaking ties.
In each step active questions are preferred to retired ones (which come back when they match).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass

PROMPT_RATIO = 0.6  # difflib ratio of two normalised prompts
PROMPT_WORDS = 0.3  # share of words two prompts need before difflib is asked
ANSWER_WORDS = 0.7  # Jaccard similarity of the answers' word sets
# Above this many (old x new) leftover pairs in one inner file, step 3 compares each new question only with the
# old ones at about the same place (a window of ranks), to bound the work.
MAX_FUZZY_PAIRS = 50_000
MIN_WINDOW = 20
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Stored:
    """What matching needs to know of a stored question."""

    id: int
    key: str | None
    prompt_norm: str
    inner_file: str | None
    position: int
    answer: str | None = None
    retired: bool = False


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
    # Active questions before retired ones, so that re-reading the same source pairs it the same way.
    free = {s.id: s for s in sorted(stored, key=lambda s: (s.retired, s.position, s.id))}

    by_key: dict[str, deque[int]] = defaultdict(deque)
    for s in free.values():
        if s.key:
            by_key[s.key].append(s.id)
    for i, new in enumerate(incoming):
        same_key = by_key.get(new.key) if new.key else None
        if same_key:
            matched[i] = same_key.popleft()
            del free[matched[i]]

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
        if not olds:
            continue
        # Compare every pair when that is cheap, else only pairs at similar places in the file.
        window = max(len(olds), len(new_indexes))
        if len(olds) * len(new_indexes) > MAX_FUZZY_PAIRS:
            window = max(MIN_WINDOW, MAX_FUZZY_PAIRS // (2 * len(new_indexes)))
        scale = len(olds) / len(new_indexes)
        old_words = [(_words(o.prompt_norm), _words(o.answer or "")) for o in olds]
        scored = []
        for rank_new, i in enumerate(new_indexes):
            expected = round(rank_new * scale)
            similarity = _Similarity(incoming[i])
            for rank_old in range(max(0, expected - window), min(len(olds), expected + window + 1)):
                score = similarity.to(olds[rank_old], *old_words[rank_old])
                if score is not None:
                    scored.append((-score, abs(rank_old - expected), i, olds[rank_old].id))
        taken: set[int] = set()
        for _, _, i, sid in sorted(scored):
            if i not in matched and sid not in taken:
                matched[i] = sid
                taken.add(sid)


class _Similarity:
    """Scores stored questions against one incoming question.

    Word sets make the cheap first test; difflib (which caches the incoming side) runs only on prompts that
    share enough words. Answers are compared by their word sets alone: difflib on paragraphs is slow, and any
    two English paragraphs look alike to its quick bounds.
    """

    def __init__(self, new: Incoming) -> None:
        self.prompt_words = _words(new.prompt_norm)
        self.prompt = difflib.SequenceMatcher(None, "", new.prompt_norm)
        self.answer_words = _words(new.answer) if new.answer else None

    def to(self, old: Stored, prompt_words: frozenset[str], answer_words: frozenset[str]) -> float | None:
        """A score in [0, 1] when the pair looks like the same question edited, else None."""
        if _jaccard(self.prompt_words, prompt_words) >= PROMPT_WORDS:
            self.prompt.set_seq1(old.prompt_norm)
            if self.prompt.real_quick_ratio() >= PROMPT_RATIO and self.prompt.quick_ratio() >= PROMPT_RATIO:
                ratio = self.prompt.ratio()
                if ratio >= PROMPT_RATIO:
                    return ratio
        if self.answer_words and answer_words:
            answer = _jaccard(self.answer_words, answer_words)
            if answer >= ANSWER_WORDS:
                return answer * PROMPT_RATIO  # an answer match ranks below any prompt match
        return None


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)
