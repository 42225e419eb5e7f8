"""Choosing the question template for a clause: an order ("Use X when Y" -> "When would you use X?"), a line about
the candidate ("Computes the posterior" -> "How would you compute the posterior?"), a labelled point, or a
statement (see `declarative`); the subject a point talks about, the fallback question, and the finish and
checks every question passes."""

from __future__ import annotations

import itertools
import re

from mldrill.interview.followup.clause import (
    _LABEL,
    MAX_SUBJECT,
    _clean,
    _first_clause,
    _lower_first,
    _noun_phrase,
    _object,
    _parse,
    _phrase,
    _split_lead,
    _topic_words,
)
from mldrill.interview.followup.declarative import _declarative, _existential
from mldrill.interview.followup.lexicon import (
    _IRREGULAR,
    _NOUNISH,
    ADVERBS,
    CONJUNCTIONS,
    COPULAS,
    DANGLING,
    DETERMINERS,
    DO_AUX,
    HOW_VERBS,
    META_LABELS,
    MODALS,
    PAIR_VERBS,
    PARTICLES,
    PREPOSITIONS,
    PRONOUNS,
    RECURSE_VERBS,
    RELATIVES,
    SAY_VERBS,
    SENTENCE_ADVERBS,
    STRANDABLE,
    STRONG_IMPERATIVE,
    WHEN_VERBS,
    _adverb,
    _base,
    _is_math,
    _low,
    _third_person,
    _words,
)

MAX_WORDS = 25


def point_subject(point: str) -> str:
    """The subject a rubric point talks about, as a noun phrase: "Variance measures how ..." -> "variance"."""
    tokens = _first_clause(_clean(point)).split()
    _, rest = _split_lead(tokens)
    if rest and (_is_imperative(rest) or _is_candidate_line(rest)):
        words = _object(rest[1:], limit=MAX_SUBJECT)
    else:
        parsed = _parse(rest)
        words = _noun_phrase(parsed.subject) if parsed.verb else _topic_words(rest)
    return _lower_first(_phrase(words)) if words else ""


def _label_question(point: str) -> str | None:
    """ "Novelty effect: a temporary lift ..." -> "What is the novelty effect?" """
    m = _LABEL.match(" ".join(re.sub(r"[`*_$]", "", point).split()))
    if m is None:
        return None
    label = m.group(1).strip()
    words = label.split()
    if label.lower() in META_LABELS or len(words) > 3 or any(_base(w) is not None for w in words):
        return None
    if words[-1].islower():
        return _finish(f"What is the {_lower_first(label)}?")
    return _finish(f"What is {_lower_first(label)}?")


def _question(tokens: list[str]) -> str | None:
    lead, rest = _split_lead(tokens)
    opened = bool(lead)
    while (
        rest
        and len(rest) > 1
        and (_adverb(_low(rest[0])) or _low(rest[0]) in SENTENCE_ADVERBS)
        and (_base(rest[1]) is not None and _low(rest[0]) not in _words("only just even"))
    ):
        rest, opened = rest[1:], True  # "Always measure ...", "Correctly fills ..."
    if not rest:
        return None
    first = _low(rest[0])
    if first in MODALS and len(rest) > 1 and _base(rest[1]) == _low(rest[1]) and rest[0][:1].isupper():
        q = _candidate(_low(rest[1]), rest[2:])  # "Can justify with ...", "Must resample ..."
    elif _is_imperative(rest, after_lead=opened):
        q = _imperative(_base(first) or first, rest[1:])
    elif _is_candidate_line(rest, opened):
        q = _candidate(_base(first) or first, rest[1:])
    elif first == "there" and len(rest) > 2 and _low(rest[1]) in COPULAS:
        q = _existential(_low(rest[1]), rest[2:])
    else:
        q = _declarative(rest)
    if q is None:
        return None
    if lead:
        with_lead = _finish(f"{_phrase(lead)}, {_lower_first(q)}")
        if _fits(with_lead) and not _is_math(_phrase(lead)):
            return with_lead
    return _finish(q)


def _is_imperative(tokens: list[str], after_lead: bool = False) -> bool:
    first = _low(tokens[0])
    if not (after_lead or tokens[0][:1].isupper()) or _third_person(first):
        return False
    base = _base(first)
    if base != first:
        return False
    second = _low(tokens[1]) if len(tokens) > 1 else ""
    if (
        first in _words("lower higher fewer larger smaller better worse faster slower")
        and second not in DETERMINERS
    ):
        return False  # "Lower FID is better": a comparative, not an order
    if first in STRONG_IMPERATIVE:
        return True
    parsed = _parse(tokens)
    if (
        parsed.verb
        and len(parsed.subject) <= 3
        and (parsed.verb in COPULAS | MODALS or _third_person(parsed.verb))
    ):
        return False  # "Double DQN chooses ...", "Answer quality is ..."
    if parsed.verb and first in _words(
        "separate correct open clean free close direct complete perfect double duplicate"
    ):
        return False  # "Separate offline and online implementations ... diverge": an adjective
    if base.split("-")[-1] not in _NOUNISH:
        return True
    opener = second in (DETERMINERS | PREPOSITIONS | PRONOUNS | ADVERBS) - _words("of") or _adverb(second)
    return opener or not parsed.verb


