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

import itertools
import re
from dataclasses import dataclass

MAX_WORDS = 25
MAX_SUBJECT = 9
MAX_OBJECT = 6


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words

ARTICLES = _words("a an the")
DETERMINERS = ARTICLES | _words(
    "this that these those its their his her our your my each every any some no one two three four both either "
    "neither all many several few more most fewer less much such"
)
PRONOUN_DETERMINERS = _words(
    "both this these that those all each some many several few one any either neither"
)
PRONOUNS = _words("it they them this these those both we you i itself themselves")
PREPOSITIONS = _words(
    "about above across after against along among around as at before behind below beneath beside between beyond "
    "by despite down during except for from in inside into like near of off on onto out outside over past per since "
    "than through throughout to toward towards under underneath unlike until up upon via with within without using "
    "instead rather versus vs"
)
STRANDABLE = _words(
    "to on for with as from into onto against at about in between"
)  # "What does X depend on?"
HOW_PREPOSITIONS = _words("by via through using like")
SENTENCE_ADVERBS = _words("first then always never also next finally")
CONJUNCTIONS = _words(
    "and or but nor so yet because while whereas although though if when once unless until since"
)
RELATIVES = _words("that which who whom whose where when why how what whether")
ADVERBS = _words(
    "only also often usually always still just even exactly roughly typically generally mostly largely simply "
    "rarely sometimes already then thus hence therefore again somewhat directly strictly explicitly really very quite "
    "far almost nearly mainly actually essentially effectively well poorly badly too instead otherwise together "
    "apart quickly slowly sharply heavily slightly fastest slowest most least further later overall"
)
NEGATIONS = _words("not never no cannot can't doesn't don't isn't aren't won't shouldn't")
COPULAS = _words("is are was were")
MODALS = _words("can could may might must should will would shall")
DO_AUX = _words("do does did don't doesn't")
LINKING = _words("become remain stay seem look appear go grow turn get")
QUANTIFIERS = _words("more many few fewer less most several some all two three four five ten")
PLURAL_WORDS = _words("data people criteria phenomena children media they both these those we you")
# Words a question must not end on.
DANGLING = (
    DETERMINERS
    | CONJUNCTIONS
    | RELATIVES
    | NEGATIONS
    | MODALS
    | _words("very such e.g i.e etc and or not the")
) - _words("this these those that both all any one")
PROPER = _words(
    "adam bayes bayes' bayesian gaussian fourier poisson markov monte carlo laplace bernoulli lagrange lagrangian "
    "newton hessian jacobian euclidean huber xavier kullback leibler jensen shannon pearson spearman welch student "
    "bonferroni benjamini cholesky nesterov dijkstra python pytorch numpy pandas thompson bellman boltzmann "
    "dirichlet wasserstein frobenius manhattan gini kaplan cox wald fisher mahalanobis hamming jaccard levenshtein "
    "ward holt winters ljung box rubin platt shapley polyak eckart young wilson he glorot kaiming hochberg"
)

# Verbs

