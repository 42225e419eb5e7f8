"""Plain-text helpers for the grader: words, stems, stop words, negation cues and sentence splitting.

Everything here is pure Python and cheap to import.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Sentence ends: ., !, ? or ; followed by white space; also line breaks.
_SENT_END_RE = re.compile(r"(?<=[.!?;])\s+(?=[\"'(\[A-Za-z0-9*`$-])|\n+")
_ABBREV_END_RE = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|fig|eq|resp|al)\.|\b[A-Za-z]\.)$", re.I)

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each either else ever every few for from
    further had has have having he her here hers herself him himself his how i if in into is it its itself
    just let like may me might more most much must my myself nor now of off on once only or other our ours
    ourselves out over own per quite rather really same she should so some such than that the their theirs
    them themselves then there these they this those through thus to too under until up upon us very was we
    were what when where whether which while who whom whose why will with within would yet you your yours
    yourself yourselves one ones get gets got make makes made use used uses using way thing things something
    lot lots kind sort mean means basically actually simply well also etc e g ie eg via s
    """.split()
)

# Words that turn a statement around. Contractions are matched by their "n't" ending as well.
NEGATIONS = frozenset(
    """
    not no never none nothing neither nor cannot cant dont doesnt didnt isnt arent wasnt werent wont wouldnt
    shouldnt couldnt hasnt havent hadnt without nobody nowhere fails fail unable
    """.split()
)

# Pairs of words whose swap usually flips the meaning of a technical statement.
_ANTONYM_PAIRS = [
    ("increase", "decrease"),
    ("increase", "reduce"),
    ("increase", "lower"),
    ("high", "low"),
    ("higher", "lower"),
    ("large", "small"),
    ("larger", "smaller"),
    ("big", "small"),
    ("bigger", "smaller"),
    ("more", "less"),
    ("more", "fewer"),
    ("most", "least"),
    ("positive", "negative"),
    ("open", "closed"),
    ("open", "close"),
    ("series", "parallel"),
    ("true", "false"),
    ("always", "never"),
    ("same", "different"),
    ("add", "remove"),
    ("above", "below"),
    ("before", "after"),
    ("fast", "slow"),
    ("faster", "slower"),
    ("hot", "cold"),
    ("warm", "cool"),
    ("heavy", "light"),
    ("strong", "weak"),
    ("stronger", "weaker"),
    ("sparse", "dense"),
    ("maximize", "minimize"),
    ("maximum", "minimum"),
    ("max", "min"),
    ("gain", "lose"),
    ("attract", "repel"),
    ("conductor", "insulator"),
    ("connected", "disconnected"),
    ("connected", "separated"),
    ("inside", "outside"),
    ("expand", "contract"),
    ("accept", "reject"),
    ("correct", "incorrect"),
    ("dependent", "independent"),
]


def _build_concepts() -> dict[str, tuple[str, int]]:
    """stem -> (concept, sign): the two words of an antonym pair share a concept with opposite signs."""
    table: dict[str, tuple[str, int]] = {}
    for a, b in _ANTONYM_PAIRS:
        sa, sb = stem(a), stem(b)
        if sa in table and sb not in table:
            concept, sign = table[sa]
            table[sb] = (concept, -sign)
        elif sb in table and sa not in table:
            concept, sign = table[sb]
            table[sa] = (concept, -sign)
        elif sa not in table:
            table[sa] = ("~" + sa, 1)
            table[sb] = ("~" + sa, -1)
    return table


_IRREGULAR = {
    "children": "child",
    "data": "data",
    "analyses": "analysis",
    "bases": "basis",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "indices": "index",
    "matrices": "matrix",
    "vertices": "vertex",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "been": "be",
    "men": "man",
    "feet": "foot",
    "mice": "mouse",
}
_VOWELS = set("aeiouy")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stemmer: folds plurals, -ing, -ed, -ly, -ation and a final -e.

    It aims at matching "evaporates", "evaporated", "evaporating" and "evaporation", not at linguistic accuracy.
    """
    w = word.lower().replace("'", "")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "shes", "ches", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")):
        w = w[:-1]
    for suffix, repl in (
        ("izations", "iz"),
        ("ization", "iz"),
        ("ational", "at"),
        ("ations", "at"),
        ("ation", "at"),
        ("ingly", ""),
        ("edly", ""),
        ("ness", ""),
        ("sions", "s"),
        ("sion", "s"),
        ("tions", "t"),
        ("tion", "t"),
        ("ing", ""),
        ("ed", ""),
        ("ly", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and _VOWELS & set(w[: -len(suffix)]):
            w = w[: -len(suffix)] + repl
            if suffix in ("ing", "ed") and len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # running -> run, stopped -> stop
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    if w.endswith("y") and len(w) > 4:
        w = w[:-1] + "i"
    return w


CONCEPTS = _build_concepts()  # concepts of antonym pairs start with '~'


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits, contractions kept whole)."""
    return _WORD_RE.findall(text.lower())


