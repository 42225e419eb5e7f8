"""The follow-up's lexicon: the function-word lists, the verb lexicon and the word tests built on them (is this
token a verb's base or -s form, an adjective, an adverb, a participle, a formula)."""

from __future__ import annotations

import re


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
META_LABELS = _words("pitfall note caveat tip warning gotcha trade-off tradeoff example beware mistake bonus")


# Adjectives and participles

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


# Word tests


def _is_math(token: str) -> bool:
    """A formula: maths symbols, a fraction, or unbalanced brackets ("max(0,"); not a lone Greek letter."""
    if len(token.strip(",;:")) == 1 and token.strip(",;:").isalpha():
        return False
    return bool(_MATH_CHARS.search(token)) or token.count("(") != token.count(")")


def _low(token: str) -> str:
    return token.lower().strip(",.;:!?\"'()")


def _adverb(word: str) -> bool:
    if word in ADVERBS:
        return True
    return word not in _ADJECTIVES and (
        word.endswith("ly")
        and len(word) > 5
        and word.isalpha()
        and word not in _words("anomaly family assembly supply apply reply multiply comply poly only early")
    )


# Verb forms


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
