"""The built-in deck: format invariants, balance, coverage of the seeds' topics, and originality."""

from __future__ import annotations

import json
import re
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from mldrill.ingest import read_source
from mldrill.models import QuestionRecord

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "seeds-gold" / "gold.json"
needs_shared = pytest.mark.skipif(not GOLD.exists(), reason="../shared not present")

DECK_DIR = resources.files("mldrill") / "deck"


def deck_files() -> list[Path]:
    return sorted(Path(str(DECK_DIR)).glob("*.md"))


@pytest.fixture(scope="module")
def parsed():  # type: ignore[no-untyped-def]
    return [read_source(str(f)) for f in deck_files()]


@pytest.fixture(scope="module")
def questions(parsed) -> list[QuestionRecord]:  # type: ignore[no-untyped-def]
    return [q for p in parsed for q in p.questions]


def test_deck_imports_with_zero_warnings(parsed) -> None:  # type: ignore[no-untyped-def]
    assert all(p.format == "deck" for p in parsed)
    warnings = [w for p in parsed for w in p.warnings]
    assert warnings == []


def test_every_question_is_complete(questions: list[QuestionRecord]) -> None:
    assert len(questions) >= 250
    for q in questions:
        where = f"{q.key} {q.prompt[:40]!r}"
        assert q.key, where
        assert q.answered, where
        assert 3 <= len(q.rubric) <= 6, where
        assert q.difficulty in ("easy", "medium", "hard"), where
        assert q.topic and re.fullmatch(r"[a-z0-9-]+(/[a-z0-9-]+)*", q.topic), where
        assert all(len(p.split()) >= 3 for p in q.rubric), where


def test_ids_are_unique(questions: list[QuestionRecord]) -> None:
    ids = Counter(q.key for q in questions)
    assert [k for k, n in ids.items() if n > 1] == []


def test_difficulty_balance(questions: list[QuestionRecord]) -> None:
    n = len(questions)
    share = {d: sum(q.difficulty == d for q in questions) / n for d in ("easy", "medium", "hard")}
    assert 0.15 <= share["easy"] <= 0.35, share
    assert 0.40 <= share["medium"] <= 0.60, share
    assert 0.15 <= share["hard"] <= 0.35, share


def test_guidance_notes_are_shipped(parsed) -> None:  # type: ignore[no-untyped-def]
    notes = [n for p in parsed for n in p.notes]
    titles = " ".join(n.title.lower() for n in notes)
    assert len(notes) >= 6
    assert "ask" in titles  # questions to ask the interviewer


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", " ", text.lower()).split()


def _grams(text: str, n: int = 10) -> set[tuple[str, ...]]:
    w = _words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


@needs_shared
def test_no_ten_word_sequence_copied_from_a_seed() -> None:
    seed_grams: set[tuple[str, ...]] = set()
    for s in sorted(SEEDS.glob("*")):
        seed_grams |= _grams(s.read_text(encoding="utf-8", errors="replace"))
    copied = {f.name: sorted(_grams(f.read_text(encoding="utf-8")) & seed_grams)[:3] for f in deck_files()}
    assert {k: v for k, v in copied.items() if v} == {}


