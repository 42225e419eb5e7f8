"""Study-setting values as every shell reads them: typed text ("1m 10m", "0.9", "on"), JSON values, and the
messages naming a bad one."""

from __future__ import annotations

from typing import Any

import pytest

from mldrill.app import study
from mldrill.app.setting_values import check_setting, from_text, to_text
from mldrill.errors import UsageError
from mldrill.store import Store
from tests.context import ctx_at


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("desired_retention", " 0.85 ", 0.85),
        ("new_per_day", "0", 0),
        ("learning_steps", "1m 10m 1h", [60, 600, 3600]),
        ("learning_steps", "30, 90s,2d", [30, 90, 172800]),
        ("learning_steps", "", []),
        ("relearning_steps", "0.5m", [30]),
        ("fuzz", "off", False),
        ("fuzz", "on", True),
        ("day_start_hour", "23", 23),
        ("parameters", "", None),
    ],
)
def test_typed_text_becomes_a_value(name: str, text: str, value: Any) -> None:
    assert from_text(name, text) == value


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("desired_retention", "1.2", "desired retention must be between 0.5 and 0.99"),
        ("desired_retention", "lots", "desired retention is a number, not 'lots'"),
        ("desired_retention", "nan", "desired retention is a finite number"),
        ("new_per_day", "-3", "new per day must be between 0 and 10000, not -3"),
        ("new_per_day", "2.5", "new per day is a whole number, not '2.5'"),
        ("learning_steps", "1m ten", "learning steps: 'ten' is not a duration"),
        ("learning_steps", "0s", "each step is between 1 second and 365 days"),
        ("day_start_hour", "24", "day start hour must be between 0 and 23"),
        ("fuzz", "maybe", "fuzz is on or off"),
        ("parameters", "1, 2", "parameters are a list of 21 numbers"),
    ],
)
def test_a_bad_value_is_refused_naming_the_setting(name: str, text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(")):
        from_text(name, text)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("new_per_day", True),
        ("new_per_day", "5"),
        ("learning_steps", "1m"),
        ("fuzz", 1),
        ("maximum_interval", 0),
    ],
)
def test_json_values_of_the_wrong_kind_are_refused(name: str, value: Any) -> None:
    with pytest.raises(UsageError, match=name.replace("_", " ")):
        check_setting(name, value)


def test_every_default_shows_as_text_that_reads_back() -> None:
    for setting in study.SETTINGS:
        assert from_text(setting.name, to_text(setting.name, setting.default)) == (
            list(setting.default) if isinstance(setting.default, list) else setting.default
        )
    assert to_text("learning_steps", [60, 600, 86400, 45]) == "1m 10m 1d 45s"


def test_save_setting_checks_every_setting_not_only_the_retention(store: Store) -> None:
    ctx = ctx_at(store)
    with pytest.raises(UsageError, match="new per day must be between 0 and 10000"):
        study.save_setting(ctx, "new_per_day", -1)
    study.save_setting(ctx, "learning_steps", [30.0, 600])
    assert study.stored_settings(ctx)["learning_steps"] == [30, 600]
    assert study.load_settings(ctx).schedule.learning_steps == (30, 600)
    assert study.stored_settings(ctx)["new_per_day"] == 20  # the default, never saved
