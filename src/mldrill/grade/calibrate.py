"""Helpers shared by scripts/fit_grader.py and bench/grade_quality.py: the SemEval-2013 Task 7 data and an
embedding cache on disk. Not used when grading.

The data (SciEntsBank and Beetle, 2-way labels) is read from flat CSV files, one row per student answer.
Beetle questions list several acceptable reference answers; each is kept, and an answer is graded against
each one and credited with the best (a human grader accepts any of them).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from mldrill.grade.embed import TextEncoder

DEFAULT_DATA = Path(os.environ.get("MLDRILL_ASAG_DIR", "/work/shared/data/asag"))
DEFAULT_CACHE = Path(os.environ.get("MLDRILL_GRADE_CACHE", "/tmp/mldrill-grade-cache"))
TRAIN_SPLITS = ("scientsbank_train", "beetle_train")
TEST_SPLITS = (
    "scientsbank_test_ua",
    "scientsbank_test_uq",
    "scientsbank_test_ud",
    "beetle_test_ua",
    "beetle_test_uq",
)


@dataclass(frozen=True)
class LabelledAnswer:
    split: str
    question_id: str
    prompt: str
    references: tuple[str, ...]  # first is the reference answer; Beetle adds its other acceptable answers
    answer: str
    correct: bool


def load_split(name: str, data_dir: Path = DEFAULT_DATA) -> list[LabelledAnswer]:
    path = data_dir / f"{name}.csv"
    out: list[LabelledAnswer] = []
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            refs = [row["reference_answer"]]
            if row.get("reference_answers_all"):
                refs += [r["text"] for r in json.loads(row["reference_answers_all"]) if r["text"] not in refs]
            out.append(
                LabelledAnswer(
                    split=name,
                    question_id=row["question_id"],
                    prompt=row["question"],
                    references=tuple(r.strip() for r in refs if r.strip()),
                    answer=row["student_answer"],
                    correct=row["label_2way"] == "correct",
                )
            )
    return out


class CachedEncoder:
    """Wraps an encoder with an on-disk cache (one .npy of vectors plus a JSON list of texts)."""

    def __init__(self, inner: TextEncoder, cache_dir: Path = DEFAULT_CACHE) -> None:
        import numpy as np

        self._np = np
        self.inner = inner
        self.name = inner.name
        key = hashlib.sha256(inner.name.encode()).hexdigest()[:12]
        cache_dir.mkdir(parents=True, exist_ok=True)
        self._vec_path = cache_dir / f"emb-{key}.npy"
        self._txt_path = cache_dir / f"emb-{key}.json"
        self._index: dict[str, int] = {}
        self._rows: list[np.ndarray] = []
        if self._vec_path.is_file() and self._txt_path.is_file():
            texts = json.loads(self._txt_path.read_text(encoding="utf-8"))
            matrix = np.load(self._vec_path)
            if len(texts) == len(matrix):
                self._index = {t: i for i, t in enumerate(texts)}
                self._rows = list(matrix)
        self._dirty = False

    def prefetch(self, texts: Iterable[str], progress: bool = True) -> int:
        """Embed every text not cached yet; returns how many were new."""
        todo = sorted({t for t in texts if t not in self._index}, key=len)
        step = 256
        for start in range(0, len(todo), step):
            chunk = todo[start : start + step]
            for text, vec in zip(chunk, self.inner.embed(chunk), strict=True):
                self._index[text] = len(self._rows)
                self._rows.append(vec)
            if progress:
                print(f"  embedded {min(start + step, len(todo))}/{len(todo)}", flush=True)
        if todo:
            self._dirty = True
            self.save()
        return len(todo)

    def save(self) -> None:
        if not self._dirty:
            return
        texts = [""] * len(self._index)
        for text, i in self._index.items():
            texts[i] = text
        self._np.save(self._vec_path, self._np.stack(self._rows))
        self._txt_path.write_text(json.dumps(texts), encoding="utf-8")
        self._dirty = False

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in texts if t not in self._index]
        if missing:
            self.prefetch(missing, progress=False)
        return self._np.stack([self._rows[self._index[t]] for t in texts])


class RecordingEncoder:
    """Records the texts it is asked to embed and returns throw-away unit vectors (a dry run)."""

    name = "recording"

    def __init__(self, dim: int = 384) -> None:
        import numpy as np

        self._np = np
        self.dim = dim
        self.seen: set[str] = set()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.update(texts)
        out = self._np.zeros((len(texts), self.dim), dtype=self._np.float32)
        out[:, 0] = 1.0
        return out
