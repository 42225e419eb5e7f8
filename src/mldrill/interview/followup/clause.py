"""Reading a rubric point's main clause: the point cleaned of asides, cut to its first clause, and read as
subject, verb and the words after the verb; noun phrases and the phrase helpers that put words back together."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mldrill.interview.followup.lexicon import (
    _ADJECTIVES,
    _NOUNISH,
    ADVERBS,
    ARTICLES,
    COMMON_PLURAL_VERBS,
    CONJUNCTIONS,
    COPULAS,
    DANGLING,
    DETERMINERS,
    DO_AUX,
    META_LABELS,
    MODALS,
    NEGATED_STOP,
    NEGATIONS,
    OBJECT_STOP,
    PREPOSITIONS,
    PRONOUN_DETERMINERS,
    PRONOUNS,
    PROPER,
    QUANTIFIERS,
    RELATIVES,
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

MAX_SUBJECT = 9
MAX_OBJECT = 6
_PAREN = re.compile(r"\s\([^()]*\)(?=[\s,.;:]|$)")
_EXAMPLE_START = re.compile(
    r"(?:,\s+(?:e\.?g\.?|i\.?e\.?|for example|for instance|such as)|\s(?:e\.g|i\.e))\s", re.I
)
_HARD_CUT = re.compile(r";|:\s|\s[—–]\s|\s-\s|\.\s")
_CLAUSE_CUT = re.compile(
    r",\s+(?:so|which|because|while|but|whereas|where|since|although|though|thus|hence|making|meaning|giving|"
    r"causing|leading|then|and|yet|unless|so that|as(?!\s+(?:in|with|for|of|a|an|the)\b)|not|rather|instead|with)\b"
)
_LABEL = re.compile(r"^\s*([A-Z][\w'’ -]{0,24}):\s+(?=\S)")


@dataclass(frozen=True)
class Parsed:
    """A clause read as subject, verb and the words after the verb."""

    subject: list[str]
    verb: str  # lower-cased as written; "" when no verb was found
    after: list[str]
    negated: str = ""  # "not" / "never" before or after the verb
    listed: bool = False  # the verb opens a list of actions ("reasons, calls a tool, observes ...")


# Cleaning and clauses


def _clean(point: str) -> str:
    text = re.sub(r"[`*_$]", "", point)
    text = " ".join(text.split())
    text = re.sub(r"\b(i\.i\.d|e\.g|i\.e|vs|etc)\.(?=\s)", r"\1", text)  # no sentence break after these
    text = _PAREN.sub("", text)
    text = _drop_examples(text)
    label = _LABEL.match(text)
    if label and label.group(1).strip().lower() in META_LABELS:
        text = text[label.end() :]
        first = text.split()[0] if text.split() else ""
        if first.islower() and _base(first) == first:  # "Pitfall: fix the stopping rule ..."
            text = text[:1].upper() + text[1:]
    return text.strip().rstrip(".;:,!?").strip()


def _drop_examples(text: str) -> str:
    """Drop ", e.g. ..." / ", such as ..." asides: up to the next comma when the main clause goes on after it
    ("Dependent observations, such as many events per user, break ..."), else to the end of the clause."""
    while True:
        m = _EXAMPLE_START.search(text)
        if m is None:
            return text
        rest = text[m.end() :]
        close = re.search(r",\s+(\S+)", rest)
        semi = rest.find(";")
        if close and (semi < 0 or close.start() < semi) and _finite_verb(_low(close.group(1))):
            text = text[: m.start()] + " " + rest[close.start() + 1 :].lstrip()
        else:
            text = text[: m.start()] + (rest[semi:] if semi >= 0 else "")
        text = " ".join(text.split())


def _first_clause(text: str) -> str:
    """The main clause: up to a semicolon, colon, dash or sentence break, then up to a clause comma."""
    head = _HARD_CUT.split(text, maxsplit=1)[0].strip() or text
    tokens = head.split()
    lead, rest = _split_lead(tokens)
    body = " ".join(rest)
    cut = _CLAUSE_CUT.search(body)
    if cut and len(body[: cut.start()].split()) >= 2:
        body = body[: cut.start()]
    return " ".join([*lead[:-1], lead[-1] + ",", *body.split()]) if lead else body


def _split_lead(tokens: list[str]) -> tuple[list[str], list[str]]:
    """A leading phrase ("With an orthonormal design, ..."; "Under imbalance a low FPR ...") and the rest."""
    opener = (PREPOSITIONS - {"using"}) | _words("when if once given after")
    adverbial = _adverb(_low(tokens[0])) or _low(tokens[0]) in _words("early late later")
    early = (
        len(tokens) >= 3
        and adverbial
        and _low(tokens[1]) in PREPOSITIONS - {"of"}
        and tokens[0][:1].isupper()
    )
    if early and any(t.endswith(",") for t in tokens[:5]):
        opener = opener | {_low(tokens[0])}  # "Early in training, ..."
    if len(tokens) < 3 or _low(tokens[0]) not in opener:
        return [], tokens
    for i, tok in enumerate(tokens[:12]):
        if tok.endswith(",") and i < len(tokens) - 2:
            lead, rest = [*tokens[:i], tok.rstrip(",")], tokens[i + 1 :]
            if _low(rest[0]) in CONJUNCTIONS - _words("or and when if once"):
                break  # "With large samples p-values flag trivial shifts, so ...": no lead
            if _low(rest[0]) in ("or", "and"):  # "With a uniform prior, or with lots of data, ..."
                more = next((j for j, t in enumerate(rest[:8]) if t.endswith(",")), None)
                if more is not None:
                    lead, rest = [*lead, *rest[: more + 1]], rest[more + 1 :]
                    lead[-1] = lead[-1].rstrip(",")
            verbs = [
                t
                for t in lead[1:]
                if _low(t) in COPULAS | MODALS or (_third_person(t) and _finite_verb(_low(t)))
            ]
            clause = _low(tokens[0]) in _words("when if once after")  # a clause has its own verb
            if len(lead) > (12 if clause else 10) or (verbs and not clause):
                break
            return lead, rest
    if _low(tokens[0]) in _words("when if once"):
        return [], tokens
    for i in range(2, min(len(tokens) - 1, 7)):
        if _low(tokens[i]) in _words("a an the each every") and not _is_math(" ".join(tokens[:i])):
            return tokens[:i], tokens[i:]
    return [], tokens


def _is_list_comma(tokens: list[str], i: int, in_object: bool = False) -> bool:
    """A comma between items of a list ("the MCAR, MAR and MNAR mechanisms")."""
    after = [_low(t) for t in tokens[i + 1 : i + 5]]
    if not after or after[0] in RELATIVES | CONJUNCTIONS | _words("so but not"):
        return False
    if in_object and (
        (after[0].endswith(("ing", "ed")) and not _adjective(after[0])) or _third_person(after[0])
    ):
        return False  # ", increasing diversity and errors", ", calls a tool": a clause, not a list
    joint = next((j for j, w in enumerate(after[:5]) if w in ("and", "or")), None)
    if joint is None:
        return False
    around = after[joint - 1 : joint] + after[joint + 1 : joint + 2]
    return not any(w in PREPOSITIONS | ARTICLES for w in around)  # "points on or inside the margin": an aside


def _object(tokens: list[str], *, stop: frozenset[str] | None = None, limit: int = MAX_OBJECT) -> list[str]:
    """A noun phrase from the start of `tokens`: up to a stop word, clause comma, verb or formula."""
    stop = (PREPOSITIONS - {"of"}) | CONJUNCTIONS | RELATIVES | OBJECT_STOP if stop is None else stop
    out: list[str] = []
    for i, tok in enumerate(tokens):
        word = _low(tok)
        following = _low(tokens[i + 1]) if i + 1 < len(tokens) else ""
        if word in _words("about around approximately") and following[:1].isdigit():
            continue  # "about 15% of tokens"
        beyond = tokens[i + 2] if i + 2 < len(tokens) else ""
        verb_next = _base(following) == following and (
            _finite_verb(following) or _low(beyond) in DETERMINERS or beyond[:1].isupper()
        )  # "and run A/B tests", "and returns a scalar"; not "and output gates"
        if (
            word in ("and", "or")
            and out
            and following
            and not (
                verb_next
                or _third_person(following)
                or following in DETERMINERS | PREPOSITIONS | CONJUNCTIONS | RELATIVES
            )
        ):
            out.append(tok)  # "cell and hidden state"
            continue
        if word in ("versus", "vs") and out:
            out.append(tok)
            continue
        if word in stop or _is_math(tok) or (_adverb(word) and out):
            break
        if out and i >= 2 and _finite_verb(word) and _low(tokens[i - 1]) not in DETERMINERS:
            break
        if out and word in ARTICLES and _low(tokens[i - 1]) not in PREPOSITIONS | CONJUNCTIONS:
            break  # "probabilities the same way": a second noun phrase
        if (
            out
            and word.endswith("ed")
            and _participle(word)
            and not _adjective(word)
            and _low(tokens[i - 1]) not in DETERMINERS | CONJUNCTIONS
            and following in PREPOSITIONS
        ):
            break  # "client models weighted by ...": a participle after the noun
        listed = tok.endswith(",") and _is_list_comma(tokens, i, in_object=True)
        if not (_adverb(word) and not out):
            out.append(tok.rstrip(",;:") + ("," if listed else ""))
        if tok.endswith((",", ";", ":")) and not listed:
            break
        if len(out) >= limit:
            nxt = _low(tokens[i + 1]) if i + 1 < len(tokens) else ""
            if nxt and nxt not in stop and not tokens[i].endswith(","):  # cut inside a phrase: back off
                joints = [j for j, w in enumerate(out) if _low(w) in ("and", "or", "of")]
                if joints and joints[-1] > 0:
                    out = out[: joints[-1]]
            break
    return _trim(out)


def _tail(tokens: list[str], *, limit: int = 9, stop: frozenset[str] | None = None) -> list[str]:
    """The rest of a clause as written (prepositions kept), up to a clause break, formula or `limit` words."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        word = _low(tok)
        following = _low(tokens[i + 1]) if i + 1 < len(tokens) else ""
        joins = word in ("and", "or") and bool(out) and bool(following) and _base(following) is None
        stopped = (
            word in (NEGATED_STOP if stop is None else stop) and not joins
        )  # "effect size or importance"
        if stopped or _is_math(tok) or len(out) >= limit:
            break
        out.append(tok.rstrip(",;:"))
        if tok.endswith((",", ";", ":")):
            break
    while out and (_low(out[-1]) in DANGLING | PREPOSITIONS or _adverb(_low(out[-1]))):
        out = out[:-1]
    return out


