"""Alembic migrations of the mldrill store (run programmatically at open; see `mldrill.store.engine`)."""
