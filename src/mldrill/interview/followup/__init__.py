"""The interviewer's follow-up: a missed rubric point turned into one short, well-formed question.

    question_for("Temperature divides the logits before the softmax.")
        -> "What does temperature do to the logits?"
    question_for("Prefer recall when misses are costly, e.g. disease screening.")  -> "When would you prefer recall?"
    question_for("KL divergence is not symmetric.")                                -> "Is KL divergence symmetric?"
    question_for("It should be computed on held-out data.")                        -> "How should it be computed?"

The question is made of the point's own words. Its main clause is read as subject, verb and object with a small
verb lexicon (no tagger), and a template is chosen by the clause's shape: a copula ("X is Y" -> "What is X?"), a
passive, a modal, a negation (asked as a yes/no question), a verb that changes something ("How does X affect Y?",
"What does X do to Y?"), an order ("Use X when Y" -> "When would you use X?"), or a line about the candidate
("Explains that ...", "Computes the posterior" -> "How would you compute the posterior?"). Whatever the shape the
result is one sentence that starts with a capital letter, ends with "?", has no cut-off words and at most
MAX_WORDS words; when no template fits, it asks what the person can tell about the point's subject.
"""

from __future__ import annotations

import re

from mldrill.interview.followup.clause import (
    MAX_OBJECT,
    MAX_SUBJECT,
    Parsed,
    _clean,
    _first_clause,
    _topic_words,
)
from mldrill.interview.followup.lexicon import (
    ACT_ON,
    ADVERBS,
    ARTICLES,
    CAUSATIVE,
    COMMON_PLURAL_VERBS,
    CONJUNCTIONS,
    COPULAS,
    DANGLING,
    DETERMINERS,
    DO_AUX,
    EFFECT,
    HOW_PREPOSITIONS,
    HOW_VERBS,
    HOW_VERBS_INTRANSITIVE,
    INFINITIVE_VERBS,
    LINKING,
    META_LABELS,
    MODALS,
    NEGATED_STOP,
    NEGATIONS,
    OBJECT_STOP,
    PAIR_VERBS,
    PARTICLES,
    PASSIVE_PREPOSITIONS,
    PLURAL_WORDS,
    PREPOSITIONS,
    PRONOUN_DETERMINERS,
    PRONOUNS,
    PROPER,
    QUANTIFIERS,
    RECURSE_VERBS,
    RELATIVES,
    SAY_VERBS,
    SENTENCE_ADVERBS,
    STRANDABLE,
    STRONG_IMPERATIVE,
    WHEN_VERBS,
)
from mldrill.interview.followup.templates import (
    MAX_WORDS,
    _fallback,
    _fits,
    _label_question,
    _question,
    point_subject,
)

__all__ = [
    "ACT_ON",
    "ADVERBS",
    "ARTICLES",
    "CAUSATIVE",
    "COMMON_PLURAL_VERBS",
    "CONJUNCTIONS",
    "COPULAS",
    "DANGLING",
    "DETERMINERS",
    "DO_AUX",
    "EFFECT",
    "HOW_PREPOSITIONS",
    "HOW_VERBS",
    "HOW_VERBS_INTRANSITIVE",
    "INFINITIVE_VERBS",
    "LINKING",
    "MAX_OBJECT",
    "MAX_SUBJECT",
    "MAX_WORDS",
    "META_LABELS",
    "MODALS",
    "NEGATED_STOP",
    "NEGATIONS",
    "OBJECT_STOP",
    "PAIR_VERBS",
    "PARTICLES",
    "PASSIVE_PREPOSITIONS",
    "PLURAL_WORDS",
    "PREPOSITIONS",
    "PRONOUNS",
    "PRONOUN_DETERMINERS",
    "PROPER",
    "QUANTIFIERS",
    "RECURSE_VERBS",
    "RELATIVES",
    "SAY_VERBS",
    "SENTENCE_ADVERBS",
    "STRANDABLE",
    "STRONG_IMPERATIVE",
    "WHEN_VERBS",
    "Parsed",
    "already_said",
    "key_words",
    "point_subject",
    "question_for",
    "reconsider_question",
]


# Public


def question_for(point: str) -> str:
    """The follow-up question an interviewer would ask about a missed rubric point."""
    labelled = _label_question(point)
    if labelled and _fits(labelled):
        return labelled
    clause = _first_clause(_clean(point))
    q = _question(clause.split())
    if q and _fits(q):
        return q
    return _fallback(clause)


def reconsider_question(point: str) -> str:
    """The follow-up for a point the answer contradicted: ask the person to think again about its subject."""
    topic = point_subject(point)
    q = f"Could you reconsider what you said about {topic}?" if topic else ""
    return q if q and _fits(q) else "Could you reconsider what you said there?"


def key_words(point: str) -> set[str]:
    """The content words of a point's subject (of its first words when the subject is a pronoun), folded."""
    found = _content(point_subject(point))
    if not found:
        found = _content(" ".join(_topic_words(_clean(point).split())[:4]))
    return found


def already_said(point: str, answer: str) -> bool:
    """True when every main subject word of the point is in the answer: asking about it would not follow on."""
    wanted = key_words(point)
    return bool(wanted) and wanted <= _content(answer)


# Content words

_WORD = re.compile(r"[a-z0-9]+")


def _content(text: str) -> set[str]:
    return {
        _fold(w)
        for w in _WORD.findall(text.lower())
        if w not in DETERMINERS | PREPOSITIONS | CONJUNCTIONS | RELATIVES | PRONOUNS and len(w) > 1
    }


def _fold(word: str) -> str:
    """A light stem: plurals, -ing, -ed and a final -e folded, so "activations" meets "activation"."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "es", "ed", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word