def _trim(words: list[str]) -> list[str]:
    """No function word, adverb or lone symbol at either end of a phrase."""
    words = [w.strip(";:") for w in words if w.strip(",;:")]
    while words and (
        _low(words[-1]) in DANGLING | PREPOSITIONS | ADVERBS
        or _adverb(_low(words[-1]))
        or not any(c.isalnum() for c in words[-1])
    ):
        words = words[:-1]
    while words and _low(words[0]) in PREPOSITIONS | CONJUNCTIONS | NEGATIONS | RELATIVES | ADVERBS - {"too"}:
        words = words[1:]
    return [*words[:-1], words[-1].rstrip(",")] if words else words


# Subject and verb


def _parse(tokens: list[str]) -> Parsed:
    """Find the main verb: the first verb form that agrees with the words before it."""
    for i in range(1, len(tokens)):
        word, prev = _low(tokens[i]), _low(tokens[i - 1])
        if prev in PREPOSITIONS - {"than"} or (prev in RELATIVES and i > 1):
            continue
        if tokens[i - 1].endswith(",") and not (
            word in COPULAS | MODALS or sum(t.endswith(",") for t in tokens[:i]) >= 2
        ):
            continue  # a verb right after a comma only closes an appositive ("X, as in Y, makes ...")
        if prev in DETERMINERS - _words("one two three four") and not (
            i == 1 and prev in PRONOUN_DETERMINERS
        ):
            continue
        subject, negated = _subject(tokens[:i])
        if not subject or any(_low(w) in RELATIVES - {"that"} for w in subject[1:]):
            continue
        if word in COPULAS | MODALS | DO_AUX | _words("cannot can't"):
            return Parsed(subject, word, tokens[i + 1 :], negated)
        base = _base(word)
        if base is None or word.endswith("ing") or (word.endswith("ed") and base != word):
            continue
        before_prev = _low(tokens[i - 2]) if i >= 2 else ""
        if before_prev in ARTICLES and (prev in _ADJECTIVES or prev.endswith(("ed", "ing"))):
            continue  # "a weighted average": a noun
        nounish = base.split("-")[-1] in _NOUNISH
        following = _low(tokens[i + 1]) if i + 1 < len(tokens) else ""
        second = _low(tokens[i + 2]) if i + 2 < len(tokens) else ""
        if following == "of":
            continue
        if (
            nounish
            and following
            and _base(following) == following
            and following not in _ADJECTIVES
            and (_finite_verb(following) or following in COMMON_PLURAL_VERBS or second in ARTICLES)
        ):
            continue  # "log transforms make ...", "task loss weights need ...": a noun before the verb
        if nounish and following in COPULAS | MODALS:
            continue  # "Data drift is ...": a noun
        joined = any(_low(w) in ("and", "or") for w in subject)
        gerund = _low(subject[0]).endswith("ing")
        first_prep = next((j for j, w in enumerate(subject) if j and _low(w) in PREPOSITIONS), len(subject))
        coordinated = "and" in map(_low, subject[:first_prep])
        if _third_person(word) and coordinated and word not in COPULAS and not gerund:
            continue  # "Kernel methods and Gaussian processes scale ...": a plural subject takes no -s verb
        if _third_person(word):
            before = _low(tokens[i - 2]) if i >= 2 else ""
            modifier = (
                not before or before in DETERMINERS or _adverb(before)
            )  # "Linear models", "the random splits"
            actions = tokens[i].endswith(",") and _third_person(following)  # "reasons, calls a tool, ..."
            if (
                nounish
                and not actions
                and (
                    tokens[i].endswith(",")
                    or not _verb_context(prev, following, second, modifier)
                    or _verb_ahead(tokens[i + 1 :])
                )
            ):
                continue
            return Parsed(subject, word, tokens[i + 1 :], negated, actions)
        if base == word and (_plural(subject) or joined) and prev not in CONJUNCTIONS:
            if nounish and following in COPULAS | MODALS:
                continue
            return Parsed(subject, word, tokens[i + 1 :], negated)
    return Parsed([], "", [], "")


