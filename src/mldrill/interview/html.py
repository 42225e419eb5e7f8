"""Markdown to safe, self-contained HTML for reports: raw HTML in the markdown is escaped, code is highlighted by
Pygments with inline styles, `$…$` / `$$…$$` maths becomes MathML (or TeX in code style when it cannot be
converted), and links keep only http(s) and in-page targets.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

_CSS = """
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 72rem;
  padding: 0 1.5rem; color: #1d2430; background: #fff; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin: .4rem 0; color: #374151; }
.meta { color: #5b6472; font-size: .9rem; } .overall { font-size: 1.2rem; }
table { border-collapse: collapse; } td, th { border: 1px solid #d6dae1; padding: .25rem .6rem; text-align: left; }
section.q { border-top: 2px solid #e5e7eb; padding-top: .5rem; margin-top: 1.5rem; }
section.overtime h2 { color: #9a3412; }
.points { list-style: none; padding-left: 0; } .hit { color: #166534; } .missed, .contradicted { color: #991b1b; }
.points .why { color: #5b6472; font-size: .9rem; }
.unsure { border-left: 4px solid #f59e0b; background: #fffbeb; padding: .3rem .8rem; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1.2rem; }
.pair > div { border: 1px solid #e5e7eb; border-radius: 6px; padding: .3rem .9rem; overflow-x: auto; min-width: 0; }
.mine { background: #f8fafc; } .model { background: #f7fdf9; }
.followup { margin-top: .8rem; border-left: 4px solid #93c5fd; padding-left: .9rem; }
blockquote { margin: .3rem 0; font-style: italic; }
pre { padding: .6rem .8rem; border-radius: 5px; overflow-x: auto; background: #f6f8fa; font-size: .85rem; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .88em; }
code.tex { background: #fdf6e3; padding: 0 .2em; border-radius: 3px; }
div.math { overflow-x: auto; overflow-y: hidden; margin: .6rem 0; padding: .2rem 0; text-align: center; }
math { font-size: 1.1em; } .empty, .why { color: #6b7280; font-style: italic; }
@media (max-width: 50rem) { .pair { grid-template-columns: 1fr; } }
"""

# No script, no fetch of any kind: inline styles only, images only from data: URLs.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{_CSP}\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


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
    return str(_parser(breaks).render(text or ""))
