"""Normalise what sources say about a question: difficulty, companies, time budget, question-likeness."""

from __future__ import annotations

import re

_DIFFICULTY_WORDS = {
    "easy": "easy",
    "basic": "easy",
    "beginner": "easy",
    "simple": "easy",
    "e": "easy",
    "medium": "medium",
    "intermediate": "medium",
    "moderate": "medium",
    "m": "medium",
    "hard": "hard",
    "difficult": "hard",
    "advanced": "hard",
    "expert": "hard",
    "h": "hard",
}
_DIFFICULTY_EMOJI = {"🟢": "easy", "🟡": "medium", "🟠": "medium", "🔴": "hard", "⭐": None}

KNOWN_COMPANIES = {
    c.lower(): c
    for c in (
        "Google Meta Facebook Amazon Microsoft Apple Netflix Uber Lyft Airbnb LinkedIn Twitter OpenAI "
        "DeepMind Anthropic Nvidia NVIDIA Tesla Salesforce Adobe IBM Intel Spotify Pinterest Snap Snapchat "
        "Stripe Shopify Flipkart Swiggy Zomato Ola Paytm OYO WhatsApp Slack Instagram ByteDance TikTok "
        "Alibaba Baidu Tencent Yahoo eBay Walmart Oracle Samsung Qualcomm Databricks Snowflake Zillow Expedia "
        "Booking Quora Reddit Dropbox Twitch Yelp Bloomberg Citadel Cohere Mistral Palantir Instacart "
        "DoorDash Coinbase Robinhood Atlassian Intuit Cisco VMware Huawei Amex Visa Mastercard PayPal"
    ).split()
}
KNOWN_COMPANIES.update(
    {"hugging face": "Hugging Face", "jane street": "Jane Street", "two sigma": "Two Sigma"}
)
COMPANY_ALIASES = {"facebook": "Meta", "fb": "Meta", "meta ai": "Meta AI"}

INTERROGATIVES = (
    "what what's whats why how when where which who whom whose is are do does did can could should would "
    "will was were have has shall may might"
).split()
TASK_VERBS = (
    "explain describe compare contrast define discuss give list name implement write design build derive "
    "prove show calculate compute estimate find remove reverse invert outline walk tell state summarize "
    "summarise differentiate distinguish justify illustrate sketch draw suppose assume imagine consider "
    "propose suggest identify evaluate analyse analyze solve code detect predict choose given create talk pick "
    "interpret simulate"
).split()
_PLACEHOLDERS = re.compile(
    r"^(?:tbc|tbd|todo|to-?do|to be (?:filled|added|done|written|completed)(?: in)?(?: later| soon)?|"
    r"answer here|your answer here|add (?:your |an )?answer(?: here)?|not answered|no answer(?: yet)?|"
    r"coming soon|wip|work in progress|pending|n/?a|answer|solution|\.{3}|…|-+|_+|\?+)[.!:]*$",
    re.I,
)
# "Answer:", "**A**:", "- *A:*", "Solution:" at the start of an answer or of one of its lines
ANSWER_LABEL = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?[*_]*[ \t]*(?:A|Ans|Answer|Solution|Sol)[ \t]*\d*[ \t]*[*_]*[ \t]*[:.)][*_]*[ \t]*",
    re.I,
)
_TODO_LINE = re.compile(
    r"^(?:todo|to-?do|tbd|review|revisit|read up|look up|look into|learn|study|practice|practise|"
    r"entender|hacer|revisar|estudiar|leer|repasar|buscar|aprender|practicar|investigar|mirar)\b",
    re.I,
)
_LIST_NUMBER = re.compile(r"^\s*(?:\d+[.)]|[-*+])(?:\s+|$)")
_OPTION = re.compile(r"^\s*(?:\(?(?:[ivx]{1,4}|[a-h])\)|\[[ x]\])\s+\S", re.I)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]+)[^)]*\)")
_URL = re.compile(r"https?://\S+")
# an HTML table or figure that frames an image: its caption is not an answer
_FIGURE = re.compile(r"<(table|figure)\b(?:(?!</\1>).)*?<img\b.*?</\1>", re.I | re.S)


