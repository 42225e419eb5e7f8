"""TeX maths in terminal text: $…$, $$…$$, \\(…\\) and \\[…\\] spans become readable Unicode (pylatexenc).

Only for the terminal; JSON and the store keep the TeX source. Code (fenced blocks, `inline code`) is left alone,
and a `$` is only maths by pandoc's rule: `$x$` with no space inside the dollars and no digit right after
the closing one, so "$5 and $10" stays money.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_SPANS = re.compile(
    r"(?P<fence>^[ \t]*(?P<mark>`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*(?P=mark)[ \t]*$|\Z))"
    r"|(?P<code>(?P<ticks>`+)[^`].*?(?P=ticks))"
    r"|\$\$(?P<display>.+?)\$\$"
    r"|\\\[(?P<bracket>.+?)\\\]"
    r"|\\\((?P<paren>.+?)\\\)"
    r"|(?<![\\$\w])\$(?P<inline>[^\s$](?:[^$\n]*?[^\s$\\])?)\$(?![$\d])",
    re.DOTALL | re.MULTILINE,
)
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark may be \-escaped


_TWO_ARGUMENTS = ("frac", "dfrac", "tfrac")
_ONE_ARGUMENT = ("operatorname",)


@lru_cache(maxsize=1)
def _tools() -> tuple[Any, Any]:
    """pylatexenc's parser context (with the macros it does not know) and a converter to text."""
    from pylatexenc import latexwalker, macrospec
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    parsing = latexwalker.get_default_latex_context_db()
    parsing.add_context_category(
        "mldrill",
        prepend=True,
        macros=[macrospec.MacroSpec(name, "{{") for name in _TWO_ARGUMENTS]
        + [macrospec.MacroSpec(name, "{") for name in _ONE_ARGUMENT],
    )

    def fraction(node: Any, l2tobj: Any) -> str:
        """a/b, with parentheses around a part longer than one symbol: 1/(1+e^{-z})."""
        args = node.nodeargd.argnlist[-2:]
        parts = [
            l2tobj.nodelist_to_text(a.nodelist if a.isNodeType(latexwalker.LatexGroupNode) else [a]).strip()
            for a in args
            if a is not None
        ]
        return "/".join(p if len(p) <= 1 or p.isalnum() else f"({p})" for p in parts)

    text = get_default_latex_context_db()
    text.add_context_category(
        "mldrill",
        prepend=True,
        macros=[MacroTextSpec(name, simplify_repl=fraction) for name in _TWO_ARGUMENTS]
        + [MacroTextSpec(name, "%s") for name in _ONE_ARGUMENT]
        + [MacroTextSpec("|", "‖"), MacroTextSpec("arg", "arg")],  # \| (a norm), \arg: no text by default
    )

    class Converter(LatexNodes2Text):
        def nodelist_to_text(self, nodelist: Any) -> str:
            """As pylatexenc, but the space written after a bare macro is kept before another macro too:
            `\\log \\sigma` is "log σ", not "logσ"."""
            spaced = []
            for node, following in zip(nodelist, [*nodelist[1:], None], strict=True):
                spaced.append(node)
                if (
                    node.isNodeType(latexwalker.LatexMacroNode)
                    and not any(a is not None for a in getattr(node.nodeargd, "argnlist", None) or [])
                    and node.macro_post_space
                    and following is not None
                    and not following.isNodeType(latexwalker.LatexCharsNode)
                ):
                    spaced.append(latexwalker.LatexCharsNode(parsing_state=node.parsing_state, chars=" "))
            return str(super().nodelist_to_text(spaced))

    converter = Converter(
        latex_context=text,
        math_mode="text",
        strict_latex_spaces="based-on-source",  # x \le y -> "x ≤ y", not "x ≤y"
        keep_braced_groups=True,
        keep_braced_groups_minlen=2,  # e^{-z} keeps its braces, x_i needs none
    )
    return parsing, converter


def tex_to_text(tex: str) -> str:
    """One formula as Unicode text (its source, trimmed, when pylatexenc cannot read it)."""
    from pylatexenc.latexwalker import LatexWalker

    parsing, converter = _tools()
    try:
        nodes, _, _ = LatexWalker(tex, latex_context=parsing, tolerant_parsing=True).get_latex_nodes()
        text = converter.nodelist_to_text(nodes)
    except Exception:  # a formula it cannot parse is shown as written
        return " ".join(tex.split())
    return " ".join(text.split())


def math_to_text(markdown: str) -> str:
    """Markdown with every maths span replaced by its Unicode text, escaped so markdown leaves it as is."""

    def replace(match: re.Match[str]) -> str:
        if match.group("fence") is not None or match.group("code") is not None:
            return match.group(0)
        tex = next(
            g for g in (match.group(k) for k in ("display", "bracket", "paren", "inline")) if g is not None
        )
        return _MARKDOWN_PUNCTUATION.sub(r"\\\1", tex_to_text(tex))

    return _SPANS.sub(replace, markdown)
