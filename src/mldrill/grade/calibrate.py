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

    from mldrill.grade.embed import TextEncoder, TokenStates

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
    """Wraps an encoder with an on-disk cache of sentence vectors and word-piece states.

    Files under `cache_dir`: emb-KEY.npy (sentence vectors), emb-KEY-pieces.npy (float16 piece vectors),
    emb-KEY.json (texts, piece counts, piece words).
    """

    def __init__(self, inner: TextEncoder, cache_dir: Path = DEFAULT_CACHE) -> None:
        import numpy as np

        self._np = np
        self.inner = inner
        self.name = inner.name
        key = hashlib.sha256(inner.name.encode()).hexdigest()[:12]
        cache_dir.mkdir(parents=True, exist_ok=True)
        self._paths = (
            cache_dir / f"emb-{key}.npy",
            cache_dir / f"emb-{key}-pieces.npy",
            cache_dir / f"emb-{key}.json",
        )
        self._index: dict[str, int] = {}
        self._vecs: list[np.ndarray] = []
        self._states: list[TokenStates] = []
        self._dirty = False
        self._load()

    def _load(self) -> None:
        from mldrill.grade.embed import TokenStates

        vec_path, piece_path, meta_path = self._paths
        if not (vec_path.is_file() and piece_path.is_file() and meta_path.is_file()):
            return
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        vecs = self._np.load(vec_path)
        piece_vecs = self._np.load(piece_path)
        if len(meta["texts"]) != len(vecs):
            return
        start = 0
        for i, (text, words) in enumerate(zip(meta["texts"], meta["words"], strict=True)):
            n = len(words)
            self._index[text] = i
            self._vecs.append(vecs[i])
            self._states.append(TokenStates(piece_vecs[start : start + n], tuple(words)))
            start += n

    def prefetch(self, texts: Iterable[str], progress: bool = True) -> int:
        """Encode every text not cached yet; returns how many were new."""
        todo = sorted({t for t in texts if t not in self._index}, key=len)
        step = 256
        for start in range(0, len(todo), step):
            chunk = todo[start : start + step]
            for text, vec, states in zip(
                chunk, self.inner.embed(chunk), self.inner.token_states(chunk), strict=True
            ):
                self._index[text] = len(self._vecs)
                self._vecs.append(vec)
                self._states.append(states)
            if progress and len(todo) > step:
                print(f"  encoded {min(start + step, len(todo))}/{len(todo)}", flush=True)
        if todo:
            self._dirty = True
        return len(todo)

    def save(self) -> None:
        if not self._dirty:
            return
        np = self._np
        vec_path, piece_path, meta_path = self._paths
        texts = sorted(self._index, key=self._index.__getitem__)
        np.save(vec_path, np.stack(self._vecs))
        np.save(piece_path, np.concatenate([s.vectors for s in self._states]).astype(np.float16))
        meta = {"texts": texts, "words": [list(s.words) for s in self._states]}
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
        self._dirty = False

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.prefetch(texts, progress=False)
        return self._np.stack([self._vecs[self._index[t]] for t in texts])

    def prefetch_answers(self, answers: Iterable[tuple[str, ...]], progress: bool = True) -> int:
        """Encode every answer (a tuple of sentences) not cached yet; returns how many were new."""
        todo = sorted({a for a in answers if a and _answer_key(a, 0) not in self._index})
        for n, sentences in enumerate(todo, 1):
            vecs, states = self.inner.encode_answer(sentences)
            for i, (vec, st) in enumerate(zip(vecs, states, strict=True)):
                self._index[_answer_key(sentences, i)] = len(self._vecs)
                self._vecs.append(vec)
                self._states.append(st)
            if progress and n % 2000 == 0:
                print(f"  encoded answers {n}/{len(todo)}", flush=True)
        if todo:
            self._dirty = True
        return len(todo)

    def encode_answer(self, sentences: Sequence[str]) -> tuple[np.ndarray, list[TokenStates]]:
        key = tuple(sentences)
        if not key:
            return self._np.zeros((0, 384), dtype=self._np.float32), []
        self.prefetch_answers([key], progress=False)
        rows = [self._index[_answer_key(key, i)] for i in range(len(key))]
        return self._np.stack([self._vecs[r] for r in rows]), [self._states[r] for r in rows]

    def token_states(self, texts: Sequence[str]) -> list[TokenStates]:
        self.prefetch(texts, progress=False)
        return [self._states[self._index[t]] for t in texts]


def _answer_key(sentences: tuple[str, ...], i: int) -> str:
    return "\x00answer\x00" + "\n".join(sentences) + f"\x00{i}"


class RecordingEncoder:
    """Records the texts it is asked to embed and returns throw-away unit vectors (a dry run)."""

    name = "recording"

    def __init__(self, dim: int = 384) -> None:
        import numpy as np

        self._np = np
        self.dim = dim
        self.seen: set[str] = set()
        self.answers: set[tuple[str, ...]] = set()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.update(texts)
        out = self._np.zeros((len(texts), self.dim), dtype=self._np.float32)
        out[:, 0] = 1.0
        return out

    def token_states(self, texts: Sequence[str]) -> list[TokenStates]:
        from mldrill.grade.embed import TokenStates

        self.seen.update(texts)
        return [TokenStates(self.embed(["x"]).astype(self._np.float16), ("x",)) for _ in texts]

    def encode_answer(self, sentences: Sequence[str]) -> tuple[np.ndarray, list[TokenStates]]:
        from mldrill.grade.embed import TokenStates

        self.answers.add(tuple(sentences))
        vecs = self._np.zeros((len(sentences), self.dim), dtype=self._np.float32)
        vecs[:, 0] = 1.0
        return vecs, [TokenStates(vecs[:1].astype(self._np.float16), ("x",)) for _ in sentences]