_LEVEL_WORDS = "easy|medium|hard|beginner|intermediate|expert|advanced|difficult"
_SYMBOL = r"[^\w\s\[\](){}|:;,.!?*_`'\"<>=/\\#-]{1,3}"
_LEGEND_PAIR = re.compile(
    rf"({_SYMBOL})\s*[-=:]?\s*\**({_LEVEL_WORDS})\b|\b({_LEVEL_WORDS})\**\s*[-=:]?\s*({_SYMBOL})(?=\s|$|,|;)",
    re.I,
)
_BRACKET_LEVEL = re.compile(r"\s*[(\[]\s*(easy|medium|hard|beginner|intermediate|advanced)\s*[)\]]\s*", re.I)


def _symbol(s: str) -> str:
    return s.replace("\ufe0f", "").strip()


def difficulty_legend(text: str) -> dict[str, str]:
    """Symbols a document defines for difficulty ('Legend: 👶 easy ⭐️ medium 🚀 expert') -> level.

    A legend is one line naming at least two symbol/level pairs with different levels.
    """
    legend: dict[str, str] = {}
    for line in text.split("\n")[:400]:
        if len(line) > 300:
            continue
        pairs: dict[str, str] = {}
        for m in _LEGEND_PAIR.finditer(line):
            sym, word = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            level = _DIFFICULTY_WORDS.get(word.lower())
            sym = _symbol(sym)
            if level and sym and not sym.isascii():
                pairs[sym] = level
        if len(set(pairs.values())) >= 2:
            legend.update(pairs)
    return legend


def take_difficulty(title: str, legend: dict[str, str]) -> tuple[str | None, str]:
    """A difficulty marker in a question title ('... 👶', '🟢 ...', '(Hard)') -> (level, title without it)."""
    level = None
    symbols = {**{k: v for k, v in _DIFFICULTY_EMOJI.items() if v}, **legend}
    plain = title.replace("\ufe0f", "")
    for sym, lvl in symbols.items():
        if sym in plain:
            level = level or lvl
            plain = plain.replace(sym, " ")
    m = _BRACKET_LEVEL.search(plain)
    if m and (m.end() == len(plain) or m.start() == 0):
        level = level or _DIFFICULTY_WORDS.get(m.group(1).lower(), "hard")
        plain = plain[: m.start()] + " " + plain[m.end() :]
    if level is None:
        return None, title
    return level, re.sub(r"\s{2,}", " ", plain).strip()


def label_difficulty(text: str, legend: dict[str, str]) -> str | None:
    """The difficulty a section label gives ('🟢 Easy questions', 'Hard', '[M]'), strictly: None for 'Basics'."""
    level, _ = take_difficulty(text, legend)
    if level:
        return level
    m = re.search(r"\[([EMH])\]", text)
    if m:
        return _DIFFICULTY_WORDS[m.group(1).lower()]
    m2 = re.search(r"\b(easy|medium|hard|beginner|intermediate|expert)\b", text, re.I)
    return _DIFFICULTY_WORDS.get(m2.group(1).lower(), "hard") if m2 else None


def difficulty_of(text: str) -> str | None:
    """Map '🟡 Medium', '[H]', 'Difficulty: Hard', 'Beginner' to easy / medium / hard."""
    for emoji, level in _DIFFICULTY_EMOJI.items():
        if emoji in text and level:
            return level
    m = re.search(r"\[([EMH])\]", text)
    if m:
        return _DIFFICULTY_WORDS[m.group(1).lower()]
    for word in re.findall(r"[A-Za-z]+", text):
        level = _DIFFICULTY_WORDS.get(word.lower())
        if level and len(word) > 1:
            return level
    return None


def minutes_of(text: str) -> float | None:
    """'5 min', '3-5 minutes', '1 h', '90s' -> minutes."""
    m = re.search(
        r"(\d+(?:\.\d+)?)\s*(?:[-–]\s*(\d+(?:\.\d+)?))?\s*(h|hr|hours?|m|mins?|minutes?|s|secs?)\b",
        text,
        re.I,
    )
    if not m:
        m2 = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*", text)
        return float(m2.group(1)) if m2 else None
    lo = float(m.group(1))
    hi = float(m.group(2)) if m.group(2) else lo
    value = (lo + hi) / 2
    unit = m.group(3).lower()
    if unit.startswith("h"):
        value *= 60
    elif unit.startswith("s"):
        value /= 60
    return round(value, 2)


def split_list(text: str) -> list[str]:
    """'`A`, `B` and C' -> ['A', 'B', 'C']."""
    text = text.replace("`", "").strip().rstrip(".")
    parts = re.split(r"\s*[,;/|]\s*|\s+and\s+", text)
    return [p.strip(" *_") for p in parts if p.strip(" *_")]


