"""A corpus of hostile markup, written for mldrill's own tests, and a question bank made of it.

Every payload, if it ever ran, would call `xssHit(n)` (or `alert(n)`, which the test page redirects to the same
trap). Each question carries a plain marker `XSSnnn` beside its payload, so a test can check the text is still
there to read after sanitising.
"""

from __future__ import annotations

CALL = "xssHit({n})"

# Templates: {c} is the call, {n} the number.
TEMPLATES: tuple[str, ...] = (
    # script tags, in every spelling
    "<script>{c}</script>",
    "<SCRIPT>{c}</SCRIPT>",
    "<script src=data:text/javascript,{c}></script>",
    "<script>/*</script><script>*/{c}</script>",
    "<scr<script>ipt>{c}</scr</script>ipt>",
    "</textarea><script>{c}</script>",
    "</title><script>{c}</script>",
    "</script><script>{c}</script>",
    "<script type=module>{c}</script>",
    "<<script>{c};//<</script>",
    # event handlers
    "<img src=x onerror={c}>",
    '<img src=x onerror="{c}">',
    "<img/src=x/onerror={c}>",
    "<IMG SRC=x ONERROR={c}>",
    "<body onload={c}>",
    "<svg onload={c}>",
    "<svg/onload={c}>",
    "<input autofocus onfocus={c}>",
    "<select autofocus onfocus={c}></select>",
    "<textarea autofocus onfocus={c}></textarea>",
    "<details open ontoggle={c}>",
    "<video><source onerror={c}></video>",
    "<audio src=x onerror={c}>",
    "<iframe onload={c}></iframe>",
    "<marquee onstart={c}>x</marquee>",
    "<div onmouseover={c}>hover</div>",
    "<a onclick={c}>click</a>",
    "<object data=x onerror={c}></object>",
    "<style onload={c}></style>",
    "<form><button formaction=javascript:{c}>go</button></form>",
    '<img src="x" alt="" onerror="{c}" />',
    "<img src=`x` onerror={c}>",
    "<img src=x onerror&#61;{c}>",
    '<div style="background:url(javascript:{c})">x</div>',
    '<p style="x:expression({c})">x</p>',
    # javascript: and data: URLs, raw and in markdown
    '<a href="javascript:{c}">link</a>',
    '<a href="JaVaScRiPt:{c}">link</a>',
    '<a href="&#106;avascript:{c}">link</a>',
    '<a href="java\tscript:{c}">link</a>',
    '<a href=" javascript:{c}">link</a>',
    '<a href="data:text/html,<script>{c}</script>">link</a>',
    '<a href="vbscript:{c}">link</a>',
    '<iframe src="javascript:{c}"></iframe>',
    '<iframe srcdoc="<script>{c}</script>"></iframe>',
    '<embed src="javascript:{c}">',
    '<object data="javascript:{c}"></object>',
    '<meta http-equiv=refresh content="0;url=javascript:{c}">',
    '<base href="javascript:{c}//">',
    '<link rel=stylesheet href="javascript:{c}">',
    '<form action="javascript:{c}"><input type=submit></form>',
    "[link](javascript:{c})",
    "[link](JAVASCRIPT:{c})",
    "[link](javascript&#58;{c})",
    "[link]( javascript:{c} )",
    "[link](data:text/html;base64,PHNjcmlwdD54c3NIaXQoKTwvc2NyaXB0Pg==)",
    "[link](vbscript:{c})",
    "![img](javascript:{c})",
    '![img" onerror="{c}](x)',
    '![img](x" onerror="{c})',
    "[a](<javascript:{c}>)",
    "[ref][r]\n\n[r]: javascript:{c}",
    "<javascript:{c}>",
    '[x](#" onmouseover="{c})',
    '[x](https://example.com" onclick="{c})',
    "**[bold](javascript:{c})**",
    # SVG and MathML
    "<svg><script>{c}</script></svg>",
    '<svg><a xlink:href="javascript:{c}"><text>x</text></a></svg>',
    "<svg><animate onbegin={c} attributeName=x dur=1s>",
    "<svg><set attributeName=onmouseover to={c}>",
    "<svg><foreignObject><img src=x onerror={c}></foreignObject></svg>",
    "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='{c}'/></svg>#x\"/></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror={c}>",
    '<math><a xlink:href="javascript:{c}">x</a></math>',
    '<math href="javascript:{c}"><mi>x</mi></math>',
    "<math><maction actiontype=statusline xlink:href=javascript:{c}>x</maction></math>",
    # malformed and nested tags
    "<<img src=x onerror={c}>>",
    "<img src=x onerror={c}//",
    "<div><img src=x onerror={c}</div>",
    '<noscript><p title="</noscript><img src=x onerror={c}>">',
    "<template><img src=x onerror={c}></template>",
    "<!--<img src=x onerror={c}>-->",
    "<!-- --!><img src=x onerror={c}>-->",
    "<![CDATA[<img src=x onerror={c}>]]>",
    "<xmp><img src=x onerror={c}></xmp>",
    "<table><td background=javascript:{c}>",
    "<isindex action=javascript:{c} type=submit>",
    "<keygen autofocus onfocus={c}>",
    "<plaintext><img src=x onerror={c}>",
    '"><img src=x onerror={c}>',
    "'><img src=x onerror={c}>",
    '" autofocus onfocus="{c}',
    "' onmouseover='{c}",
    "</p></div></main><img src=x onerror={c}>",
    "&lt;img src=x onerror={c}&gt;",
    "\u003cimg src=x onerror={c}\u003e",
    # inside code fences, inline code and maths (must stay text)
    "`<img src=x onerror={c}>`",
    "```html\n<script>{c}</script>\n```",
    "```\n<img src=x onerror={c}>\n```",
    "```javascript\n{c}\n```",
    "$\\href{{javascript:{c}}}{{x}}$",
    "$$\\href{{javascript:{c}}}{{x}}$$",
    "$\\url{{javascript:{c}}}$",
    "$\\htmlData{{x={c}}}{{x}}$",
    "$\\text{{<img src=x onerror={c}>}}$",
    "$x</span><img src=x onerror={c}>$",
    "$$\n\\begin{{array}}{{c}}<script>{c}</script>\\end{{array}}\n$$",
    "$\\style{{background:url(javascript:{c})}}{{x}}$",
    # JSON/data-block and attribute contexts
    "</script><img src=x onerror={c}>",
    "<!--</script><script>{c}</script>-->",
    "{{{{constructor.constructor('{c}')()}}}}",
    "${{{c}}}",
    "{{% raw %}}<img src=x onerror={c}>",
    "hx-get=/x hx-trigger=load hx-on::load={c}",
    '<div hx-get="/api/home" hx-trigger="load" hx-on:htmx:after-request="{c}">x</div>',
    '<div data-key="Space" onclick="{c}">x</div>',
)


