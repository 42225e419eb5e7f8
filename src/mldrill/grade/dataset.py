"""Human-graded answers from three sources, in one shape, for fitting (scripts/fit_grader.py) and for the
benchmark (bench/grade_quality.py). Not used when grading.

    semeval     SemEval-2013 Task 7 (SciEntsBank, Beetle): one-sentence answers to one-fact references, 2-way
                labels (correct, or not: partial and wrong are one class)
    saf         SAF v2.0: tutor-graded networking answers, references written as grading schemes, 3-way labels
                and scores
    interview   our own typed interview answers to built-in deck questions (bench/data/interview_answers.jsonl),
                3-way labels, 0–5 scores and the rubric points each answer states

Every item carries the points it is graded on, as grading derives them: the deck's rubric for interview
answers, points derived from the reference answer otherwise (Beetle: one list per acceptable reference).
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mldrill.grade.calibrate import DEFAULT_DATA, load_split
from mldrill.grade.points import derive_points

SAF_DATA = Path(os.environ.get("MLDRILL_SAF_DIR", str(DEFAULT_DATA.parent / "saf")))
INTERVIEW_SET = Path(__file__).resolve().parents[3] / "bench" / "data" / "interview_answers.jsonl"
DECK_DIR = Path(__file__).resolve().parents[1] / "deck"
LABELS = ("fail", "partial", "pass")
NOT_PASS = "not-pass"  # SemEval's 2-way "incorrect": fail or partial


@dataclass(frozen=True)
class GradedAnswer:
    source: str  # semeval | saf | interview
    split: str
    question_id: str
    prompt: str
    points: tuple[tuple[str, ...], ...]  # one tuple of points per acceptable reference
    answer: str
    label: str  # fail | partial | pass, or not-pass (SemEval's 2-way "incorrect")
    score: float | None = None  # human score as a share of the maximum, 0–1, when there is one
    point_labels: tuple[bool, ...] | None = None  # per point of points[0]: does the answer state it
    category: str = ""  # interview answers: strong, ok, terse, wrong, ...
    answer_id: str = ""

    @property
    def group(self) -> str:
        """Cross-validation groups are questions."""
        return f"{self.source}:{self.question_id}"


def _reference_points(prompt: str, reference: str) -> tuple[str, ...]:
    return tuple(p.text for p in derive_points(prompt, reference, [], None))


def load_semeval(split: str, data_dir: Path = DEFAULT_DATA) -> list[GradedAnswer]:
    out = []
    for a in load_split(split, data_dir):
        points = tuple(_reference_points(a.prompt, r) for r in a.references)
        label = "pass" if a.correct else NOT_PASS
        out.append(GradedAnswer("semeval", split, a.question_id, a.prompt, points, a.answer, label))
    return out


def load_saf(split: str, data_dir: Path = SAF_DATA) -> list[GradedAnswer]:
    """`saf_train`, `saf_test_ua`, `saf_test_uq`. Score is the tutor's points over the most any answer to the
    question got; labels: correct → pass, partial → partial, incorrect → fail."""
    out = []
    mapping = {"correct": "pass", "partial": "partial", "incorrect": "fail"}
    with (data_dir / f"{split}.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            top = float(row["max_score_seen"] or 0) or 1.0
            out.append(
                GradedAnswer(
                    "saf",
                    split,
                    row["question_id"],
                    row["question"],
                    (_reference_points(row["question"], row["reference_answer"]),),
                    row["answer"],
                    mapping[row["label"]],
                    min(1.0, float(row["score"]) / top),
                )
            )
    return out


@lru_cache(maxsize=1)
def deck_questions() -> dict[str, tuple[str, tuple[str, ...], str]]:
    """Built-in deck: id -> (prompt, rubric points, model answer)."""
    from mldrill.ingest.deck import parse_deck

    out = {}
    for path in sorted(DECK_DIR.glob("*.md")):
        for q in parse_deck(path.read_text(encoding="utf-8"), str(path)).questions:
            if q.key:
                out[q.key] = (q.prompt, tuple(r.strip() for r in q.rubric if r.strip()), q.answer or "")
    return out


def load_interview(path: Path = INTERVIEW_SET, *, against: str = "rubric") -> list[GradedAnswer]:
    """Our interview answers: each line {"question": deck id, "answer", "label", "score" (0–5),
    "points_covered": [rubric indexes], "category", ...}. With against="reference" the same answers are
    graded against points derived from the question's model answer instead of its rubric (as an imported
    question without a rubric would be): split "interview-reference", no point labels."""
    deck = deck_questions()
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["question"] not in deck:
            raise ValueError(f"{path}:{n}: unknown deck question {row['question']!r}")
        prompt, rubric, model_answer = deck[row["question"]]
        covered = set(row.get("points_covered") or [])
        by_rubric = against == "rubric"
        points = rubric if by_rubric else _reference_points(prompt, model_answer)
        out.append(
            GradedAnswer(
                "interview",
                "interview" if by_rubric else "interview-reference",
                row["question"],
                prompt,
                (points,),
                row["answer"],
                row["label"],
                float(row["score"]) / 5.0,
                tuple(i in covered for i in range(len(rubric))) if by_rubric else None,
                row.get("category", ""),
                row.get("id", ""),
            )
        )
    return out
