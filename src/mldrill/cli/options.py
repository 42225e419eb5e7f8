"""Options every command shares, declared once (a leaf module: it imports no command)."""

from __future__ import annotations

import typer

JSON_OPTION = typer.Option(
    False, "--json", help="Print JSON on stdout instead of text (messages stay on stderr)."
)