def _verb_ahead(tokens: list[str]) -> bool:
    """A plural verb soon after a noun-like -s form ("relevance labels from logged clicks carry ...")."""
    for i, tok in enumerate(tokens[:6]):
        word = _low(tok)
        if word in RELATIVES | CONJUNCTIONS | COPULAS | MODALS | {"to"} or tok.endswith((",", ";")):
            return False
        base = _base(word)
        after_article = i and _low(tokens[i - 1]) in ARTICLES | PREPOSITIONS | _words(
            "its their his her our your my"
        )
        if (
            base == word
            and base.split("-")[-1] not in _NOUNISH
            and word not in DETERMINERS
            and i
            and not after_article
        ):
            return True
    return False


def _verb_context(prev: str, following: str, second: str, modifier: bool = True) -> bool:
    """Whether a noun-like -s form ("models", "splits") is the verb here: not after an adjective that opens the
    subject or after "more", and followed by what a verb takes (an article, a noun, a preposition), not by a verb,
    a copula or a conjunction."""
    if (
        (_adjective(prev) and (modifier or prev in _ADJECTIVES))
        or prev in QUANTIFIERS
        or (prev.endswith("ed") and prev not in _words("need feed"))
    ):
        return False
    if (len(prev) == 1 and prev.isascii() and prev.isalpha()) or prev.isdigit():  # "n models", "2 splits"
        return False
    if not following:
        return True
    if following in COPULAS | MODALS | CONJUNCTIONS | {"of"} or _finite_verb(following):
        return False
    return not (_adjective(following) and second in PREPOSITIONS)  # "weights proportional to ..."


