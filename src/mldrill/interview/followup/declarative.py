"""Question templates for a statement, chosen by its main verb: a copula ("X is Y" -> "What is X?"), a passive, a
modal, a "there is", a formula, or a verb phrase ("How does X affect Y?", "What does X do to Y?")."""

from __future__ import annotations

from mldrill.interview.followup.clause import (
    _lower_first,
    _noun_phrase,
    _object,
    _parse,
    _phrase,
    _tail,
    _trim,
)
from mldrill.interview.followup.lexicon import (
    ACT_ON,
    ARTICLES,
    CAUSATIVE,
    CONJUNCTIONS,
    COPULAS,
    DETERMINERS,
    DO_AUX,
    EFFECT,
    HOW_PREPOSITIONS,
    HOW_VERBS_INTRANSITIVE,
    INFINITIVE_VERBS,
    LINKING,
    MODALS,
    NEGATED_STOP,
    PARTICLES,
    PASSIVE_PREPOSITIONS,
    PREPOSITIONS,
    PRONOUNS,
    RELATIVES,
    STRANDABLE,
    WHEN_VERBS,
    _adjective,
    _adverb,
    _base,
    _finite_verb,
    _is_math,
    _low,
    _participle,
    _plural,
    _third_person,
    _words,
)


def _declarative(tokens: list[str]) -> str | None:
    parsed = _parse(tokens)
    if not parsed.verb:
        return _formula(tokens)
    subject = _noun_phrase(parsed.subject)
    if not subject:
        return None
    negated = parsed.negated
    if _low(subject[0]) == "neither":
        subject, negated = ["either", *subject[1:]], "not"
    elif _low(subject[0]) == "no" and len(subject) > 1:
        subject, negated = ["any", *subject[1:]], "not"
    s = _lower_first(_phrase(subject))
    pronoun = len(subject) == 1 and _low(subject[0]) in PRONOUNS
    verb = parsed.verb
    after = list(parsed.after)
    while after and _low(after[0]) in _words("not never"):
        negated = _low(after[0])
        after = after[1:]
    manner = ""
    while after and _adverb(_low(after[0])) and not (verb in COPULAS and _low(after[0]) == "too"):
        manner = manner or _low(after[0])
        after = after[1:]
    if verb in COPULAS:
        return _copula(verb, s, pronoun, negated, after)
    if verb in MODALS or verb in ("cannot", "can't"):
        cant = verb in ("cannot", "can't")
        return _modal("can" if cant else verb, s, negated or cant, after, _plural(subject))
    if verb in DO_AUX:
        plural = verb in ("do", "don't")
        negated = negated or ("not" if verb.endswith("n't") else "")
        if after and _base(after[0]) == _low(after[0]):
            return _verb_phrase(_low(after[0]), s, plural, after[1:], negated=negated)
        return None
    base = _base(verb) or verb
    if parsed.listed:
        return f"What does {s} do?"
    return _verb_phrase(base, s, not _third_person(verb), after, negated=negated, manner=manner)


def _existential(cop: str, rest: list[str]) -> str | None:
    words = [("any" if _low(w) == "no" else w) for w in rest]
    obj = _object([w for w in words if _low(w) not in ("not",)], limit=6)
    return f"{cop.capitalize()} there {_phrase(obj)}?" if obj else None


def _copula(cop: str, s: str, pronoun: bool, negated: str, after: list[str]) -> str | None:
    low = [_low(t) for t in after]
    head = low[0] if low else ""
    if not head:
        return None
    if negated:
        pred = _tail(after, stop=NEGATED_STOP - {"that"}, limit=10)
        return f"{cop.capitalize()} {s} {_phrase(pred)}?" if pred else None
    because = any(w in ("because", "since") for w in low)
    when = any(w in _words("when if unless once") for w in low[1:8]) or low[1:3] in (
        ["only", "for"],
        ["only", "under"],
        ["only", "when"],
        ["only", "if"],
        ["only", "in"],
    )
    if head == "too" and len(after) > 1 and _adjective(low[1]):
        words = _adjective_phrase(after[1:])
        return f"Why {cop} {s} too {_phrase(words)}?" if words else None
    nxt = low[1] if len(low) > 1 else ""
    attributive = (
        len(nxt) > 2
        and nxt.isalpha()
        and not after[0].endswith(",")
        and nxt not in PREPOSITIONS | CONJUNCTIONS | RELATIVES | DETERMINERS
        and not _adverb(nxt)
        and not _participle(nxt)
    )
    if _participle(head) and not because and not attributive:
        if when or low[1:2] == ["for"]:
            return f"When {cop} {s} {head}?"
        return _passive(f"{cop} {s}", head, low[1:])
    if pronoun:
        pred = _object(after, stop=CONJUNCTIONS | (RELATIVES - {"that"}) | {"such"}, limit=8)
        return f"{cop.capitalize()} {s} {_phrase(pred)}?" if pred else None
    when_at = next((i for i, w in enumerate(low[:5]) if w in _words("when if iff unless")), None)
    if when_at and head not in DETERMINERS and not _participle(head):
        pred = _trim([w for w in after[:when_at] if not _adverb(_low(w))])
        if 0 < len(pred) <= 3:
            return f"When {cop} {s} {_phrase(pred)}?"
    if (head not in DETERMINERS or head in ("more", "less")) and (
        _adjective(head) or _participle(head) or (head.endswith("ing") and len(low) == 1)
    ):
        words = _adjective_phrase(after)
        if words:
            lead = "Why" if because or not when else "When"
            return f"{lead} {cop} {s} {_phrase(words)}?"
    if head.endswith("ing") and len(low) > 1 and low[1] not in DETERMINERS | PREPOSITIONS:
        return f"Why {cop} {s} {head}?" if _adjective(head) else f"What {cop} {s}?"
    return f"What {cop} {s}?"


