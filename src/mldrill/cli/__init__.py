"""The command line (placeholder until the shell lands)."""

from __future__ import annotations

import typer

app = typer.Typer(help="mldrill: an offline-first trainer for machine-learning interviews.")


@app.callback()
def _root() -> None:
    """mldrill: an offline-first trainer for machine-learning interviews."""


def main() -> None:
    app()