def _subject(words: list[str]) -> tuple[list[str], str]:
    """The words before the verb less a leading adverb, an appositive between commas, a trailing negation."""
    out: list[str] = []
    skipping = False
    for i, w in enumerate(words):
        if skipping:
            skipping = not w.endswith(",")
            continue
        if w.endswith(",") and not _is_list_comma(words, i) and not _adjective(_low(w)):
            out.append(w.rstrip(","))
            skipping = True
            continue
        out.append(w)
    while (
        len(out) > 1
        and _low(out[0]) in _words("about around roughly approximately")
        and (out[1][:1].isdigit() or _low(out[1]) in _words("one two three four five ten"))
    ):
        out = out[1:]  # "about one false positive"
    negated = ""
    while out and _low(out[-1]) in _words("not never") | ADVERBS:
        if _low(out[-1]) in ("not", "never"):
            negated = _low(out[-1])
        out = out[:-1]
    while out and (_low(out[0]) in ADVERBS | CONJUNCTIONS or _adverb(_low(out[0]))) and _low(out[0]) != "too":
        if _low(out[0]) not in ADVERBS and len(out) > 2 and _adjective(_low(out[1])):
            break  # "Doubly robust estimators"
        out = out[1:]
    return out, negated


def _noun_phrase(subject: list[str]) -> list[str]:
    """A subject short enough to ask about: cut at "such", a relative or a formula, at most MAX_SUBJECT words."""
    out: list[str] = []
    for w in subject:
        word = _low(w)
        short_math = len(w) <= 4 and not re.search(r"[=<>≤≥≈]", w)
        if (word in _words("such that which who where") and out) or (_is_math(w) and out and not short_math):
            break
        out.append(w)
    if subject and _low(subject[0]) in PREPOSITIONS - {"using"}:
        return []  # "With large samples p-values ...": no subject to name
    out = _trim(out)
    if len(out) > MAX_SUBJECT:
        cut = _object(out, stop=(PREPOSITIONS - {"of"}) | RELATIVES, limit=MAX_SUBJECT + 1)
        out = (
            cut if len(cut) <= MAX_SUBJECT else _object(out, stop=PREPOSITIONS | RELATIVES, limit=MAX_SUBJECT)
        )
    if len(out) > MAX_SUBJECT or (len(out) == 1 and len(out[0]) <= 2 and len(subject) > 1):
        return []  # too long, or a lone symbol left of a formula ("p > n ...")
    return out