_VERBS = _words(
    """
accept account accumulate achieve act adapt add address adjust admit affect aggregate aim align allocate allow
alternate amplify analyse analyze answer appear apply approximate arise arrive assign assume attach attend
audit augment automate average avoid balance batch beat become begin behave belong benefit bias blend block
blur boost bootstrap bound break bring build bundle cache calculate calibrate call cap capture carry cause
center centre chain change check choose chunk claim classify clip cluster coincide collapse combine come
commute compare compensate complement compose compound compress compute concatenate concentrate condition
connect consider consist constrain contain contrast control converge convert copy correct correlate correspond
cost count couple cover create cross cut cycle damp dampen decay decide declare decline decode decompose
decorrelate decouple decrease define degrade delete denoise denote depend derive describe destabilise
destabilize detect determine diagnose differ diminish discard discount distil distill distinguish distort
diverge divide do dominate double downcast downsample downweight drift drive drop duplicate ease embed emit
enable encode encourage end enforce enlarge ensure equal estimate evaluate exceed excel exclude execute exist
expand expect explain explode exploit explore exponentiate expose express extend extract extrapolate factor
factorise factorize fail fall favor favour feed fill filter find fit fix flag flatten flip flow fold follow
force forget form freeze gain gather generalise generalize generate get give go govern grow guarantee guard
guess halve handle happen harm have help hide hold hurt identify ignore imply impose improve include
incorporate increase indicate induce infer inflate inherit initialise initialize inject inspect interact
interfere interpolate interpret introduce invalidate invert involve isolate iterate join justify keep kill
label lack lead leak learn leave let lie limit link list live load lock log look lose lower maintain make map
mask match matter maximise maximize mean measure meet memorise memorize merge minimise minimize mirror miss
mitigate mix model modify monitor move multiply name narrow need normalise normalize note obey observe offer
offset omit open operate optimise optimize order oscillate outnumber outperform output overestimate overfit
overlap oversample overshoot oversubscribe overwrite pad parallelise parallelize parse pass pause pay peak
penalise penalize perform permit permute pick place play plot point pool precede precompute predict prefer
prepare present preserve prevent process produce profile project promote prompt propagate propose protect
prove provide prune pull punish push put quadruple quantise quantize raise ramp randomise randomize rank reach
react read reason recall receive recommend recompute reconstruct record recover reduce refer refine refit
reflect register regress regularise regularize reinforce reject relate relax release rely remain remember
remove render renormalise reorder repeat replace replicate represent require resample rescale resemble reset
reshape resist resolve respect rest restore restrict resume retain retrain retrieve return reuse reveal
reverse reward reweight rise risk rotate round run sample satisfy saturate save scale scan score search see
seem select send separate serialise serve set settle shape shard share sharpen shift ship show shrink shuffle
simplify simulate sit size skew skip slide slow smooth soft-threshold solve sort span speed spend spike split
spread square squash stabilise stabilize stack stand standardise standardize start state stay steer stop store
stream strengthen stress struggle subsample subtract succeed suffer suffice suggest suit sum summarise
summarize supply support suppress swap sweep take target teach tell tend test threshold tie tokenise tokenize
tolerate track trade train transfer transform translate treat trigger truncate try tune turn underestimate
underfit underlie undersample unfreeze unify unroll update upweight use validate vanish vary vectorise
vectorize verify veto violate visit wait warm waste weaken weight widen win work worsen wrap write yield zero
"""
)
# Verbs that are mostly nouns: as verbs they need the words around them to agree.
_NOUNISH = _words(
    """
batch benefit bias cache chain chunk claim cluster control copy cost count cover cross cut cycle difference
drift drop end estimate factor fill filter fix flag flow fold form gain guard guess join label lack lead limit
list load lock log look map mask match mean model name need note offset order output overlap pad pause peak
plot point pool process profile prompt ramp rank reach reason recall record rest return reward rise risk round
run sample scale score search set shape share shift size sort spike split spread square stack stand start
state step store stream stress sum target test threshold trade train transfer transform turn update use wait
weight work yield zero
"""
)
_IRREGULAR = {"has": "have", "does": "do", "goes": "go", "is": "be", "are": "be", "was": "be", "were": "be"}
_ES_STEMS = ("s", "sh", "ch", "x", "z", "o")

EFFECT = _words(
    "affect amplify bias boost change damp dampen decrease degrade destabilise destabilize diminish distort harm "
    "hurt improve increase inflate lower raise reduce skew slow speed stabilise stabilize strengthen weaken worsen "
    "make let help force cause"
)
CAUSATIVE = _words("make let help allow enable force cause render")
ACT_ON = _words(
    "average cap centre center clip combine compress concatenate decorrelate discount divide downweight drive "
    "flatten flip map mask merge multiply normalise normalize penalise penalize permute project prune push quantise "
    "quantize renormalise rescale round scale sharpen pull shift shrink shuffle smooth soft-threshold square squash "
    "standardise standardize subtract sum threshold transform truncate upweight weight zero blur"
)
OBJECT_STOP = _words("such compared relative given according due")
PASSIVE_PREPOSITIONS = _words("to into with from on onto")
NEGATED_STOP = CONJUNCTIONS | RELATIVES | _words("such as so because since")
COMMON_PLURAL_VERBS = _words(
    "need use lack help make give take have require work run learn show become remain tend allow cause lead depend "
    "rely fail share keep"
)
WHEN_VERBS = _words("fail break work matter hold suffice struggle help succeed excel happen coincide arrive")
HOW_VERBS_INTRANSITIVE = _words(
    "interact differ compare relate combine trade scale converge generalise generalize"
)
INFINITIVE_VERBS = _words("tend need try learn aim seek want have has")
# Orders: "Use X when Y", "Compare X with Y"; these open one even where they could be nouns.
STRONG_IMPERATIVE = _words(
    "use prefer avoid evaluate compare monitor check choose define retrieve restore build add apply pick treat "
    "measure try report tune remove consider compute estimate put ship inspect resample rebuild solve detect handle "
    "diagnose initialise initialize freeze validate calibrate normalise normalize standardise standardize reserve "
    "decide favour favor address prompt"
)
# Rubric lines about the candidate: "Explains that ...", "Gives the closed form ...".
SAY_VERBS = _words("explain describe discuss mention name note state list give show derive write draw sketch")
HOW_VERBS = _words(
    "compute calculate estimate solve derive form apply analyse analyze quantify interpret identify justify verify "
    "distinguish contrast compare separate relate link connect account adjust correct convert downcast randomise "
    "randomize resample recompute measure check detect handle choose pick define prefer use avoid"
)
RECURSE_VERBS = _words("explain show note mention state argue recognise recognize realise realize observe")
PAIR_VERBS = _words("distinguish contrast compare separate relate link connect")
PARTICLES = _words("up out down off")

