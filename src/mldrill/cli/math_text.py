"""TeX maths as readable Unicode text for the terminal (`\\mathbb{E}\\big[(y-\\hat f(x))^2\\big]` → `𝔼[(y-f̂(x))^2]`),
by pylatexenc's LatexNodes2Text; fractions are written `a/b`, with brackets where a side has more than one term.
Text that does not convert is shown as the TeX it was."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


def tex_to_text(tex: str) -> str:
    try:
        text = _converter().latex_to_text(tex)
    except Exception:  # pylatexenc raises its own errors on malformed TeX: show the source instead
        return tex.strip()
    return " ".join(text.split()) or tex.strip()


def _fraction(node: Any, l2tobj: Any) -> str:
    numerator, denominator = (l2tobj.nodelist_to_text([arg]).strip() for arg in node.nodeargd.argnlist[-2:])
    return f"{_grouped(numerator)}/{_grouped(denominator)}"


def _grouped(side: str) -> str:
    return side if len(side) <= 1 or side.isalnum() else f"({side})"


@lru_cache(maxsize=1)
def _converter() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    fractions = [MacroTextSpec(name, simplify_repl=_fraction) for name in ("frac", "dfrac", "tfrac")]
    context.add_context_category("mldrill-fractions", prepend=True, macros=fractions)
    return LatexNodes2Text(latex_context=context, math_mode="text")
