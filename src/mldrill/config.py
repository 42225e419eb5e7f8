"""Settings: one table of (name, env variable, default, help); resolution is flag > environment > default.

Kept free of heavy imports: the CLI reads it before deciding what else to load.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "mldrill"
DB_FILENAME = "mldrill.db"


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="db",
        env="MLDRILL_DB",
        default=f"<user data dir>/{DB_FILENAME}",
        help="Path of the SQLite store (or a database URL).",
    ),
)


def default_db_path() -> Path:
    """The store file in the per-user data folder (e.g. ~/.local/share/mldrill/mldrill.db)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def resolve_db(flag: str | None, env: Mapping[str, str] | None = None) -> str:
    """Where the store lives: the `--db` flag, else $MLDRILL_DB, else the user data folder."""
    if flag:
        return flag
    environ = os.environ if env is None else env
    from_env = environ.get("MLDRILL_DB", "").strip()
    if from_env:
        return from_env
    return str(default_db_path())
