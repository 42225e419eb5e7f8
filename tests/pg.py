"""A real PostgreSQL for tests: one fresh database per test, made from a migrated template.

MLDRILL_TEST_PG_URL names a server and a database the tests may connect to as a role that can create
databases, e.g. `postgresql://postgres@/postgres?host=/tmp/pg` (what `.ci/postgres start` prints). Without it
the PostgreSQL variants are skipped, except under CI (env CI set), where a missing or unreachable server fails
them: CI must never pass by skipping the second backend.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from mldrill.store import engine as store_engine

ENV = "MLDRILL_TEST_PG_URL"


def _fail_or_skip(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the PostgreSQL tests must run; .ci/run starts a server)")
    pytest.skip(reason)


class PgServer:
    """The test server: makes and drops uniquely named databases through the admin URL."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.engine = sa.create_engine(
            store_engine.database_url(admin_url), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool
        )
        self.template: str | None = None
        self.prefix = f"mldrill_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"

    def check(self) -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")

    def url(self, database: str) -> str:
        """The URL of `database` on this server, in the form a person would pass to --db."""
        return sa.engine.make_url(self.admin_url).set(database=database).render_as_string(hide_password=False)

    def _create(self, name: str, template: str | None = None) -> None:
        with self.engine.connect() as conn:
            suffix = f" TEMPLATE {template}" if template else ""
            conn.exec_driver_sql(f"CREATE DATABASE {name}{suffix}")

    def drop(self, name: str) -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def _migrated_template(self) -> str:
        if self.template is None:
            name = f"{self.prefix}_template"
            self._create(name)
            store_engine.upgrade(self.url(name))
            self.template = name
        return self.template

    @contextmanager
    def database(self, migrated: bool) -> Iterator[str]:
        """A new database (at the newest schema when `migrated`, else empty), dropped afterwards; its URL."""
        name = f"{self.prefix}_{uuid.uuid4().hex[:10]}"
        self._create(name, self._migrated_template() if migrated else None)
        try:
            yield self.url(name)
        finally:
            self.drop(name)

    def close(self) -> None:
        if self.template is not None:
            self.drop(self.template)
        self.engine.dispose()


def connect(admin_url: str | None) -> PgServer:
    """The server named by MLDRILL_TEST_PG_URL, checked to answer; skips (or fails under CI) otherwise."""
    if not admin_url:
        _fail_or_skip(f"PostgreSQL tests need {ENV} (e.g. postgresql://postgres@/postgres?host=/tmp/pg)")
    assert admin_url
    try:
        server = PgServer(admin_url)
        server.check()
    except Exception as exc:  # a server that cannot be reached fails the tests that asked for it
        shown = store_engine.display(admin_url)
        pytest.fail(f"{ENV}={shown} cannot be reached: {str(exc).splitlines()[0]}")
    return server
