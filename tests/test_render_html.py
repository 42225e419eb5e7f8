"""The shared Jinja2 environment (mldrill.render_html): templates from the package, every value escaped, an
undefined name an error."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup

from mldrill.render_html import environment, render


def test_one_environment_that_escapes_and_never_evaluates_values() -> None:
    env = environment()
    assert env is environment()
    template = env.from_string("<p title='{{ v }}'>{{ v }}</p>{{ m }}")
    out = template.render(v="<b x='1'>{{ 7*7 }}</b>", m=Markup("<em>kept</em>"))
    assert out == (
        "<p title='&lt;b x=&#39;1&#39;&gt;{{ 7*7 }}&lt;/b&gt;'>&lt;b x=&#39;1&#39;&gt;{{ 7*7 }}&lt;/b&gt;</p>"
        "<em>kept</em>"
    )


def test_an_undefined_name_is_an_error() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render("interview_report.html")


def test_base_layout_has_the_csp_and_no_script() -> None:
    page = (
        environment()
        .from_string(
            "{% extends 'base.html' %}{% block title %}{{ t }}{% endblock %}{% block body %}<p>hi</p>{% endblock %}"
        )
        .render(t="<T>")
    )
    assert page.startswith("<!DOCTYPE html>") and "<title>&lt;T&gt;</title>" in page
    assert "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"" in page
    assert "<script" not in page and "font: 15px/1.5" in page