def _is_candidate_line(tokens: list[str], opened: bool = False) -> bool:
    """A rubric line about what the candidate does: it opens with a verb's -s form and has no subject."""
    if len(tokens) < 2 or not _third_person(tokens[0]) or _low(tokens[0]) in _IRREGULAR:
        return False
    if not (opened or tokens[0][:1].isupper()):
        return False
    second = _low(tokens[1])
    base = _base(tokens[0]) or ""
    if second in RELATIVES and base.split("-")[-1] in _NOUNISH and base not in RECURSE_VERBS:
        return False  # "Points that are ...": a noun and its relative clause
    opener = (
        second in DETERMINERS | PREPOSITIONS | PARTICLES | {"that", "how", "why", "whether"}
        or second[:1].isdigit()
    )
    if opener and base.split("-")[-1] not in _NOUNISH:
        return True
    if base in SAY_VERBS | HOW_VERBS | RECURSE_VERBS and base not in _NOUNISH:
        return True
    parsed = _parse(tokens)
    plural_agreement = parsed.verb in ("are", "were", "do", "have") or (
        bool(parsed.verb) and parsed.verb not in COPULAS | MODALS | DO_AUX and not _third_person(parsed.verb)
    )
    if plural_agreement:
        return False  # "Fixes for vanishing gradients include ...": a plural noun and its verb
    return opener or not parsed.verb or len(parsed.subject) > 3


def _imperative(verb: str, rest: list[str]) -> str | None:
    low = [_low(t) for t in rest]
    if low and low[0] in PARTICLES:
        verb, rest, low = f"{verb} {low[0]}", rest[1:], low[1:]
    obj = _object(rest)
    cond = any(w in _words("when if whenever unless") for w in low)
    main = verb.split()[0]
    if main in PAIR_VERBS and obj:
        pair = _object(
            rest, stop=CONJUNCTIONS - {"and", "or"} | RELATIVES | {"such", "to", "so", "by"}, limit=10
        )
        return f"How would you {verb} {_phrase(pair or obj)}?"
    if main in _words("use prefer favour favor consider try") and obj:
        return f"When would you {verb} {_phrase(obj)}?"
    if main in _words("pick choose set define") and obj:
        return f"{'When' if cond else 'How'} would you {verb} {_phrase(obj)}?"
    if main == "avoid" and obj:
        return f"Why would you avoid {_phrase(obj)}?"
    if obj:
        return f"How would you {verb} {_phrase(obj)}?"
    prep = low[0] if low else ""
    if prep in STRANDABLE - {"with", "on", "in", "as"}:
        return f"What would you {verb} {prep}?"
    return f"How would you {verb} it?"


def _candidate(verb: str, rest: list[str]) -> str | None:
    """ "Explains that C" asks about C; "Computes X" asks how you would compute X."""
    low = [_low(t) for t in rest]
    if low and low[0] in PARTICLES:
        verb, rest, low = f"{verb} {low[0]}", rest[1:], low[1:]
    main = verb.split()[0]
    if low and low[0] in ("that", "how", "why", "whether"):
        clause = rest[1:]
        if low[0] == "that" or main in RECURSE_VERBS:
            q = _question(clause)
            if q and _fits(q) and not q.startswith("What can you tell"):
                return q
        if low[0] != "that":
            said = _object(rest, stop=_words("so because which while but"), limit=12)
            return f"Can you explain {_phrase(said)}?" if said else None
        return None
    if main in RECURSE_VERBS and len(rest) > 2:
        parsed = _parse(rest)
        if parsed.verb and len(parsed.subject) <= 5:
            q = _question(rest)
            if q and _fits(q) and not q.startswith("What can you tell"):
                return q
    if main == "account" and low and low[0] == "for":
        rest = rest[1:]
        verb = "account for"
    if main in WHEN_VERBS:
        return f"When does it {verb}?"
    obj = _object(rest, stop=(PREPOSITIONS - {"of"}) | CONJUNCTIONS | RELATIVES | {"such", "about"})
    if main in PAIR_VERBS:
        pair = _object(
            rest, stop=CONJUNCTIONS - {"and", "or"} | RELATIVES | {"such", "to", "so", "by"}, limit=10
        )
        if pair:
            return f"How would you {verb} {_phrase(pair)}?"
    if not obj:
        prep = _low(rest[0]) if rest else ""
        if prep in STRANDABLE - _words("with in as on"):
            return f"What would you {verb} {prep}?"
        return f"How would you {verb} it?"
    if main in _words("use prefer favour favor avoid pick choose consider try"):
        return _imperative(verb, rest)
    if main == "write":
        return f"Can you write down {_phrase(obj)}?"
    if main in _words("note mention recognise recognize observe"):
        return f"What would you say about {_phrase(obj)}?"
    if main in SAY_VERBS:
        return f"Can you {verb} {_phrase(obj)}?"
    return f"How would you {verb} {_phrase(obj)}?"


def _fallback(clause: str) -> str:
    topic = point_subject(clause)
    if not topic or _is_math(topic) or len(topic.split()) > 8:
        _, rest = _split_lead(clause.split())
        topic = _lower_first(_phrase(_topic_words(rest)))
    q = _finish(f"What can you tell me about {topic}?") if topic else ""
    return q if q and _fits(q) else "What else would you add to your answer?"


# Finishing


def _finish(q: str) -> str:
    q = " ".join(q.replace(" ,", ",").split())
    q = q.rstrip("?.,;: ") + "?"
    return q[0].upper() + q[1:]


def _fits(q: str) -> bool:
    """One well-formed question: short, no cut-off words, balanced brackets, no function word before "?"."""
    words = q.rstrip("?").split()
    if not words or len(words) > MAX_WORDS or "…" in q or "  " in q or not q.endswith("?"):
        return False
    if _low(words[-1]) in DANGLING or not q[:1].isupper():
        return False
    if any(
        _low(a) == _low(b) and _low(a) in DETERMINERS | PREPOSITIONS for a, b in itertools.pairwise(words)
    ):
        return False
    return q.count("(") == q.count(")") and q.count("[") == q.count("]")
