"""schemathesis over the app's own OpenAPI schema (/openapi.json): generated requests, valid and invalid, to every
API operation, on a real store with the built-in deck and the real grader. None may end in a 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from mldrill.app.context import LOCAL_USER, Context
from mldrill.app.library import ensure_builtin_deck
from mldrill.clock import fixed_clock
from mldrill.store import Store
from mldrill.web.app import create_app
from mldrill.web.config import WebConfig
from tests.web.conftest import T0


@pytest.fixture(scope="module")
def api_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("fuzz") / "store.db"
    with Store.open(str(path)) as store:
        ensure_builtin_deck(Context(store, LOCAL_USER, fixed_clock(T0)))
        yield store


@pytest.fixture(scope="module")
def api_schema(api_store: Store) -> Any:
    app = create_app(WebConfig(api_store, clock=fixed_clock(T0)))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _operations(api_schema: Any) -> list[Any]:
    return [result.ok() for result in api_schema.get_all_operations()]


# schemathesis' pytest plugin does not run under pytest 9, so each operation's strategy is drawn by Hypothesis here.
def test_no_operation_answers_a_server_error(api_schema: Any) -> None:
    operations = _operations(api_schema)
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def check(case: Any) -> None:
            case.call_and_validate(checks=[not_a_server_error])

        check()


def test_the_schema_lists_the_named_endpoints(api_schema: Any) -> None:
    paths = api_schema.raw_schema["paths"]
    for path, method in [
        ("/api/questions", "get"),
        ("/api/questions/{question_id}", "get"),
        ("/api/study/next", "get"),
        ("/api/study/answer", "post"),
        ("/api/study/undo", "post"),
        ("/api/grade", "post"),
        ("/api/interviews", "post"),
        ("/api/interviews/{interview_id}", "get"),
        ("/api/stats", "get"),
        ("/api/import", "post"),
    ]:
        assert path in paths and method in paths[path], (
            f"{method.upper()} {path} is missing from /openapi.json"
        )
