"""Group near-duplicate prompts. Pure functions: text in, groups of ids out.

Two prompts are duplicates when, after `normalise_prompt`, their token sets have a Jaccard similarity of at
least `JACCARD`; groups are the transitive closure. Character-level similarity (difflib) is deliberately not
used: "L1 regularization" and "L2 regularization" differ by one character and are different questions.

Candidate pairs come from a token index with a prefix filter: sorted rarest token first, two sets with a
Jaccard similarity >= t must share a token among the first |A| - ceil(t·|A|) + 1 of each. So the work is
about O(n·k) for n prompts of k tokens, not a comparison of every pair.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

JACCARD = 0.8

_STOPWORDS = frozenset({"a", "an", "the"})
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_INTERVIEW_SUFFIX = re.compile(r"\s+[-–—|:]\s+[^-–—|:]*\binterview\s+questions?\s*[.?!]*\s*$", re.IGNORECASE)
_LEADING_MARKERS = re.compile(
    r"""^\s*(?:
        \#+\s*                             # markdown heading marks
      | [-*+>]\s+                          # bullets, quotes
      | \d+\s*[.):]\s*                     # "1." "2)" "3:"
      | q(?:uestion)?\s*\d+\s*[.):-]?\s*   # "Q1:" "Question 12."
      | \[[emh]\]\s*                       # "[E]" "[M]" "[H]"
      | \((?:easy|medium|hard)\)\s*        # "(Easy)"
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_BRITISH = re.compile(r"(?<=\w{3})is(ation|e|ed|es|ing)\b")


def normalise_prompt(text: str) -> str:
    """Lower-case words of a prompt, without numbering, difficulty marks, markup, punctuation or site suffixes."""
    s = _MD_LINK.sub(r"\1", text.strip())
    s = _INTERVIEW_SUFFIX.sub("", s)
    previous = None
    while previous != s:  # markers can be stacked: "1. [E] Q3: ..."
        previous = s
        s = _LEADING_MARKERS.sub("", s, count=1)
    s = _BRITISH.sub(r"iz\1", _NON_WORD.sub(" ", s.lower()))
    words = [w for w in s.split() if w not in _STOPWORDS]
    return " ".join(words)


def similar(a: str, b: str) -> bool:
    """Whether two normalised prompts count as duplicates."""
    return bool(a and b) and _jaccard(frozenset(a.split()), frozenset(b.split())) >= JACCARD


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def group_duplicates(items: Iterable[tuple[int, str]]) -> list[list[int]]:
    """Group ids whose normalised texts are duplicates. Only groups of two or more, each in input order."""
    entries = [(qid, frozenset(text.split())) for qid, text in items if text]
    frequency: dict[str, int] = defaultdict(int)
    for _, tokens in entries:
        for token in tokens:
            frequency[token] += 1

    parent = list(range(len(entries)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index: dict[str, list[int]] = defaultdict(list)
    for i, (_, tokens) in enumerate(entries):
        rare_first = sorted(tokens, key=lambda t: (frequency[t], t))
        prefix = rare_first[: len(rare_first) - math.ceil(JACCARD * len(rare_first)) + 1]
        candidates: set[int] = set()
        for token in prefix:
            candidates.update(index[token])
            index[token].append(i)
        for j in candidates:
            if find(i) != find(j) and _jaccard(tokens, entries[j][1]) >= JACCARD:
                parent[find(i)] = find(j)

    groups: dict[int, list[int]] = defaultdict(list)
    for i, (qid, _) in enumerate(entries):
        groups[find(i)].append(qid)
    return [members for members in groups.values() if len(members) > 1]


def pick_canonical(group: Sequence[int], answered: set[int]) -> int:
    """The canonical member of a group: the earliest (lowest id) answered one, else the earliest."""
    with_answer = [qid for qid in group if qid in answered]
    return min(with_answer) if with_answer else min(group)
