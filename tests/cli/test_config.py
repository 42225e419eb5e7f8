from __future__ import annotations

from mldrill.config import SETTINGS, default_db_path, resolve_db


def test_db_precedence_is_flag_then_env_then_default() -> None:
    env = {"MLDRILL_DB": "/from/env.db"}
    assert resolve_db("/from/flag.db", env) == "/from/flag.db"
    assert resolve_db(None, env) == "/from/env.db"
    assert resolve_db(None, {"MLDRILL_DB": "  "}) == str(default_db_path())
    assert resolve_db(None, {}) == str(default_db_path())


def test_default_store_is_in_the_user_data_folder() -> None:
    path = default_db_path()
    assert path.name == "mldrill.db" and "mldrill" in path.parent.parts[-1]
    assert path.is_absolute()


def test_every_setting_is_documented() -> None:
    assert all(s.help and s.env.startswith("MLDRILL_") for s in SETTINGS)
