"""The command line: parse, call a use-case from `mldrill.app.library`, render. Data to stdout, messages to stderr.

This module must stay cheap to import (`mldrill --help` is timed by bench/startup.py): commands import the store,
the importer and Rich renderers inside their bodies.
"""

from __future__ import annotations

import typer

from mldrill import __version__
from mldrill.cli import home, questions, sources, stats, study
from mldrill.cli.common import AppState, MldrillGroup

app = typer.Typer(
    cls=MldrillGroup,
    help="mldrill: an offline-first trainer for machine-learning interviews.",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mldrill {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None,
        "--db",
        metavar="PATH",
        help="Store file (SQLite) or database URL. Default: $MLDRILL_DB, else mldrill.db in the user data folder.",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """mldrill: an offline-first trainer for machine-learning interviews.

    Start with `mldrill init`, then `mldrill list` or `mldrill import PATH`.
    """
    from mldrill.config import resolve_db

    ctx.obj = AppState(db=resolve_db(db), db_is_default=not db and not _env_db())
    if ctx.invoked_subcommand is None:
        stats.home_screen(ctx)


def _env_db() -> bool:
    import os

    return bool(os.environ.get("MLDRILL_DB", "").strip())


app.command("init")(home.init_command)
app.command("import")(sources.import_command)
app.command("list")(questions.list_command)
app.command("show")(questions.show_command)
app.command("search")(questions.search_command)
app.add_typer(sources.sources_app, name="sources")
app.command("dupes")(questions.dupes_command)
app.command("notes")(home.notes_command)
app.command("companies")(home.companies_command)
app.command("study")(study.study_command)
app.command("stats")(stats.stats_command)
app.command("optimize")(stats.optimize_command)
# Mock interviews: `interview` (sit, plan, resume, show) and `interviews` (past ones); cheap to import.
from mldrill.cli import interview as interview_cli  # noqa: E402

app.add_typer(interview_cli.interview_app, name="interview")
from mldrill.cli import serve as serve_cli  # noqa: E402

app.command("serve")(serve_cli.serve_command)
app.add_typer(interview_cli.interviews_app, name="interviews")
from mldrill.cli import marked as marked_cli  # noqa: E402

app.add_typer(marked_cli.marked_app, name="marked")
from mldrill.cli.db import db_app  # noqa: E402

app.add_typer(db_app, name="db")
# `grade` is registered lazily by MldrillGroup (mldrill.cli.grade.grade_command), so --help stays fast.


def main() -> None:
    app()