def _passive(aux: str, participle: str, after: list[str]) -> str:
    """ "is mapped to a dense vector" -> "What is X mapped to?"; "is chosen by cross-validation" -> "How is X chosen?" """
    if after and after[0] in PARTICLES and after[1:2] != ["of"]:
        participle, after = f"{participle} {after[0]}", after[1:]
    if (
        after[:1] == ["to"]
        and len(after) > 1
        and _base(after[1]) == after[1]
        and after[1] not in ("be", "zero")
    ):
        if participle.split()[0] in _words(
            "trained used designed built taught optimised optimized fine-tuned"
        ):
            return f"What {aux} {participle} to do?"  # "is trained to match ..."
        return f"Why {aux} {participle}?"  # "are subsampled to speed training"
    if (
        after
        and after[0] in PASSIVE_PREPOSITIONS
        and not (len(after) > 1 and after[1] in _words("advance time"))
    ):
        return f"What {aux} {participle} {after[0]}?"
    return f"How {aux} {participle}?"


def _adjective_phrase(after: list[str]) -> list[str]:
    """ "more sensitive to label noise than ..." -> "more sensitive to label noise"; "fast, robust ..." -> "fast"."""
    out: list[str] = []
    for i, tok in enumerate(after[:7]):
        word = _low(tok)
        if word in CONJUNCTIONS | RELATIVES | {"such", "than", "compared"} or _is_math(tok):
            break
        if i and (word in PREPOSITIONS - _words("to by for of in with") or _adverb(word)):
            break
        if i >= 2 and ((_participle(word) and not _adjective(word)) or _finite_verb(word)):
            break
        comparative = _low(after[0]) in _words("more less better worse")
        if i == 1 and not (word in PREPOSITIONS or _adjective(word)) and not comparative:
            return []  # "non-linear methods": a noun phrase, not an adjective
        out.append(tok.rstrip(",;:"))
        if tok.endswith((",", ";", ":")):
            break
    out = _trim(out)
    return out if len(out) <= 6 else out[:1]


def _modal(modal: str, s: str, negated: str | bool, after: list[str], plural: bool = False) -> str | None:
    while after and _low(after[0]) in _words("all both each also still"):
        after = after[1:]
    low = [_low(t) for t in after]
    asked = "should" if modal in ("must", "shall") else modal
    ever = " ever" if negated == "never" else ""
    if low and low[0] == "be":
        if len(low) > 1 and _participle(low[1]):
            if negated:
                rest = _tail(after[2:], limit=6)
                return f"{asked.capitalize()} {s}{ever} be {low[1]}{' ' + _phrase(rest) if rest else ''}?"
            return _passive(f"{asked} {s} be", low[1], low[2:])
        pred = _object(after[1:], stop=CONJUNCTIONS | RELATIVES | {"such"})
        if negated and pred:
            return f"{asked.capitalize()} {s} be {_phrase(pred)}?"
        adjective = _adjective_phrase(after[1:]) if len(low) > 1 and _adjective(low[1]) else []
        if adjective:
            return f"Why {asked} {s} be {_phrase(adjective)}?"
        return f"What {asked} {s} be?"
    if not low or _base(low[0]) is None:
        return None
    verb = _base(low[0]) or low[0]
    rest = after[1:]
    while rest and _adverb(_low(rest[0])):
        rest = rest[1:]
    rlow = [_low(t) for t in rest]
    if rlow and rlow[0] in PARTICLES:
        verb, rest, rlow = f"{verb} {rlow[0]}", rest[1:], rlow[1:]
    if negated:
        obj = _tail(rest, limit=8)
        if modal in ("may", "might"):  # "may not match" -> "Do they always match ...?"
            do = "Do" if plural else "Does"
            return f"{do} {s} always {verb}{' ' + _phrase(obj) if obj else ''}?"
        return f"{asked.capitalize()} {s}{ever} {verb}{' ' + _phrase(obj) if obj else ''}?"
    if verb == "help" and rlow and _base(rlow[0]) == rlow[0] and rlow[0] not in DETERMINERS:
        tail = _object(rest[1:])
        return f"How {asked} {s} help {rlow[0]}{' ' + _phrase(tail) if tail else ''}?"
    obj = _causative_object(rest) if verb in CAUSATIVE else _object(rest)
    if verb in EFFECT and obj:
        return f"How {asked} {s} affect {_phrase(obj)}?"
    if verb in ACT_ON and obj:
        return f"What {asked} {s} do to {_phrase(obj)}?"
    if any(w in _words("when if") for w in rlow[:8]):
        return f"When {asked} {s} {verb}{' ' + _phrase(obj) if obj else ''}?"
    prep = rlow[0] if rlow and not obj else ""
    if prep in STRANDABLE:
        return f"What {asked} {s} {verb} {prep}?"
    if (prep and prep in PREPOSITIONS) or not obj:
        return f"How {asked} {s} {verb}?"
    return f"What {asked} {s} {verb}?"


