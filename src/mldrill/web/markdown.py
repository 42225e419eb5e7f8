"""Markdown to safe HTML for the browser. Imported banks are untrusted: raw HTML in the markdown is shown as text,
links keep only http(s) and in-page targets, and the whole result goes through nh3 with an allow-list of exactly
what this renderer produces. Code is highlighted by Pygments with CSS classes (static/pygments.css; the CSP forbids
inline styles); `$…$` and `$$…$$` maths is left as escaped TeX in `.math` elements that KaTeX renders in the page.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

import nh3
from markupsafe import Markup


def _highlight(code: str, lang: str, _attrs: Any = None) -> str:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    name = lang.strip().split()[0] if lang and lang.strip() else ""
    if name in ("latex", "tex", "math"):
        return f'<div class="math math-display">{html.escape(code)}</div>'
    try:
        lexer = get_lexer_by_name(name) if name else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return f"<pre><code>{html.escape(code)}</code></pre>"
    return f'<pre class="highlight"><code>{highlight(code, lexer, HtmlFormatter(nowrap=True))}</code></pre>'


def _math(content: str, options: dict[str, Any]) -> str:
    if options.get("display_mode"):
        return f'<div class="math math-display">{html.escape(content)}</div>'
    return f'<span class="math math-inline">{html.escape(content)}</span>'


def _safe_link(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://", "#"))


@lru_cache(maxsize=2)
def _parser(breaks: bool) -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": False, "breaks": breaks, "highlight": _highlight})
    md.enable("table")
    md.enable("strikethrough")
    dollarmath_plugin(md, allow_digits=False, renderer=_math)
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


_TAGS = {
    *("p", "br", "hr", "em", "strong", "s", "del", "code", "pre", "blockquote", "a", "span", "div", "img"),
    *("ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td"),
}
_CLASSES = {"highlight", "math", "math-inline", "math-display"}


def _in_page_only(url: str) -> str | None:
    return url if url.startswith("#") else None


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=_TAGS,
        attributes={"a": {"href", "title"}, "img": {"alt", "title"}, "ol": {"start"}},
        generic_attribute_prefixes=None,
        allowed_classes={
            "pre": {"highlight"},
            "div": _CLASSES,
            "span": _CLASSES | _PYGMENTS_CLASSES,
        },
        url_schemes={"http", "https"},
        url_relative=_in_page_only,
        link_rel="noopener noreferrer nofollow",
    )


# Pygments' short token classes (HtmlFormatter's STANDARD_TYPES values).
def _pygments_classes() -> set[str]:
    from pygments.token import STANDARD_TYPES

    return {name for name in STANDARD_TYPES.values() if name}


_PYGMENTS_CLASSES = _pygments_classes()


def markdown_html(text: str, breaks: bool = False) -> str:
    """Sanitised HTML for a markdown text (images lose their source: nothing is fetched from elsewhere)."""
    return _cleaner().clean(str(_parser(breaks).render(text or "")))


def markdown_markup(text: str | None, breaks: bool = False) -> Markup:
    return Markup(markdown_html(text or "", breaks))
