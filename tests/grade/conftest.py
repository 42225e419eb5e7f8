"""The real embedding model, loaded once for the grader tests."""

from __future__ import annotations

import pytest

from mldrill.grade import Embedder, load_embedder
from mldrill.models import QuestionRecord


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return load_embedder()


@pytest.fixture(scope="session")
def l1_question() -> QuestionRecord:
    return QuestionRecord(
        prompt="Compare L1 and L2 regularization.",
        answer="Both add a penalty on the size of the weights to the training loss.",
        rubric=[
            "L1 can drive some weights exactly to zero.",
            "L2 shrinks all weights smoothly towards zero.",
            "L1 performs feature selection by producing sparse models.",
            "Elastic net combines the L1 and L2 penalties.",
        ],
    )
