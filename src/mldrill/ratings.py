"""The one table from a grade to an FSRS rating, and the ratings' names. Plain data, no imports.

    score 0-5 ──► verdict ──► suggested rating
      < 1.5        fail        1 Again
      1.5 - 3      partial     2 Hard
      3 - 4.5      pass        3 Good
      ≥ 4.5        pass        4 Easy
    unsure (any)               3 Good at a passing score, else 2 Hard; never Again

The grader gives its verdict from its fitted model (`mldrill.grade.verdict`) and the rating from
`rating_for(verdict, score)`; `verdict_for_score` is the verdict a bare score implies, used for grades stored
without one. Study, `grade` and interviews all read their suggestions through here.
"""

from __future__ import annotations

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}
RATING_WORDS = {name.lower(): value for value, name in RATING_NAMES.items()}

PASS_SCORE = 3.0  # score at and above which an answer passes
FAIL_SCORE = 1.5  # score below which an answer fails; in between it is partial
EASY_SCORE = 4.5  # a pass this good suggests Easy
UNSURE = "unsure"
VERDICTS = ("fail", "partial", "pass", UNSURE)


def verdict_for_score(score: float) -> str:
    if score < FAIL_SCORE:
        return "fail"
    return "partial" if score < PASS_SCORE else "pass"


def rating_for(verdict: str, score: float) -> int:
    """The FSRS rating a verdict suggests. An unsure grade is never Again: at worst Hard, and the screens ask the
    person to rate it themselves."""
    if verdict == UNSURE:
        return GOOD if score >= PASS_SCORE else HARD
    if verdict == "fail":
        return AGAIN
    if verdict == "partial":
        return HARD
    return EASY if score >= EASY_SCORE else GOOD


def rating_for_score(score: float) -> int:
    """The rating of a grade known only by its score."""
    return rating_for(verdict_for_score(score), score)


def clamp_rating(value: int, unsure: bool = False) -> int:
    """A rating held to 1-4; an unsure grade's suggestion is never Again."""
    rating = min(max(int(value), AGAIN), EASY)
    return max(rating, HARD) if unsure else rating
