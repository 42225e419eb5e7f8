"""Checking and reading study-setting values, for every shell: a value from JSON or a form is normalised (an int,
a float, a list of seconds, ...) or refused with a message naming the setting; `from_text` reads what a person
types ("1m 10m", "0.9", "on") and `to_text` shows a stored value the same way.
"""

from __future__ import annotations

import math
import re
from typing import Any

from mldrill.errors import UsageError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_STEP = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd]?)$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
MAX_STEPS = 20
MAX_STEP_SECONDS = 365 * 86400
# name: (lowest, highest) for the whole-number settings
_INT_RANGES = {
    "new_per_day": (0, 10_000),
    "reviews_per_day": (0, 100_000),
    "maximum_interval": (1, 36500),
    "day_start_hour": (0, 23),
    "learn_ahead_minutes": (0, 24 * 60),
}
_STEPS = ("learning_steps", "relearning_steps")


def _names() -> list[str]:
    from mldrill.app.study import SETTINGS

    return [s.name for s in SETTINGS]


def check_setting(name: str, value: Any) -> Any:
    """The value to store for setting `name`, normalised; UsageError (naming the setting) when it is not valid."""
    from mldrill.app.study import StudySettings

    if name not in _names():
        raise UsageError(f"no study setting {name!r}; known: {', '.join(_names())}")
    if name == "desired_retention":
        normal: Any = _number(name, value)
    elif name in _INT_RANGES:
        normal = _whole(name, value)
    elif name in _STEPS:
        normal = _steps(name, value)
    elif name == "fuzz":
        if not isinstance(value, bool):
            raise UsageError(f"fuzz is true or false, not {value!r}")
        normal = value
    else:  # parameters
        normal = _parameters(value)
    StudySettings.from_values({name: normal})  # the rules every load applies (the retention's range)
    return normal


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UsageError(f"{_label(name)} is a number, not {value!r}")
    if not math.isfinite(value):
        raise UsageError(f"{_label(name)} is a finite number, not {value!r}")
    return float(value)


def _whole(name: str, value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"{_label(name)} is a whole number, not {value!r}")
    low, high = _INT_RANGES[name]
    if not low <= value <= high:
        raise UsageError(f"{_label(name)} must be between {low} and {high}, not {value}")
    return value


def _steps(name: str, value: Any) -> list[int]:
    if not isinstance(value, list | tuple):
        raise UsageError(f"{_label(name)} is a list of durations in seconds, not {value!r}")
    if len(value) > MAX_STEPS:
        raise UsageError(f"{_label(name)} has {len(value)} steps; at most {MAX_STEPS}")
    steps = []
    for step in value:
        if isinstance(step, bool) or not isinstance(step, int | float) or not math.isfinite(step):
            raise UsageError(f"{_label(name)}: each step is a number of seconds, not {step!r}")
        if not 1 <= step <= MAX_STEP_SECONDS:
            raise UsageError(f"{_label(name)}: each step is between 1 second and 365 days, not {step!r}")
        steps.append(round(step))
    return steps


def _parameters(value: Any) -> list[float] | None:
    from mldrill.schedule import DEFAULT_PARAMETERS

    if value is None:
        return None
    wanted = len(DEFAULT_PARAMETERS)
    if not isinstance(value, list | tuple) or len(value) != wanted:
        raise UsageError(
            f"parameters are a list of {wanted} numbers (or null for the defaults), not {value!r}"
        )
    if not all(isinstance(p, int | float) and not isinstance(p, bool) and math.isfinite(p) for p in value):
        raise UsageError("parameters: every parameter is a finite number")
    return [float(p) for p in value]


def _label(name: str) -> str:
    return name.replace("_", " ")


def from_text(name: str, text: str) -> Any:
    """A setting's value from what a person typed: "0.9", "20", "1m 10m 1h" (a number alone is seconds),
    "on"/"off", a comma-separated list of parameters ("" for the defaults). Checked as `check_setting` does."""
    raw = text.strip()
    if name in _STEPS:
        value: Any = [_step(name, part) for part in re.split(r"[\s,]+", raw) if part]
    elif name == "fuzz":
        if raw.lower() not in _TRUE | _FALSE:
            raise UsageError(f"fuzz is on or off, not {raw!r}")
        value = raw.lower() in _TRUE
    elif name == "parameters":
        value = [_float(name, p) for p in re.split(r"[\s,]+", raw) if p] or None
    elif name == "desired_retention":
        value = _float(name, raw)
    else:
        try:
            value = int(raw)
        except ValueError:
            raise UsageError(f"{_label(name)} is a whole number, not {raw!r}") from None
    return check_setting(name, value)


def _float(name: str, raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise UsageError(f"{_label(name)} is a number, not {raw!r}") from None


def _step(name: str, part: str) -> float:
    found = _STEP.match(part.lower())
    if not found:
        raise UsageError(f"{_label(name)}: {part!r} is not a duration like 30s, 10m, 1h or 1d")
    return float(found.group(1)) * _UNITS[found.group(2) or "s"]


def to_text(name: str, value: Any) -> str:
    """A stored value as `from_text` reads it back."""
    if name in _STEPS:
        return " ".join(_duration(int(s)) for s in value)
    if name == "fuzz":
        return "on" if value else "off"
    if name == "parameters":
        return ", ".join(f"{p:g}" for p in value) if value else ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _duration(seconds: int) -> str:
    for unit in ("d", "h", "m"):
        if seconds % _UNITS[unit] == 0:
            return f"{seconds // _UNITS[unit]}{unit}"
    return f"{seconds}s"