def _topic_words(tokens: list[str]) -> list[str]:
    """The first words of a phrase, up to its first verb, preposition, relative or formula."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        word = _low(tok)
        if i and (
            _finite_verb(word) or word in PREPOSITIONS - {"of"} | RELATIVES | CONJUNCTIONS - {"and", "or"}
        ):
            break
        if (
            i >= 2
            and (_third_person(word) or (_base(word) == word and word not in DETERMINERS))
            and not _adjective(word)
        ):
            break  # "discriminative models usually reach ...": stop at the verb, noun-like or not
        if _is_math(tok) or (i > 1 and word in ARTICLES and _low(tokens[i - 1]) not in PREPOSITIONS):
            break
        out.append(tok.rstrip(",;:"))
        if tok.endswith((",", ";", ":")) or len(out) >= 6:
            break
    return _trim(out)


# Phrases


def _phrase(words: list[str]) -> str:
    """Words joined; list commas inside are kept, any other punctuation at their ends dropped."""
    kept = [w.strip(";:") for w in words if w.strip(",;:")]
    return " ".join([*kept[:-1], kept[-1].rstrip(",")]) if kept else ""


def _lower_first(text: str) -> str:
    """Lower-case a sentence-initial word unless it is an acronym, a name or part of a capitalised name."""
    words = text.split()
    if not words:
        return text
    first = words[0]
    core = first.split("-")[0].lower().rstrip("'s").rstrip("'’")
    if _low(first) in DETERMINERS | PRONOUNS | _words("there"):
        return first[0].lower() + text[1:]
    if len(first.split("-")[0]) == 1:
        return text  # "F-beta", "Q-learning"
    if not (len(first) > 1 and first[0].isupper() and first[1:].replace("-", "").replace("'", "").islower()):
        return text  # an acronym ("SVM"), a name with capitals inside ("XGBoost"), a symbol
    if core in PROPER or first.endswith(("'s", "'")):
        return text
    if len(words) > 1 and words[1][:1].isupper() and words[1][1:].islower() and "-" not in first:
        return text  # "Isolation Forest", "Local Outlier Factor", "Naive Bayes"
    return first[0].lower() + text[1:]
