"""`/settings` and `/api/settings`: the study settings every shell reads (desired retention, daily limits, learning
steps, ...), checked by the rules of `mldrill.app.setting_values`; a bad value is named next to its field."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from mldrill.app import study
from mldrill.app.setting_values import check_setting, from_text, to_text
from mldrill.errors import UsageError
from mldrill.web import library_models as m
from mldrill.web.deps import context
from mldrill.web.pages import page

router = APIRouter()

LABELS = {
    "desired_retention": "Desired retention",
    "new_per_day": "New cards per day",
    "reviews_per_day": "Reviews per day",
    "learning_steps": "Learning steps",
    "relearning_steps": "Relearning steps",
    "maximum_interval": "Maximum interval (days)",
    "fuzz": "Fuzz intervals",
    "day_start_hour": "New day starts at (hour, UTC)",
    "learn_ahead_minutes": "Learn ahead (minutes)",
}
HINTS = {
    "learning_steps": "Durations such as 1m 10m 1h 1d; a number alone is seconds.",
    "relearning_steps": "Durations such as 10m 1h; a number alone is seconds.",
}
NUMBERS = {"desired_retention": "0.01", "new_per_day": "1", "reviews_per_day": "1", "maximum_interval": "1",
           "day_start_hour": "1", "learn_ahead_minutes": "1"}  # fmt: skip
FORM_SETTINGS = tuple(LABELS)  # `parameters` is set by `mldrill optimize --apply`, shown, not typed


def _fields(stored: dict[str, Any], typed: dict[str, str], errors: dict[str, str]) -> list[dict[str, Any]]:
    helps = {s.name: s.help for s in study.SETTINGS}
    defaults = {s.name: s.default for s in study.SETTINGS}
    return [
        {
            "name": name,
            "label": LABELS[name],
            "help": " ".join(filter(None, (helps[name], HINTS.get(name)))),
            "default": to_text(name, defaults[name]),
            "value": typed.get(name, to_text(name, stored[name])),
            "checked": (typed.get(name, to_text(name, stored[name])) == "on"),
            "kind": "checkbox" if name == "fuzz" else "number" if name in NUMBERS else "text",
            "step": NUMBERS.get(name, ""),
            "error": errors.get(name, ""),
        }
        for name in FORM_SETTINGS
    ]


def _settings_page(
    request: Request, typed: dict[str, str] | None = None, errors: dict[str, str] | None = None,
    saved: bool = False, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    stored = study.stored_settings(context(request))
    return page(
        request,
        "settings.html",
        status=status,
        title="Settings",
        fields=_fields(stored, typed or {}, errors or {}),
        errors=errors or {},
        saved=saved,
        parameters=stored["parameters"],
    )


@router.get("/settings", response_class=HTMLResponse, include_in_schema=False)
def settings_page(request: Request, saved: Annotated[bool, Query()] = False) -> HTMLResponse:
    return _settings_page(request, saved=saved)


@router.post("/settings", include_in_schema=False, response_model=None)
async def settings_form(request: Request) -> HTMLResponse | RedirectResponse:
    """Every field is checked first; nothing is saved unless all are valid, then only the changed ones."""
    form = await request.form()
    typed: dict[str, str] = {}
    for name in FORM_SETTINGS:
        raw = form.get(name)
        if name == "fuzz":
            typed[name] = "on" if raw else "off"
        else:
            typed[name] = raw if isinstance(raw, str) else ""
    values, errors = {}, {}
    for name, raw in typed.items():
        try:
            values[name] = from_text(name, raw[:1000])
        except UsageError as exc:
            errors[name] = str(exc)
    if errors:
        return _settings_page(request, typed, errors, status=400)
    _save_changed(request, values)
    return RedirectResponse("/settings?saved=true", status_code=303)


def _save_changed(request: Request, values: dict[str, Any]) -> None:
    ctx = context(request)
    stored = study.stored_settings(ctx)
    for name, value in values.items():
        if value != stored[name]:
            study.save_setting(ctx, name, value)


@router.get("/api/settings", tags=["settings"], response_model=m.Settings)
def settings_api(request: Request) -> dict[str, Any]:
    """Every study setting's value (the default where none was saved)."""
    return study.stored_settings(context(request))


@router.put("/api/settings", tags=["settings"], response_model=m.Settings)
def put_settings_api(request: Request, body: m.SettingsIn) -> dict[str, Any]:
    """Change any of the settings (`parameters: null` goes back to FSRS's defaults). All are checked before any
    is saved; a 400 names each bad one."""
    values, errors = {}, []
    for name in sorted(body.model_fields_set):
        try:
            values[name] = check_setting(name, getattr(body, name))
        except UsageError as exc:
            errors.append(str(exc))
    if errors:
        raise UsageError("; ".join(errors))
    _save_changed(request, values)
    return study.stored_settings(context(request))
