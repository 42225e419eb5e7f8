"""The store: all SQL, migrations and transactions. SQLite by default; written in SQLAlchemy Core.

Store.open(path_or_url) -> Store      create / migrate, then read and write through its methods
QuestionFilter                        filters of Store.list_questions
SaveResult, SourceInfo, StoredNote, DupeGroup, Hit   what the methods return
"""

from __future__ import annotations

from mldrill.store.database import Store
from mldrill.store.dupes import DupeGroup
from mldrill.store.fts import Hit
from mldrill.store.queries import QuestionFilter, SourceInfo, StoredNote
from mldrill.store.save import SaveResult

__all__ = ["DupeGroup", "Hit", "QuestionFilter", "SaveResult", "SourceInfo", "Store", "StoredNote"]
