"""Parsing `N=RATING` and `N=correct|incorrect` arguments of the interview commands (a leaf module)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mldrill.errors import UsageError
from mldrill.ratings import RATING_WORDS

_RATINGS = {**RATING_WORDS, **{str(v): v for v in RATING_WORDS.values()}}


def parse_rating(text: str) -> tuple[int, int]:
    """'2=good', '2 3', '2:hard' -> (position, rating)."""
    position, word = _numbered(text, _RATINGS, "a rating, e.g. 2=good or 2=3")
    return position, _RATINGS[word]


def parse_mark(text: str) -> tuple[int, bool]:
    """'2=correct', '3 incorrect' -> (position, correct)."""
    position, word = _numbered(text, ("correct", "incorrect"), "correct or incorrect, e.g. 2=correct")
    return position, word == "correct"


def _numbered(text: str, words: Iterable[str], what: str) -> tuple[int, str]:
    """'N=WORD' (or 'N WORD', 'N:WORD') with WORD one of `words`, lower-cased -> (N, WORD)."""
    parts = [p for p in re.split(r"[\s=:]+", text.strip()) if p]
    if len(parts) != 2 or not parts[0].isdigit() or parts[1].lower() not in words:
        raise UsageError(f"{text!r}: write the question number and {what}")
    return int(parts[0]), parts[1].lower()