# Technical terms that are each other's counterpart: an answer that puts one where the point has the other
# ("L2 sets weights exactly to zero", "MLE maximises the posterior") states the point wrongly.
_COUNTERPARTS = [
    ("precision", "recall"),
    ("mle", "map"),
    ("likelihood", "posterior"),
    ("prior", "posterior"),
    ("bias", "variance"),
    ("bagging", "boosting"),
    ("overfitting", "underfitting"),
    ("overfit", "underfit"),
    ("lasso", "ridge"),
    ("encoder", "decoder"),
    ("generative", "discriminative"),
    ("supervised", "unsupervised"),
    ("numerator", "denominator"),
    ("row", "column"),
    ("bfs", "dfs"),
    ("coincide", "differ"),
    ("converge", "diverge"),
    ("laplace", "gaussian"),
    ("laplacian", "gaussian"),
    ("lazy", "eager"),
    ("lazily", "eagerly"),
    ("mutable", "immutable"),
    ("shallow", "deep"),
    ("weak", "strong"),
    ("bf16", "fp16"),
    ("fp32", "fp16"),
    ("causal", "bidirectional"),
    ("autoregressive", "bidirectional"),
    ("forward", "backward"),
    ("collaborative", "content"),
    ("stack", "queue"),
    ("breadth", "depth"),
    ("rows", "columns"),
    ("convex", "concave"),
    ("parallel", "sequential"),
    ("stateless", "stateful"),
    ("vanishing", "exploding"),
    ("global", "local"),
    ("online", "offline"),
    ("synchronous", "asynchronous"),
    ("sensitivity", "specificity"),
    ("exploration", "exploitation"),
    ("explore", "exploit"),
    ("horizontal", "vertical"),
    ("additive", "multiplicative"),
    ("linear", "quadratic"),
    ("linear", "exponential"),
    ("left", "right"),
    ("first", "last"),
    ("input", "output"),
    ("inputs", "outputs"),
    ("upper", "lower"),
    ("l1", "ridge"),
    ("l2", "lasso"),
    ("absolute", "squared"),
    ("independently", "sequentially"),
    ("independent", "sequential"),
    ("parallel", "sequentially"),
    ("fp", "fn"),
    ("tp", "tn"),
    ("tpr", "fpr"),
    ("harmonic", "arithmetic"),
    ("geometric", "arithmetic"),
    ("mean", "median"),
    ("increases", "decreases"),
    ("raises", "lowers"),
    ("up", "down"),
    ("wide", "narrow"),
    ("smooth", "wiggly"),
    ("early", "late"),
    ("before", "after"),
    ("minimum", "maximum"),
    ("minimises", "maximises"),
    ("minimizes", "maximizes"),
    ("underestimate", "overestimate"),
]

_CLAUSE_RE = re.compile(
    r"[,;:()\[\]—–]|\s-\s|\b(?:while|whereas|but|although|though|however|unlike|instead)\b", re.I
)


def clauses(text: str) -> list[str]:
    """A sentence cut at commas, semicolons, dashes, brackets and contrast words ("while", "whereas", ...)."""
    return [c.strip() for c in _CLAUSE_RE.split(text) if c and c.strip()]


_COUNTER_STEMS: set[tuple[str, str]] = set()
_INDEXED_RE = re.compile(r"([a-z]+)(\d+)")

# Verbs that turn the next concept around like a negation, for polarity only: "stops improving" says
# what "has not improved" says.
POLARITY_FLIPS = frozenset("stops stopped ceases ceased".split())


def counterparts(a: str, b: str) -> bool:
    """Two stems that name counterpart terms: L1 / L2, precision / recall, MLE / MAP, ..."""
    if not _COUNTER_STEMS:
        for x, y in _COUNTERPARTS:
            _COUNTER_STEMS.update({(stem(x), stem(y)), (stem(y), stem(x))})
    if (a, b) in _COUNTER_STEMS:
        return True
    ma, mb = _INDEXED_RE.fullmatch(a), _INDEXED_RE.fullmatch(b)
    return bool(ma and mb and ma.group(1) == mb.group(1) and ma.group(2) != mb.group(2))


def swapped_terms(point: frozenset[str], unit: frozenset[str]) -> bool:
    """The unit lacks a term of the point and has its counterpart instead (and does not name both sides of
    that pair, as "lasso adds absolute values, ridge squares" does)."""
    missing = point - unit
    extra = unit - point
    for y in extra:
        if any(counterparts(x, y) for x in missing) and not any(counterparts(y, z) for z in unit):
            return True
    return False


def is_negation(token: str) -> bool:
    return token in NEGATIONS or token.endswith("n't")


def content_stems(tokens: list[str]) -> list[str]:
    """Stems of the tokens that carry meaning: no stop words, no negations, no one-letter tokens."""
    return [
        stem(t) for t in tokens if t not in STOPWORDS and not is_negation(t) and (len(t) > 1 or t.isdigit())
    ]


def negation_count(tokens: list[str]) -> int:
    return sum(1 for t in tokens if is_negation(t))


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences, keeping abbreviations such as "e.g." inside their sentence."""
    parts = _SENT_END_RE.split(text)
    out: list[str] = []
    carry = ""
    for part in parts:
        piece = (carry + " " + part).strip() if carry else part.strip()
        if not piece:
            continue
        if _ABBREV_END_RE.search(piece) and len(piece) < 400:
            carry = piece
            continue
        carry = ""
        out.append(piece)
    if carry:
        out.append(carry)
    return [s for s in out if any(ch.isalnum() for ch in s)]