# Seed topics that name a structure, not a subject: nothing to cover.
STRUCTURAL = {
    "topic 08 interview questions",
    "common",
    "practical",
    "various",
    "interview",
    "ml",
    "basics",
    "other",
    "advanced",
    "theory",
    "training",
    "architecture",
    "automation",
    "best practices",
    "algorithms",
    "machine learning",
    "ml basics",
    "fundamentals",
    "machine learning fundamentals",
    "chapter 7 computer science",
    "company a questions and answers beta",
    "ds interview qna",
    "python for ds mle interview qna",
    "agentic ai qna",
    "coding question",
    "cv interviews",
    "nlp cv",
    "5 math",
    "7 1 basics",
    "production",
    "production ml",
    "ml systems",
    "evaluation",
    "metrics",
    "model types",
    "learning paradigms",
    "model reuse",
    "trust",
    "compliance",
    "security",
    "privacy",
    "edge computing",
    "mobile ml",
    "norms and metrics",
    "advanced ml methods",
}
# Seed topic -> words, any of which in a deck question's prompt/topic/tags counts as covering it.
SYNONYMS = {
    "dara preprocessing": ["preprocess"],
    "data preprocessing techniques": ["preprocess", "scaling"],
    "hard soft sharing": ["multi-task"],
    "mpe most probable explanation vs map maximum a posteriori": ["mpe"],
    "neural networks nn": ["neural"],
    "cnns": ["cnn", "convolution"],
    "gcn": ["graph"],
    "k means": ["k-means"],
    "k means clustering": ["k-means"],
    "k nearest neighbors k nn": ["knn", "nearest"],
    "two tower": ["two-tower"],
    "sample duplication": ["duplicate"],
    "ewc": ["ewc", "elastic weight"],
    "elbo": ["elbo"],
    "outer product": ["outer product"],
    "dot product": ["dot product"],
    "classification vs regression": ["classification"],
    "f1 score": ["f1"],
    "xai": ["interpretab", "shap"],
    "lime": ["lime"],
    "shap": ["shap"],
    "simclr": ["simclr", "contrastive"],
    "maml": ["maml"],
    "word2vec": ["word2vec"],
    "nas": ["neural architecture search", "nas"],
    "automl": ["automl"],
    "data structures": ["data structure", "hash"],
    "oop concepts": ["object-oriented", "oop", "class"],
    "pandas": ["pandas"],
    "python basics": ["python"],
    "rnn": ["rnn"],
    "recurrent neural networks rnns and lstms": ["lstm"],
    "convolutional neural networks cnns": ["cnn"],
    "support vector machines svm": ["svm"],
    "roc curve and auc": ["roc"],
    "traversals": ["travers", "bfs"],
    "divide and conquer": ["divide and conquer"],
    "breadth first search vs depth first search": ["bfs"],
    "model deployment from prototype to production": ["deploy"],
    "time series forecasting with arima": ["arima"],
    "time series forecasting with lstm": ["forecast"],
    "bayesian optimization for hyperparameters": ["bayesian optim"],
    "handling imbalanced datasets smote and others": ["smote"],
    "model interpretability shap and lime": ["shap"],
    "ensemble methods stacking and blending": ["stacking"],
    "neural networks basics": ["neural", "backprop"],
    "dropout in neural networks": ["dropout"],
    "learning rate in optimization": ["learning rate"],
    "gradient descent variants": ["gradient descent", "sgd"],
    "loss functions in ml": ["loss"],
    "data normalization and standardization": ["standardi", "normali"],
    "online learning algorithms": ["online learning"],
    "data imputation techniques in ml": ["imput"],
    "handling missing data": ["missing"],
    "regularization techniques l1 l2": ["regulari"],
    "ensemble learning bagging and boosting": ["bagging", "boosting"],
    "reinforcement learning basics": ["reinforcement"],
    "overfitting and underfitting": ["overfit"],
    "train valid test splits": ["split", "validation"],
    "training data leakage": ["leak"],
    "feature leakage": ["leak"],
    "parametric vs non parametric methods": ["parametric"],
    "empirical risk minimization": ["empirical risk"],
    "5 1 1 vectors": ["vector"],
    "7 2 sampling and creating training data": ["sampling"],
    "7 3 objective functions metrics and evaluation": ["loss", "metric"],
    "instance based learning": ["knn", "nearest"],
    "probabilistic models": ["bayes", "gaussian mixture"],
    "graphical models": ["graphical"],
    "markov decision process": ["mdp", "markov decision"],
    "human in the loop": ["active learning", "label"],
    "data labeling": ["label"],
    "labeling": ["label"],
    "counterfactuals": ["causal", "counterfactual"],
    "treatment effects": ["uplift", "treatment", "causal"],
    "confounding": ["confound"],
    "responsible ai": ["fairness"],
    "ml ethics": ["fairness"],
    "ethics": ["fairness"],
    "bias": ["bias"],
    "message passing": ["message passing", "graph"],
    "node embeddings": ["graph", "node"],
    "entity embeddings": ["embedding"],
    "in context learning": ["in-context"],
    "prototypical networks": ["prototyp"],
    "label propagation": ["label propagation", "semi-supervised"],
    "replay": ["replay"],
    "catastrophic forgetting": ["forgetting"],
    "multi output": ["multi-task", "multi-label"],
    "distributed ml": ["distributed", "parallel"],
    "distributed learning": ["distributed", "parallel"],
    "streaming": ["streaming", "online"],
    "model updates": ["retrain"],
    "model maintenance": ["retrain", "monitor"],
    "sample ordering": ["curriculum", "shuffl"],
    "sample selection": ["active learning", "sampling"],
    "cost sensitive": ["cost-sensitive", "class weight"],
    "margin maximization": ["margin"],
    "kernel methods": ["kernel"],
    "high dimensions": ["dimensional"],
    "dimensionality": ["dimensional"],
    "representation learning": ["representation", "self-supervised", "embedding"],
    "pretrained models": ["pre-train", "pretrain", "fine-tun"],
    "pre training": ["pre-train", "pretrain"],
    "model combination": ["ensembl", "stacking"],
    "model architectures": ["architecture", "resnet"],
    "model debugging and testing": ["debug"],
    "model optimization": ["hyperparameter", "optimi"],
    "model selection": ["model selection", "cross-validation"],
    "experimentation": ["a/b"],
    "statistical significance": ["p-value", "significance"],
    "uncertainty": ["uncertainty", "calibration"],
    "convergence": ["converge"],
    "seasonality": ["seasonal"],
    "forecasting": ["forecast"],
    "tabular data": ["tabular", "gradient boosting"],
    "text classification": ["text classification", "classif"],
    "sequence modeling": ["sequence", "rnn"],
    "sequence models": ["sequence", "rnn"],
    "latent variables": ["latent"],
    "mode collapse": ["mode collapse"],
    "visualization": ["t-sne", "umap", "visuali"],
    "anomaly detection": ["anomal"],
    "outlier detection": ["outlier", "anomal"],
    "adversarial examples": ["adversarial"],
    "adversarial training": ["adversarial"],
    "robustness": ["robust", "adversarial"],
    "domain adaptation": ["domain adaptation", "domain shift"],
    "concept drift": ["drift"],
    "data drift": ["drift"],
    "model monitoring": ["monitor"],
    "ml pipeline": ["pipeline"],
    "ml ops": ["mlops", "monitor", "deploy"],
    "mlops": ["mlops", "monitor", "deploy"],
    "ml best practices": ["reproducib", "pipeline"],
    "hyperparameters": ["hyperparameter"],
    "hyperparameter optimization": ["hyperparameter"],
    "hidden markov models hmms in ml": ["hidden markov", "hmm"],
    "recommender systems collaborative filtering": ["collaborative"],
    "recommender systems content based filtering": ["content-based"],
    "anomaly detection in time series data": ["anomal"],
    "optimization algorithms beyond gradient descent adam rmsprop etc": ["adam"],
    "encoding": ["encod"],
    "categorical data": ["categorical"],
    "feature extraction": ["feature", "pca"],
    "preprocessing": ["preprocess", "scal"],
}
STOP = set("a an and of the in on for to with vs is are ml using".split())


