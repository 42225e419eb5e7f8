"""Local evidence for each rubric point: is it stated somewhere in the answer, and does anything contradict it?

An interviewer reads an answer point by point: for each point, is there a sentence (or two neighbouring ones)
that says it, in any words; is there one that says the opposite. So every feature here is computed on the
answer's *units* — each sentence and each pair of neighbouring sentences — and a point takes its best unit.
Nothing here looks at the answer as a whole: adding correct content, saying more, or changing the order can
only add units, never lower a point's evidence.

    analyse(prompt, points, answer, encoder) -> Analysis     encoder None = lexical features only

The same code computes features for fitting (scripts/fit_grader.py) and for grading.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mldrill.grade.features import TextView, polarity_conflicts, view
from mldrill.grade.points import answer_sentences
from mldrill.grade.text import STOPWORDS, clauses, is_negation, stem, swapped_terms

if TYPE_CHECKING:
    import numpy as np

    from mldrill.grade.embed import TextEncoder, TokenStates

LEXICAL_FEATURES = (
    "recall_loc",  # share of the point's key stems (those the question lacks) found in the best unit
    "soft_loc",  # the same, a stem also matching one with the same first five letters (typos, inflections)
    "bigram_loc",  # share of the point's content bigrams found in the best unit
    "point_len",  # log(1 + content words of the point)
    "point_q_overlap",  # share of the point's stems that the question already contains
    "unit_q_share",  # share of the best unit's content stems taken from the question
    "conflict",  # an answer clause states part of the point wrongly (see _conflict)
    "polarity_best",  # the best unit negates or reverses a concept it shares with the point (word level)
)
EMBEDDING_FEATURES = (
    "cos_best",  # cosine of the point with its best unit
    "cos_sent",  # ... with its best single sentence
    "cos_margin",  # cos_best minus the best unit's cosine with the question (restating earns nothing)
    "cos_qp",  # cosine of the point with the question
    "tok_loc",  # BERTScore-style recall of the point's new content pieces inside the best unit
    "tok_cov_loc",  # share of those pieces with a match of similarity >= COVER_SIM inside the best unit
    "prec_loc",  # how much of the best unit's new content the rubric explains (about the points, or not)
    "cos_demoted",  # cosine of the point and its best unit with the question's direction projected out
)
COVER_SIM = 0.7
_WEAK_CUES = frozenset({"fail", "fails", "failed", "unable"})
SHORT_SENTENCE_STEMS = 8
SWAP_OVERLAP = 0.4  # an answer clause sharing this share of a point clause's words, with a swapped term
POLARITY_OVERLAP = 0.6  # ... or this share, with a negated or reversed concept, contradicts it


@dataclass
class PointEvidence:
    features: dict[str, float]
    evidence: str | None  # the unit that states the point best
    conflict: str | None  # the unit that contradicts it, when one does


@dataclass
class Analysis:
    sentences: list[str]
    units: list[str]
    matches: list[PointEvidence]
    truncated: bool = False
    whole: TextView | None = None  # the whole answer, for the restatement check


def feature_names(embedding: bool) -> tuple[str, ...]:
    return LEXICAL_FEATURES + EMBEDDING_FEATURES if embedding else LEXICAL_FEATURES


def local_units(n: int) -> list[tuple[int, int]]:
    """Sentence spans of the units: every sentence, then every pair of neighbours."""
    return [(i, i + 1) for i in range(n)] + [(i, i + 2) for i in range(n - 1)]


def analyse(prompt: str, points: list[str], answer: str, encoder: TextEncoder | None) -> Analysis:
    sentences, truncated = answer_sentences(answer)
    spans = local_units(len(sentences))
    units = [" ".join(sentences[a:b]) for a, b in spans]
    unit_views = [view(u) for u in units]
    question = view(prompt)
    point_views = [view(p) for p in points]
    emb = _Embedded(encoder, prompt, points, sentences, spans) if encoder is not None and sentences else None
    matches = [
        _point(i, pv, question, unit_views, units, emb, sentences, spans)
        if units
        else _empty(pv, question, emb, i)
        for i, pv in enumerate(point_views)
    ]
    whole = view(" ".join(sentences))
    return Analysis(sentences, units, matches, truncated, whole)


class _Embedded:
    """Vectors of the question, the points and the answer's units, and the point-piece × answer-piece
    similarities, computed once per analysis."""

    def __init__(
        self,
        encoder: TextEncoder,
        prompt: str,
        points: list[str],
        sentences: list[str],
        spans: list[tuple[int, int]],
    ) -> None:
        import numpy as np

        vecs = encoder.embed([prompt, *points])
        states = encoder.token_states(points)
        sent_vecs, sent_states = encoder.encode_answer(sentences)
        rows = []
        for a, b in spans:
            v = sent_vecs[a:b].sum(axis=0)
            rows.append(v / max(float(np.linalg.norm(v)), 1e-9))
        self.question = vecs[0]
        self.points = vecs[1:]
        self.units = np.stack(rows).astype(np.float32)
        self.spans = spans
        self.unit_q = self.units @ self.question
        self.cos = self.units @ self.points.T  # (units, points)
        # Word pieces of the answer, with the sentence each belongs to.
        piece_vecs = [s.vectors for s in sent_states]
        self.piece_sentence = np.concatenate(
            [np.full(len(s.words), k) for k, s in enumerate(sent_states)] or [np.zeros(0)]
        ).astype(np.int32)
        self.answer_pieces = (
            np.concatenate(piece_vecs).astype(np.float32) if piece_vecs else np.zeros((0, 384), np.float32)
        )
        q_stems = view(prompt).stem_set
        self.point_pieces = [_point_pieces(s, q_stems) for s in states]
        # Per answer piece: is it new content (a content word the question lacks), and how close is the
        # nearest piece of any rubric point.
        rubric = [v[w > 0] for v, w in self.point_pieces]
        rubric_pieces = np.concatenate(rubric) if rubric else np.zeros((0, 384), np.float32)
        self.piece_new = np.array(
            [1.0 if _kind(w, q_stems) == 1 else 0.0 for st in sent_states for w in st.words], dtype=np.float32
        )
        if len(rubric_pieces) and len(self.answer_pieces):
            self.piece_explained = (self.answer_pieces @ rubric_pieces.T).max(axis=1).clip(min=0.0)
        else:
            self.piece_explained = np.zeros(len(self.answer_pieces), np.float32)

    def precision(self, unit: int) -> float:
        a, b = self.spans[unit]
        mask = (self.piece_sentence >= a) & (self.piece_sentence < b)
        w = self.piece_new[mask]
        if w.sum() <= 0:
            return 1.0
        return float((self.piece_explained[mask] * w).sum() / w.sum())

    def demoted(self, unit: int, i: int) -> float:
        import numpy as np

        q = self.question
        u = self.units[unit] - (self.units[unit] @ q) * q
        p = self.points[i] - (self.points[i] @ q) * q
        return float(u @ p / max(float(np.linalg.norm(u) * np.linalg.norm(p)), 1e-9))

    def token_recall(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Per unit: weighted mean best similarity of point i's key pieces, and the share above COVER_SIM."""
        import numpy as np

        vecs, weights = self.point_pieces[i]
        n_units = len(self.spans)
        if not len(vecs) or not len(self.answer_pieces):
            return np.zeros(n_units), np.zeros(n_units)
        sims = vecs @ self.answer_pieces.T  # (point pieces, answer pieces)
        n_sent = int(self.piece_sentence.max()) + 1 if len(self.piece_sentence) else 0
        per_sent = np.full((len(vecs), max(n_sent, 1)), -1.0, dtype=np.float32)
        for k in range(n_sent):
            cols = sims[:, self.piece_sentence == k]
            if cols.shape[1]:
                per_sent[:, k] = cols.max(axis=1)
        recall = np.zeros(n_units)
        cover = np.zeros(n_units)
        total = float(weights.sum())
        for u, (a, b) in enumerate(self.spans):
            best = per_sent[:, a:b].max(axis=1).clip(min=0.0)
            recall[u] = float((best * weights).sum()) / total
            cover[u] = float(((best >= COVER_SIM) * weights).sum()) / total
        return recall, cover


