"""Alembic environment: run the migrations on the connection handed over by `mldrill.store.engine`.

mldrill never runs Alembic from an ini file: `migrate()` builds the config in code and passes an open
connection (already inside a transaction) in `config.attributes["connection"]`.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("mldrill migrations run through mldrill.store.engine.migrate(), with a connection")

context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
