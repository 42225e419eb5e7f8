from __future__ import annotations

from pathlib import Path

from mldrill.config import SETTINGS, default_db_path, resolve_db

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


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
    assert SETTINGS, "the settings table is empty"
    for setting in SETTINGS:
        assert setting.help.strip() and setting.env == f"MLDRILL_{setting.name.upper()}"
        assert setting.env in README, f"{setting.env} is not in README.md"


def test_every_environment_variable_the_code_reads_is_in_the_table_or_documented() -> None:
    """$MLDRILL_* names read anywhere in the package are settings, or documented in the README."""
    import re

    read = set()
    for path in (ROOT / "src" / "mldrill").rglob("*.py"):
        read |= set(re.findall(r"MLDRILL_[A-Z_]+", path.read_text(encoding="utf-8")))
    read -= {"MLDRILL_TEST_PG_URL"}
    known = {s.env for s in SETTINGS}
    assert {name for name in read if name not in known and name not in README} == set()
