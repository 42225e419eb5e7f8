"""`mldrill db`: the store's schema. `upgrade` migrates it (the only way a PostgreSQL store is migrated; an
SQLite file also upgrades itself on open), `current` says which revision it is at.

Cheap to import: the store loads inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from mldrill.cli.common import info, print_json, state

if TYPE_CHECKING:
    from mldrill.store.engine import SchemaStatus

db_app = typer.Typer(
    help="The store's schema: upgrade it to this mldrill's newest, or show its revision.",
    no_args_is_help=True,
)


def _target(ctx: typer.Context) -> str:
    st = state(ctx)
    if st.db_is_default:
        Path(st.db).parent.mkdir(parents=True, exist_ok=True)
    return st.db


def _status_dict(target: str, status: SchemaStatus) -> dict[str, Any]:
    from mldrill.store import engine

    return {
        "store": engine.display(target),
        "revision": status.current,
        "head": status.head,
        "at_head": status.at_head,
    }


@db_app.command("upgrade")
def upgrade_command(
    ctx: typer.Context,
    json_output: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Migrate the store to the newest schema (creating its tables in an empty database)."""
    from mldrill.store import engine

    target = _target(ctx)
    before, after = engine.upgrade(target)
    if json_output:
        print_json({**_status_dict(target, after), "previous": before.current})
        return
    where = engine.display(target)
    if before.current == after.current:
        info(f"The store {where} is already at the newest schema ({after.current}).")
    else:
        info(f"Upgraded the store {where} from {before.current or 'an empty database'} to {after.current}.")


@db_app.command("current")
def current_command(
    ctx: typer.Context,
    json_output: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Show the store's schema revision and whether it is the newest this mldrill knows."""
    from mldrill.store import engine

    target = _target(ctx)
    status = engine.current(target)
    if json_output:
        print_json(_status_dict(target, status))
        return
    if status.at_head:
        note = "(head)"
    elif not status.known:
        note = f"(newer than this mldrill's head {status.head}: upgrade mldrill)"
    elif status.current is None:
        note = f"(empty: run `mldrill db upgrade` to create the schema {status.head})"
    else:
        note = f"(not the head {status.head}: run `mldrill db upgrade`)"
    typer.echo(f"{status.current or 'none'} {note}")