def company_name(name: str) -> str | None:
    """A company name as written (trimmed), or None for things that are not one ('Most Tech Companies')."""
    name = name.strip(" *_`.()")
    if not name or len(name) > 40 or re.search(r"\bcompanies\b|\bmost\b|\bvarious\b|\bother\b", name, re.I):
        return None
    return name


def known_company(label: str) -> str | None:
    """A label like 'Google' or 'Meta' -> the company; tags like 'Common' or 'NLP/CV' -> None."""
    return KNOWN_COMPANIES.get(label.strip().lower())


def normalize_companies(names: list[str], aliases: dict[str, str]) -> list[str]:
    out: list[str] = []
    for n in names:
        c = company_name(n)
        if c is None:
            continue
        c = aliases.get(c.lower(), c)
        if c not in out:
            out.append(c)
    return out


_TAG = re.compile(r"<[^>]+>")
_MARKS = re.compile(r"[*_`]+")
_SPACES = re.compile(r"\s+")


def strip_markup(text: str) -> str:
    """Plain text of a line of markdown: links to their text, emphasis and code marks removed."""
    if "](" in text:
        text = _MD_LINK.sub(lambda m: m.group(1), text)
    if "<" in text:
        text = _TAG.sub("", text)
    return _SPACES.sub(" ", _MARKS.sub("", text)).strip()


def first_word(text: str) -> str:
    text = re.sub(r"^[\s\"'“”‘’(\[]+", "", text)
    m = re.match(r"[A-Za-z']+", text)
    return m.group(0).lower() if m else ""


def looks_like_question(text: str, *, strict: bool = False) -> bool:
    """Does this heading / item read as an interview question?

    Loose: a '?', an interrogative or a task verb first ("Explain ...", "Find ..."). Strict (for notes, where
    most lines are statements): an interrogative first word and a '?' (or "how to"/"what to do" forms),
    at least three words, not a 'Label: question' definition, not about 'this'/'it'.
    """
    plain = strip_markup(text).replace("？", "?")
    if not plain:
        return False
    word = first_word(plain)
    words = plain.split()
    if strict:
        if len(words) < 3 or word not in INTERROGATIVES[:9]:
            return False
        if re.match(r"^[^?]{1,30}:\s", plain):
            return False
        if re.search(r"\b(?:is|are|does|do)\s+(?:this|that|it)\b", plain, re.I):
            return False
        return plain.rstrip().endswith("?") or bool(re.match(r"^(how to|what to do)\b", plain, re.I))
    if plain.rstrip(" *").endswith(":"):
        return False
    if "?" in plain:
        return True
    return word in INTERROGATIVES or word in TASK_VERBS


def is_placeholder(text: str) -> bool:
    plain = strip_markup(text).strip().strip("[](){}<>*_ ")
    return not plain or bool(_PLACEHOLDERS.match(plain))


def has_substance(markdown: str) -> bool:
    """Does this answer say something? Placeholders, to-do notes, bare links, hints, answer labels and the
    choices of a multiple-choice question ('(ii) Stacking') are not answers."""
    body = re.sub(r"```[^\n]*\n?|~~~[^\n]*\n?", "\n", markdown)
    body = _FIGURE.sub("\n", body)
    words = 0
    for line in body.split("\n"):
        line = _MD_LINK.sub("", line)
        line = _URL.sub("", line)
        line = ANSWER_LABEL.sub("", _LIST_NUMBER.sub("", line))
        line = _LIST_NUMBER.sub("", strip_markup(line)).strip()
        if (
            not line
            or is_placeholder(line)
            or _TODO_LINE.match(line)
            or line.endswith("?")
            or _OPTION.match(line)
        ):
            continue
        words += len(line.split())
        if re.fullmatch(r"[-+~≈]?\s*[\d.,/^*()%$=<>+\s-]*\d[\d.,/^*()%$=<>+\s-]*", line):
            words += 1  # a number or a formula is an answer on its own ('1/3', '100+60-20=140')
    return words >= 2


def links_in(text: str) -> list[tuple[str, str]]:
    return [
        (m.group(1) or m.group(2), m.group(2))
        for m in _MD_LINK.finditer(text)
        if m.group(2).startswith("http")
    ]


def slug(text: str) -> str:
    """'Model Evaluation' -> 'model-evaluation' (a topic path segment)."""
    text = _TAG.sub("", text)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]
