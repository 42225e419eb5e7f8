"""`/settings` and `/api/settings`: the study settings the CLI reads, a bad value named next to its field, nothing
saved unless every field is valid."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mldrill.app import study
from mldrill.app.context import LOCAL_USER, Context
from mldrill.store import Store
from tests.web.conftest import PHONE, LiveServer, csrf_of, screenshot

FORM = {
    "desired_retention": "0.9",
    "new_per_day": "20",
    "reviews_per_day": "200",
    "learning_steps": "1m 10m",
    "relearning_steps": "10m",
    "maximum_interval": "36500",
    "fuzz": "on",
    "day_start_hour": "0",
    "learn_ahead_minutes": "20",
}


def _loaded(store: Store) -> study.StudySettings:
    return study.load_settings(Context(store, LOCAL_USER))


def _post(client: Any, **changes: str | None) -> Any:
    data = {**FORM, "csrf_token": csrf_of(client.get("/settings").text), **changes}
    return client.post(
        "/settings", data={k: v for k, v in data.items() if v is not None}, follow_redirects=False
    )


def test_the_page_shows_every_setting_with_its_current_value(client: Any) -> None:
    html = client.get("/settings").text
    for name, value in FORM.items():
        if name == "fuzz":
            assert re.search(r'<input type="checkbox" id="fuzz" name="fuzz" checked', html)
        else:
            assert f'id="{name}" name="{name}" value="{value}"' in html
    assert "Chance of recall FSRS aims for" in html and 'name="csrf_token"' in html


def test_saving_the_form_changes_what_study_reads(client: Any, deck_store: Store) -> None:
    response = _post(client, desired_retention="0.85", new_per_day="7", learning_steps="30s 5m 1h", fuzz=None)
    assert response.status_code == 303 and response.headers["location"] == "/settings?saved=true"
    loaded = _loaded(deck_store)
    assert loaded.schedule.desired_retention == 0.85 and loaded.new_per_day == 7
    assert loaded.schedule.learning_steps == (30, 300, 3600) and loaded.schedule.fuzz is False
    html = client.get(response.headers["location"]).text
    assert "Settings saved." in html and 'value="30s 5m 1h"' in html and 'value="0.85"' in html


def test_only_changed_settings_are_stored(client: Any, deck_store: Store) -> None:
    _post(client, reviews_per_day="150")
    from mldrill.store import reviews

    with deck_store.read() as conn:
        assert reviews.get_settings(conn, LOCAL_USER) == {"reviews_per_day": 150}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("desired_retention", "1.5", "desired retention must be between 0.5 and 0.99, not 1.5"),
        ("new_per_day", "-2", "new per day must be between 0 and 10000, not -2"),
        ("learning_steps", "1m soon", "learning steps: &#39;soon&#39; is not a duration"),
        ("day_start_hour", "", "day start hour is a whole number, not &#39;&#39;"),
    ],
)
def test_a_bad_value_is_named_next_to_its_field_and_nothing_is_saved(
    client: Any, deck_store: Store, field: str, value: str, message: str
) -> None:
    response = _post(client, **{field: value, "new_per_day": "5" if field != "new_per_day" else value})
    assert response.status_code == 400
    block = re.search(rf'<div class="setting invalid" id="setting-{field}">(.*?)</div>', response.text, re.S)
    assert block is not None, f"no error block for {field}"
    assert f'<p class="field-error" id="{field}-error">{message}' in block.group(1)
    assert 'aria-invalid="true"' in block.group(1) and f'value="{value}"' in block.group(1)
    assert response.text.count('class="field-error"') == 1
    assert _loaded(deck_store).new_per_day == 20  # the valid change beside it was not saved either


def test_the_form_needs_the_csrf_token(client: Any, deck_store: Store) -> None:
    client.get("/settings")
    assert client.post("/settings", data={**FORM, "new_per_day": "3"}).status_code == 403
    assert _loaded(deck_store).new_per_day == 20


def test_the_api_reads_and_changes_settings(client: Any, deck_store: Store) -> None:
    assert client.get("/api/settings").json() == {
        "desired_retention": 0.9, "new_per_day": 20, "reviews_per_day": 200, "learning_steps": [60, 600],
        "relearning_steps": [600], "maximum_interval": 36500, "fuzz": True, "parameters": None,
        "day_start_hour": 0, "learn_ahead_minutes": 20,
    }  # fmt: skip
    changed = client.put("/api/settings", json={"new_per_day": 3, "learning_steps": [30, 90]})
    assert changed.status_code == 200
    assert (changed.json()["new_per_day"], changed.json()["learning_steps"]) == (3, [30, 90])
    assert _loaded(deck_store).schedule.learning_steps == (30, 90)
    assert client.put("/api/settings", json={"parameters": None}).json()["parameters"] is None


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"desired_retention": 2}, 400, "desired retention must be between 0.5 and 0.99"),
        (
            {"new_per_day": -1, "reviews_per_day": -1},
            400,
            "new per day must be between 0 and 10000, not -1; reviews",
        ),
        ({"maximum_interval": 0}, 400, "maximum interval must be between 1 and 36500"),
        ({"learning_steps": [0]}, 400, "each step is between 1 second and 365 days"),
        ({"parameters": [1.0]}, 400, "parameters are a list of 21 numbers"),
        ({"new_per_day": None}, 400, "new per day is a whole number, not None"),
        ({"new_per_day": "lots"}, 422, "new_per_day"),
        ({"colour": "blue"}, 422, "colour"),
        ({"new_per_day": 10**30}, 400, "new per day must be between 0 and 10000"),
    ],
)
def test_the_api_refuses_bad_values_and_saves_none_of_them(
    client: Any, deck_store: Store, body: dict[str, Any], status: int, message: str
) -> None:
    response = client.put("/api/settings", json={**body, "reviews_per_day": body.get("reviews_per_day", 99)})
    assert response.status_code == status
    assert message in response.json()["error"]["message"]
    assert _loaded(deck_store).reviews_per_day == 200


def test_settings_page_in_chromium(live_server: LiveServer, page: Any) -> None:
    page.goto(live_server.url + "/settings")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.id") == "desired_retention"
    page.fill("#new_per_day", "12")
    page.keyboard.press("Control+Enter")
    page.wait_for_url("**/settings?saved=true")
    assert page.input_value("#new_per_day") == "12"
    screenshot(page, "settings-desktop")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "settings-phone")