_VERBS = (
    _VERBS
    | EFFECT
    | ACT_ON
    | CAUSATIVE
    | WHEN_VERBS
    | LINKING
    | COMMON_PLURAL_VERBS
    | STRONG_IMPERATIVE
    | SAY_VERBS
    | HOW_VERBS
    | RECURSE_VERBS
    | PAIR_VERBS
    | _words("guide draw report")
)
_MATH_CHARS = re.compile(r"[=≈±×÷²³⁻¹ᵀ∇Σλσρεαβγδθμπφψωτ√∑∏∫‖|^<>≤≥∞∝−·]|[\d)]/[\d(]|\[")

_PAREN = re.compile(r"\s\([^()]*\)(?=[\s,.;:]|$)")
_EXAMPLE_START = re.compile(
    r"(?:,\s+(?:e\.?g\.?|i\.?e\.?|for example|for instance|such as)|\s(?:e\.g|i\.e))\s", re.I
)
META_LABELS = _words("pitfall note caveat tip warning gotcha trade-off tradeoff example beware mistake bonus")
_HARD_CUT = re.compile(r";|:\s|\s[—–]\s|\s-\s|\.\s")
_CLAUSE_CUT = re.compile(
    r",\s+(?:so|which|because|while|but|whereas|where|since|although|though|thus|hence|making|meaning|giving|"
    r"causing|leading|then|and|yet|unless|so that|as(?!\s+(?:in|with|for|of|a|an|the)\b)|not|rather|instead|with)\b"
)
_LABEL = re.compile(r"^\s*([A-Z][\w'’ -]{0,24}):\s+(?=\S)")
_WORD = re.compile(r"[a-z0-9]+")


def _is_math(token: str) -> bool:
    """A formula: maths symbols, a fraction, or unbalanced brackets ("max(0,"); not a lone Greek letter."""
    if len(token.strip(",;:")) == 1 and token.strip(",;:").isalpha():
        return False
    return bool(_MATH_CHARS.search(token)) or token.count("(") != token.count(")")


def _low(token: str) -> str:
    return token.lower().strip(",.;:!?\"'()")


@dataclass(frozen=True)
class Parsed:
    """A clause read as subject, verb and the words after the verb."""

    subject: list[str]
    verb: str  # lower-cased as written; "" when no verb was found
    after: list[str]
    negated: str = ""  # "not" / "never" before or after the verb
    listed: bool = False  # the verb opens a list of actions ("reasons, calls a tool, observes ...")


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


def _adverb(word: str) -> bool:
    if word in ADVERBS:
        return True
    return word not in _ADJECTIVES and (
        word.endswith("ly")
        and len(word) > 5
        and word.isalpha()
        and word not in _words("anomaly family assembly supply apply reply multiply comply poly only early")
    )


# Verbs


def _base(word: str) -> str | None:
    """The base form if `word` is a known verb's base or -s form ("applies" -> "apply"), else None."""
    w = _low(word)
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    direct = _direct_base(w)
    if direct is not None:
        return direct
    head, _, last = w.rpartition("-")
    if (
        head in _words("fine unit zero cross re co pre over under down up self hand double auto mis one")
        and last
    ):
        inner = _direct_base(last)
        if inner is not None:
            return f"{head}-{inner}"  # "fine-tunes", "zero-initialise", "cross-validate"
    for prefix in ("re", "pre", "over", "under", "un"):  # "re-estimates", "recomputes"
        if w.startswith(prefix) and len(w) >= len(prefix) + 3:
            inner = _base(w[len(prefix) :])
            if inner is not None and w[len(prefix) :] not in _VERBS | {inner + "s"} | _IRREGULAR.keys():
                continue
            if inner is not None:
                return prefix + inner
    if w.isalpha() and len(w) > 6:  # "parameterises", "classifies": verbs by their ending
        for ending, base in (("ises", "ise"), ("izes", "ize"), ("ifies", "ify")):
            if w.endswith(ending):
                return w[: -len(ending)] + base
        if w.endswith(("ise", "ize", "ify")) and not w.endswith(
            ("wise", "noise", "size", "prize", "premise")
        ):
            return w
    return None


def _direct_base(w: str) -> str | None:
    if w in _VERBS:
        return w
    if w.endswith("ies") and w[:-3] + "y" in _VERBS:
        return w[:-3] + "y"
    if w.endswith("es") and w[:-2] in _VERBS and w[:-2].endswith(_ES_STEMS):
        return w[:-2]
    if w.endswith("s") and w[:-1] in _VERBS:
        return w[:-1]
    return None