def payloads() -> list[str]:
    return [t.format(c=CALL.format(n=n), n=n) for n, t in enumerate(TEMPLATES)]


def marker(n: int) -> str:
    return f"XSS{n:03d}"


def hostile_bank() -> str:
    """A bank (mldrill-deck/1) with one question per payload: the payload in its title, answer, rubric, topic,
    companies and tags, beside a readable marker."""
    parts = [
        "---",
        "format: mldrill-deck/1",
        "deck: hostile",
        "topic: hostile",
        "---",
        "",
        "# Hostile bank",
        "",
    ]
    for n, p in enumerate(payloads()):
        one_line = p.replace("\n", " ")
        parts += [
            f"## {marker(n)} question {one_line}",
            "",
            f"id: hostile-{n}",
            "difficulty: medium",
            f"topic: hostile/{one_line[:60]}",
            f"companies: Acme{n} {one_line[:60]}",
            f"tags: xss, {one_line[:40]}",
            "",
            "### Answer",
            "",
            f"{marker(n)} answer starts.",
            "",
            p,
            "",
            f"{marker(n)} answer ends.",
            "",
            "### Rubric",
            "",
            f"- {marker(n)} point {one_line}",
            "- A second point about overfitting and validation.",
            "",
        ]
    return "\n".join(parts)
