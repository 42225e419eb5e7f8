"""A command module loaded lazily by test_lazy.py."""

from __future__ import annotations

import typer

from mldrill.errors import NotFound


def hello_command(name: str = typer.Argument(..., help="Who to greet.")) -> None:
    """Say hello."""
    if name == "nobody":
        raise NotFound("nobody is not here")
    typer.echo(f"hello {name}")