def _norm(t: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", t.lower()).strip()


def seed_topics() -> set[str]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    topics: set[str] = set()
    for f in gold["files"]:
        for q in f["questions"]:
            topics.update(_norm(t) for t in q["tags"])
        for ts in (f.get("company_topics") or {}).values():
            topics.update(_norm(t) for t in ts)
    return topics - STRUCTURAL


def covered(topic: str, haystacks: list[str]) -> bool:
    keys = SYNONYMS.get(topic)
    if keys is None:
        words = [w for w in topic.split() if w not in STOP]
        keys = [" ".join(words)] if words else [topic]
        if len(words) > 1:
            keys.append(words[0] if len(words[0]) > 3 else " ".join(words[:2]))
        # a crude stem: "regularization" covers "regularisation" and "regularized"
    stems = [k.replace("ization", "i").replace("isation", "i")[: max(4, len(k) - 2)] for k in keys]
    return any(s in h for h in haystacks for s in stems)


@needs_shared
def test_every_seed_topic_has_a_deck_question(questions: list[QuestionRecord]) -> None:
    haystacks = [
        " ".join([q.prompt, q.topic or "", " ".join(q.tags)]).lower().replace("_", "-").replace("-", " ")
        + " "
        + " ".join([q.prompt, q.topic or "", " ".join(q.tags)]).lower()
        for q in questions
    ]
    missing = sorted(t for t in seed_topics() if not covered(t, haystacks))
    assert missing == []