def _point_pieces(states: TokenStates, q_stems: frozenset[str]) -> tuple[Any, Any]:
    """A point's piece vectors and weights: pieces of content words the question lacks (else of all content
    words, else all pieces)."""
    import numpy as np

    kinds = [_kind(w, q_stems) for w in states.words]
    vecs = np.asarray(states.vectors, dtype=np.float32)
    for pick in (1, 0):
        w = np.array([1.0 if k >= 0 and k >= pick else 0.0 for k in kinds], dtype=np.float32)
        if w.sum() > 0:
            return vecs, w
    return vecs, np.ones(len(vecs), dtype=np.float32)


def _kind(word: str, q_stems: frozenset[str]) -> int:
    """-1 not a content word, 0 a content word the question has, 1 a new content word."""
    if not any(ch.isalnum() for ch in word) or word in STOPWORDS or is_negation(word):
        return -1
    return 0 if stem(word) in q_stems else 1


def _key(point: TextView, question: TextView) -> frozenset[str]:
    return point.stem_set - question.stem_set or point.stem_set


def _soft(word: str, pool: frozenset[str]) -> bool:
    if word in pool:
        return True
    if len(word) < 5:
        return False
    return any(len(o) >= 5 and o[:5] == word[:5] for o in pool)


def _lexical(point: TextView, unit: TextView, key: frozenset[str]) -> tuple[float, float, float]:
    recall = len(key & unit.stem_set) / len(key) if key else 0.0
    soft = sum(_soft(w, unit.stem_set) for w in key) / len(key) if key else 0.0
    bigrams = point.bigrams
    bigram = len(bigrams & unit.bigrams) / len(bigrams) if bigrams else recall
    return recall, soft, bigram