def _causative_object(tokens: list[str]) -> list[str]:
    """The object of "makes/lets X do ...": the noun phrase before the next verb or adjective."""
    out: list[str] = []
    for i, tok in enumerate(tokens[:4]):
        word = _low(tok)
        if word in PREPOSITIONS | CONJUNCTIONS | RELATIVES or _is_math(tok) or _adverb(word):
            break
        prev_word = _low(tokens[i - 1]) if i else ""
        if (
            out
            and prev_word not in DETERMINERS
            and (_finite_verb(word) or (_adjective(word) and not _adjective(prev_word)))
        ):
            break
        prev = _low(tokens[i - 1]) if i else ""
        noun_before = bool(out) and prev not in DETERMINERS and not prev.endswith(("ing", "ed"))
        if noun_before and _base(word) == word and not _adjective(prev):
            break  # "lets the model train on ...", "lets one thread run ...": the verb after the object
        out.append(tok.rstrip(",;:"))
        if tok.endswith((",", ";", ":")):
            break
    return _trim(out)


def _verb_phrase(
    verb: str, s: str, plural: bool, after: list[str], *, negated: str = "", manner: str = ""
) -> str | None:
    do = "do" if plural else "does"
    low = [_low(t) for t in after]
    if low and low[0] in PARTICLES:
        verb, after, low = f"{verb} {low[0]}", after[1:], low[1:]
    main = verb.split()[0]
    if negated:
        ever = " ever" if negated == "never" else ""
        if low[:1] == ["to"] and len(after) > 1:  # "never needs to be computed"
            rest = [after[1], *_object(after[2:], stop=NEGATED_STOP, limit=6)] if _base(low[1]) else []
            if low[1] == "be" and len(low) > 2 and _participle(low[2]):
                rest = ["be", low[2]]
            return f"{do.capitalize()} {s}{ever} {verb} to {_phrase(rest)}?" if rest else None
        obj = _tail(after, limit=8)
        return f"{do.capitalize()} {s}{ever} {verb}{' ' + _phrase(obj) if obj else ''}?"
    if low[:1] == ["and"] and len(low) > 1:  # "It regularises and often improves calibration"
        rest = after[1:]
        while rest and _adverb(_low(rest[0])):
            rest = rest[1:]
        if (
            rest
            and _third_person(rest[0]) != plural
            and _base(rest[0]) is not None
            and not _object(after, limit=1)
        ):
            q = _verb_phrase(_base(rest[0]) or "", s, plural, rest[1:])
            if q and not q.startswith("What happens"):
                return q
    if main in ("mean", "denote", "signal", "imply", "indicate"):
        return f"What {do} {s} {main}?"
    if main == "equal":
        return f"What {do} {s} equal?"
    if main in LINKING:
        words = _adjective_phrase(after)
        if words and _adjective(_low(words[0])):
            return f"Why {do} {s} {verb} {_phrase(words)}?"
    if low[:2] == ["to", "be"] and len(low) > 2 and _adjective(low[2]):
        return f"Why {do} {s} {verb} to be {_phrase(_adjective_phrase(after[2:]) or after[2:3])}?"
    if main == "help" and low and _base(low[0]) == low[0] and low[0] not in DETERMINERS:
        rest = _object(after[1:])
        return f"How {do} {s} help {low[0]}{' ' + _phrase(rest) if rest else ''}?"
    if low[:1] == ["to"] and len(low) > 1 and _base(low[1]) == low[1] and low[1] != "be":
        if main in INFINITIVE_VERBS:
            return f"What {do} {s} {verb} to do?"
        return f"Why {do} {s} {verb}?"
    if low and low[0] in RELATIVES | {"how", "what"}:
        return f"What {do} {s} {verb}?"  # "measures how much ..."
    obj = _causative_object(after) if main in CAUSATIVE else _object(after)
    if main == "make" and obj and _low(obj[0]) in _words("better worse good bad great poor"):
        return f"What {do} {s} make?"  # "make better negatives": make as "be"
    if obj and _low(obj[0]) in _words("it them this"):
        nxt = low[len(obj)] if len(low) > len(obj) else ""
        if nxt in PARTICLES | _words("apart together away"):
            return f"How {do} {s} {verb} {_phrase(obj)} {nxt}?"
        if nxt in STRANDABLE:
            return f"What {do} {s} {verb} {_phrase(obj)} {nxt}?"
        return f"How {do} {s} {verb} {_phrase(obj)}?"
    if main in EFFECT and obj:
        return f"How {do} {s} affect {_phrase(obj)}?"
    if (main in ACT_ON and obj) or (main == "set" and obj and "to" in low[len(obj) : len(obj) + 3]):
        return f"What {do} {s} do to {_phrase(obj)}?"
    cond = next((i for i, w in enumerate(low) if w in _words("when if unless whenever")), None)
    if cond is not None and cond <= 8 and main != "have":
        return f"When {do} {s} {verb}{' ' + _phrase(obj) if obj else ''}?"
    if main == "have":
        nouns = [
            w for w in obj if not (_low(w) in ARTICLES or _adjective(_low(w)) or any(c.isdigit() for c in w))
        ]
        articled = any(_low(w) in ARTICLES for w in obj)
        if (
            nouns
            and not any(_low(w) in DETERMINERS for w in nouns)
            and (len(nouns) > 1 or not articled)
            and all(w.isalpha() and w.islower() for w in nouns)
            and len(nouns) <= 2
            and "," not in "".join(obj)
        ):
            return f"What {_phrase(nouns)} {do} {s} have?"
        if nouns and obj[-1].isalpha() and obj[-1].islower() and "and" in map(_low, obj):
            return f"What {obj[-1]} {do} {s} have?"  # "forget, input and output gates"
        return f"What {do} {s} have?"
    if " " in verb and not obj and low and low[0] in STRANDABLE:  # "keeps up with"
        return f"What {do} {s} {verb} {low[0]}?"
    if (main in WHEN_VERBS and not obj) or (" " in verb and not obj):  # "show up", "work well"
        return f"When {do} {s} {verb}{' well' if manner == 'well' else ''}?"
    if manner and not obj and manner not in _words("only also still often usually always"):
        return f"How {do} {s} {verb}?"  # "behaves identically at ..."
    if obj:
        return f"What {do} {s} {verb}?"
    prep = low[0] if low else ""
    if main in HOW_VERBS_INTRANSITIVE and (not prep or prep in CONJUNCTIONS | HOW_PREPOSITIONS):
        return f"How {do} {s} {verb}?"
    if prep in HOW_PREPOSITIONS:
        return f"How {do} {s} {verb}?"
    if prep in STRANDABLE and (prep != "as" or main in _words("act serve count function double")):
        return f"What {do} {s} {verb} {prep}?"
    if prep in PREPOSITIONS:
        return f"How {do} {s} {verb}?"
    if not low or prep in CONJUNCTIONS | {"while", "so"}:
        return f"How {do} {s} {verb}?" if main not in ("do", "have", "be") else None
    if (_third_person(low[0]) and not plural) or (
        _base(low[0]) == low[0] and plural and _finite_verb(low[0])
    ):
        return f"What {do} {s} do?"  # "reasons, calls a tool, observes the result ...": a list of actions
    return f"What {do} {s} {verb}?"


def _formula(tokens: list[str]) -> str | None:
    """ "Var(X + Y) = Var(X) + ..." -> "What does Var(X + Y) equal?" """
    text = " ".join(tokens)
    if "=" in text:
        lhs = text.split("=", 1)[0].strip()
        first = _low(lhs.split()[0]) if lhs.split() else ""
        if (
            lhs
            and len(lhs.split()) <= 5
            and lhs.count("(") == lhs.count(")")
            and lhs[:1].isalnum()
            and (first not in PREPOSITIONS | CONJUNCTIONS | DETERMINERS)
        ):
            return f"What does {lhs} equal?"
    return None