def _third_person(word: str) -> bool:
    w = _low(word)
    if w in _IRREGULAR:
        return w in ("has", "does", "goes", "is", "was")
    base = _base(w)
    return base is not None and base != w and w.endswith("s")


def _finite_verb(word: str) -> bool:
    """A verb form that is rarely a noun: a copula, a modal, or a non-noun verb."""
    if word in COPULAS | MODALS:
        return True
    base = _base(word)
    return base is not None and base.split("-")[-1] not in _NOUNISH and not word.endswith("ing")


def _plural(subject: list[str]) -> bool:
    if not subject:
        return False
    first, last = _low(subject[0]), _low(subject[-1])
    if first in _words("a an each every one this it any"):
        return False
    if first in PLURAL_WORDS or last in PLURAL_WORDS or first in _words("two three four five many several"):
        return True
    if any(_low(w) == "and" for w in subject):
        return True
    head = next((i for i, w in enumerate(subject) if i and _low(w) in PREPOSITIONS), None)
    if head is not None:
        nouns = [w for w in subject[:head] if not (_adverb(_low(w)) or _low(w).endswith("ed"))]
        last = _low(nouns[-1]) if nouns else last
    return last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 2


def _adjective(word: str) -> bool:
    if word in _ADJECTIVES:
        return True
    if not word.replace("-", "").isalpha() or not word.islower():
        return False
    if word.endswith(("-free", "-wise", "-based", "-like", "-aware")):
        return True
    if "-" in word and word.rsplit("-", 1)[1] in _ADJECTIVES:
        return True  # "permutation-invariant"
    if word.startswith(("non-", "un", "in", "im", "ir", "over", "under")) and _adjective(
        word.split("-", 1)[-1] if "-" in word else word[2:]
    ):
        return True
    return len(word) > 4 and word.endswith(_ADJ_SUFFIXES)


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


# Questions


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


def _existential(cop: str, rest: list[str]) -> str | None:
    words = [("any" if _low(w) == "no" else w) for w in rest]
    obj = _object([w for w in words if _low(w) not in ("not",)], limit=6)
    return f"{cop.capitalize()} there {_phrase(obj)}?" if obj else None


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


def _fallback(clause: str) -> str:
    topic = point_subject(clause)
    if not topic or _is_math(topic) or len(topic.split()) > 8:
        _, rest = _split_lead(clause.split())
        topic = _lower_first(_phrase(_topic_words(rest)))
    q = _finish(f"What can you tell me about {topic}?") if topic else ""
    return q if q and _fits(q) else "What else would you add to your answer?"


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


# Words and phrases

_ADJECTIVES = _words(
    "slow fast zero convex concave cheap hard easy small large big high low sparse dense safe unsafe stable unstable "
    "wrong right true false equal similar unbiased biased optimistic pessimistic naive symmetric asymmetric linear "
    "nonlinear non-linear robust invariant positive negative constant uniform finite infinite worse better more "
    "less same fine useful useless smooth noisy expensive costly quick deterministic random stochastic independent "
    "dependent correlated orthogonal differentiable proportional monotone monotonic interpretable calibrated "
    "consistent efficient inefficient stationary unbounded bounded optional necessary sufficient possible impossible "
    "likely unlikely common rare simple complex fixed able unable free harder easier faster slower cheaper larger "
    "smaller higher lower wider narrower greedy lazy heavy deep shallow plain raw wide narrow misleading "
    "memoryless unaffected undefined unreliable reliable enough misleading valid invalid exact approximate "
    "unchanged unsupervised supervised unidentifiable identifiable parallel sequential different efficient "
    "inefficient consistent inconsistent independent dependent sufficient insufficient significant relevant "
    "irrelevant important redundant convergent divergent equivariant invariant permanent transparent abundant "
    "constant apparent frequent recent present absent coherent stale equivalent confident"
)
_ADJ_SUFFIXES = ("al", "ive", "ble", "ic", "ous", "ful", "less", "ar")
_PARTICIPLES = _words(
    "chosen given known shown drawn taken made built set split run kept held found done seen put read fit cut spent "
    "sent led left lost paid told thought understood written hidden broken frozen grown thrown driven proven overfit "
    "bound spread"
)


def _participle(word: str) -> bool:
    w = word.lower()
    if w in _PARTICIPLES:
        return True
    if w in _ADJECTIVES or (w.startswith("un") and w.endswith("ed")):
        return False
    return (
        len(w) >= 4
        and w.endswith("ed")
        and w.replace("-", "").isalpha()
        and w not in _words("need feed shed")
    )


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
