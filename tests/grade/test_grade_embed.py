"""The ONNX sentence encoder: offline files, masked pooling, batch independence, MLDRILL_MODEL_DIR."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from mldrill.grade import Embedder, ModelUnavailable
from mldrill.grade.embed import DATA_DIR, MODEL_DIR_ENV, PACKAGED_SHA256, model_files

TEXTS = [
    "Overfitting is memorising noise.",
    "hi",
    "Gradient descent takes repeated small steps against the gradient of the loss, scaled by a learning rate "
    "that must be neither too large nor too small, otherwise training diverges or crawls.",
    "Dropout switches random units off during training.",
]


def test_bundled_model_is_the_pinned_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MODEL_DIR_ENV, raising=False)
    model, tokenizer, name = model_files()
    assert hashlib.sha256(model.read_bytes()).hexdigest() == PACKAGED_SHA256
    assert tokenizer == DATA_DIR / "tokenizer.json"
    assert (DATA_DIR / "TOKENIZER-NOTICE.md").is_file()
    assert "MiniLM" in name


def test_vectors_are_unit_length_and_meaningful(embedder: Embedder) -> None:
    vecs = embedder.embed(
        [
            "Overfitting means memorising the training data.",
            "The model fits noise in the training set.",
            "I like pizza.",
        ]
    )
    assert vecs.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert float(vecs[0] @ vecs[1]) > float(vecs[0] @ vecs[2]) + 0.2


def test_a_text_gets_the_same_vector_alone_as_in_a_batch(embedder: Embedder) -> None:
    # _encode runs the model without the cache: one padded batch against each text alone.
    batch = embedder._encode(TEXTS)
    for (vec, states), text in zip(batch, TEXTS, strict=True):
        alone_vec, alone_states = embedder._encode([text])[0]
        assert np.allclose(alone_vec, vec, atol=1e-5), text
        assert alone_states.vectors.shape == states.vectors.shape  # no padding pieces kept
    assert embedder.token_states(["hi there"])[0].words == ("hi", "there")  # [CLS] and [SEP] left out


def test_model_dir_in_hugging_face_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Embedder
) -> None:
    (tmp_path / "onnx").mkdir()
    (tmp_path / "onnx" / "model.onnx").symlink_to(embedder.model_path)
    (tmp_path / "tokenizer.json").symlink_to(DATA_DIR / "tokenizer.json")
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path))
    model, tokenizer, name = model_files()
    assert model == tmp_path / "onnx" / "model.onnx" and name == tmp_path.name
    other = Embedder(model, tokenizer, name=name)
    assert np.allclose(other.embed(TEXTS[:2]), embedder.embed(TEXTS[:2]), atol=1e-5)


def test_model_dir_without_the_files_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path))
    with pytest.raises(ModelUnavailable, match=r"model\.onnx.*tokenizer\.json"):
        model_files()
