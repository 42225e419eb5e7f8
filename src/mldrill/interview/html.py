"""Markdown to safe, self-contained HTML for reports: raw HTML in the markdown is escaped, code is highlighted by
Pygments with inline styles, `$…$` / `$$…$$` maths becomes MathML (or TeX in code style when it cannot be
converted), and links keep only http(s) and in-page targets. The result then goes through nh3 (ammonia) with an
allow-list of exactly what this renderer produces, so nothing the converters let through (latex2mathml copies
`\\text{…}` verbatim, `\\href` and `\\style` become attributes) reaches the page as markup. `markdown_markup` gives it
as `markupsafe.Markup` for the Jinja2 templates (src/mldrill/templates/), which escape everything else.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

import nh3
from markupsafe import Markup


def highlight(code: str, lang: str, _attrs: Any = None) -> str:
    """A code block highlighted by Pygments with inline styles (plain, escaped, when the language is unknown)."""
    from pygments import highlight as pyg_highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    name = (lang or "").strip().split()[0] if lang and lang.strip() else ""
    if name in ("latex", "tex", "math"):
        return f"<div class='math'>{math_html(code, True)}</div>"
    try:
        lexer = get_lexer_by_name(name) if name else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return f"<pre><code>{html.escape(code)}</code></pre>"
    formatter = HtmlFormatter(noclasses=True, nowrap=True, style="friendly")
    return f"<pre class='code'><code>{pyg_highlight(code, lexer, formatter)}</code></pre>"


_ARG = re.compile(r"\\arg(?:\\(max|min))?(?![A-Za-z])")  # \arg is unknown to the converter
_UNKNOWN_COMMAND = re.compile(r">\\[A-Za-z]+<")  # a command the converter left as text


def math_html(tex: str, display: bool) -> str:
    """MathML for a TeX formula, or the TeX itself in code style when it cannot be converted."""
    try:
        from latex2mathml.converter import convert

        source = _ARG.sub(
            lambda m: r"\mathrm{arg\," + m.group(1) + "}" if m.group(1) else r"\mathrm{arg}", tex.strip()
        )
        mathml = str(convert(source, display="block" if display else "inline"))
        if not _UNKNOWN_COMMAND.search(mathml):
            return mathml
    except Exception:  # not installed, or TeX it cannot parse: fall back to the source
        pass
    escaped = html.escape(tex.strip())
    return (
        f"<pre><code class='tex'>{escaped}</code></pre>" if display else f"<code class='tex'>{escaped}</code>"
    )


@lru_cache(maxsize=2)
def _parser(breaks: bool) -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": False, "breaks": breaks, "highlight": highlight})
    md.enable("table")
    md.enable("strikethrough")
    dollarmath_plugin(
        md,
        allow_digits=False,
        renderer=lambda content, options: math_html(content, bool(options.get("display_mode"))),
    )
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


def _safe_link(url: str) -> bool:
    lowered = url.strip().lower()
    return lowered.startswith(("http://", "https://", "#"))


def markdown_to_html(text: str, breaks: bool = False) -> str:
    """Sanitised HTML for a markdown text."""
    return sanitise(str(_parser(breaks).render(text or "")))


def markdown_markup(text: str, breaks: bool = False) -> Markup:
    """`markdown_to_html` marked safe for a template, so autoescape leaves it as it is."""
    return Markup(markdown_to_html(text, breaks))


# What the renderer above produces, and nothing else.
_HTML_TAGS = {
    *("p", "br", "hr", "em", "strong", "s", "del", "code", "pre", "blockquote", "a", "span", "div"),
    *("ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"),
    *("table", "thead", "tbody", "tr", "th", "td"),
}
# What latex2mathml emits (its converter and command tables).
MATHML_TAGS = {
    *("math", "semantics", "annotation", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace"),
    *("msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover"),
    *("mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose", "merror"),
}
_MATHML_ATTRIBUTES = {
    *("display", "mathvariant", "mathsize", "fence", "form", "stretchy", "largeop", "movablelimits"),
    *("minsize", "maxsize", "separator", "lspace", "rspace", "accent", "linethickness", "notation"),
    *("width", "height", "depth", "voffset", "displaystyle", "scriptlevel", "columnalign"),
    *("columnlines", "columnspacing", "rowlines", "rowspacing", "encoding"),
}  # not href, style or class: `\\href{javascript:…}`, `\\style{…}` would pass them through
_ATTRIBUTES = {
    "a": {"href"},
    "ol": {"start"},
    "pre": {"class"},
    "code": {"class"},
    "div": {"class"},
    "span": {"class", "style"},  # Pygments' inline styles
    "th": {"style"},  # column alignment in tables
    "td": {"style"},
    **{tag: set(_MATHML_ATTRIBUTES) for tag in MATHML_TAGS},
}
_STYLE_PROPERTIES = {"color", "background-color", "font-weight", "font-style", "text-decoration", "border"}


def _in_page_only(url: str) -> str | None:
    return url if url.startswith("#") else None


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=_HTML_TAGS | MATHML_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https"},
        url_relative=_in_page_only,
        tag_attribute_values={"math": {"xmlns": {"http://www.w3.org/1998/Math/MathML"}}},
        link_rel=None,
        filter_style_properties=_STYLE_PROPERTIES | {"text-align"},
    )


def sanitise(fragment: str) -> str:
    """An HTML fragment with only the tags, attributes, URL schemes and style properties listed above."""
    return _cleaner().clean(fragment)