def _point_props(point: TextView, question: TextView) -> dict[str, float]:
    import math

    return {
        "point_len": math.log1p(len(point.stems)),
        "point_q_overlap": len(point.stem_set & question.stem_set) / len(point.stem_set)
        if point.stem_set
        else 0.0,
    }


def _empty(point: TextView, question: TextView, emb: _Embedded | None, i: int) -> PointEvidence:
    f = {name: 0.0 for name in feature_names(emb is not None)}
    f.update(_point_props(point, question))
    f["unit_q_share"] = 1.0
    return PointEvidence(f, None, None)


def _point(
    i: int,
    point: TextView,
    question: TextView,
    unit_views: list[TextView],
    units: list[str],
    emb: _Embedded | None,
    sentences: list[str],
    spans: list[tuple[int, int]],
) -> PointEvidence:
    key = _key(point, question)
    lex = [_lexical(point, u, key) for u in unit_views]
    f = _point_props(point, question)
    f["recall_loc"] = max(r for r, _, _ in lex)
    f["soft_loc"] = max(s for _, s, _ in lex)
    f["bigram_loc"] = max(b for _, _, b in lex)
    if emb is not None:
        cos = emb.cos[:, i]
        recall, cover = emb.token_recall(i)
        strength = cos + 0.5 * recall
        best = int(strength.argmax())
        f["cos_best"] = float(cos.max())
        n_sent = sum(1 for a, b in emb.spans if b - a == 1)
        f["cos_sent"] = float(cos[:n_sent].max())
        f["cos_margin"] = float(cos[best] - emb.unit_q[best])
        f["cos_qp"] = float(emb.points[i] @ emb.question)
        f["tok_loc"] = float(recall.max())
        f["tok_cov_loc"] = float(cover.max())
        f["prec_loc"] = emb.precision(best)
        f["cos_demoted"] = emb.demoted(best, i)
    else:
        best = max(range(len(units)), key=lambda k: (lex[k][1] + lex[k][0], -len(unit_views[k].stems)))
    u = unit_views[best]
    f["unit_q_share"] = len(u.stem_set & question.stem_set) / len(u.stem_set) if u.stem_set else 1.0
    conflict = _conflict(point, question, sentences)
    f["conflict"] = 1.0 if conflict is not None else 0.0
    f["polarity_best"] = 1.0 if polarity_conflicts(point, u) else 0.0
    # The evidence shown is the sentence of the best unit that states the point best.
    a, b = spans[best]
    if emb is not None:
        shown = max(range(a, b), key=lambda k: float(emb.cos[k, i]))
    else:
        shown = max(range(a, b), key=lambda k: (lex[k][0], lex[k][1]))
    return PointEvidence(f, units[shown], conflict)


