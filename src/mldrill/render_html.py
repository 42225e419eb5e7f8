"""HTML pages from the Jinja2 templates in src/mldrill/templates/ (package data), shared by the reports and the web
app: one cached environment that autoescapes every value and fails on an undefined name, and `render`.

Values reach the page escaped; HTML that is meant to stay markup must be sanitised first and passed as
`markupsafe.Markup` (mldrill.interview.html.markdown_markup does both for markdown).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2

TEMPLATE_PACKAGE = "mldrill"
TEMPLATE_FOLDER = "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader(TEMPLATE_PACKAGE, TEMPLATE_FOLDER),
        autoescape=True,  # every template, whatever its extension: .css includes hold no values
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template_name: str, /, **context: Any) -> str:
    return environment().get_template(template_name).render(**context)