def _reversed(point: TextView, clause: TextView) -> bool:
    """A concept of the point negated or turned into its antonym, in clauses sharing at least three content
    words. A comparison counts only when both sides are in the same order ("A is shorter than B" says what
    "B is longer than A" says); "fails" and "unable" negate an action, not the words after them."""
    if {*point.tokens, *clause.tokens} & _WEAK_CUES or len(point.stem_set & clause.stem_set) < 3:
        return False
    p_than, c_than = "than" in point.tokens, "than" in clause.tokens
    if p_than != c_than or (p_than and not _same_order(point, clause)):
        return False
    return bool(polarity_conflicts(point, clause))


def _same_order(a: TextView, b: TextView) -> bool:
    def sides(v: TextView) -> tuple[frozenset[str], frozenset[str]]:
        k = v.tokens.index("than")
        return view(" ".join(v.tokens[:k])).stem_set, view(" ".join(v.tokens[k + 1 :])).stem_set

    (al, ar), (bl, br) = sides(a), sides(b)
    same, crossed = len(al & bl) + len(ar & br), len(al & br) + len(ar & bl)
    return same > crossed


def _conflict(point: TextView, question: TextView, sentences: list[str]) -> str | None:
    """The answer sentence whose clause states part of the point wrongly, if any.

    The point is cut into clauses ("L1 penalises absolute weights; L2 penalises squared ones"), and so is
    every sentence of the answer. For each point clause, the answer clause sharing most of its key words is
    its statement in the answer; it contradicts the point when it states one of its concepts with the
    opposite sign, or puts a counterpart term where the point has another ("Variance is the systematic error"
    against "Bias is the systematic error"; "ridge sets coefficients to zero" against "L1 sets ..."). A clause
    that states it as well without a conflict wins a tie: a strong answer often contrasts a point with its
    opposite ("L1 zeroes weights, while L2 never does")."""
    # Clauses, and short sentences read whole for negation: "L1 shrinks weights but never to zero" negates
    # across its "but". (Long sentences read whole mix negations and antonyms of several statements.)
    # The sentence is what the person is shown.
    answer_clauses = [(view(c), True, sent) for sent in sentences for c in clauses(sent)]
    answer_clauses += [
        (v, False, sent)
        for sent in sentences
        if (v := view(sent)) and len(v.stem_set) <= SHORT_SENTENCE_STEMS
    ]
    for part in clauses(point.text) or [point.text]:
        pv = view(part)
        key = pv.stem_set - question.stem_set or pv.stem_set
        if len(key) < 2 and len(pv.stem_set) < 3:
            continue
        best_ok, best_bad, bad = 0.0, 0.0, None
        for cv, clause, sentence in answer_clauses:
            shared = len(pv.stem_set & cv.stem_set)
            if shared < 2:
                continue
            overlap = shared / len(pv.stem_set)
            wrong = (clause and swapped_terms(pv.stem_set, cv.stem_set)) or (
                overlap >= POLARITY_OVERLAP and _reversed(pv, cv)
            )
            if wrong and overlap > best_bad:
                best_bad, bad = overlap, sentence
            elif not wrong and clause:  # a sentence read whole only ever adds a negation
                best_ok = max(best_ok, overlap)
        if bad is not None and best_bad >= SWAP_OVERLAP and best_bad > best_ok:
            return bad
    return None
