"""SQLite storage (sqlite-utils): connection and pragmas, numbered migrations, typed queries, search."""
import sys


def _import_sqlite_utils() -> None:
    """Import sqlite-utils without pandas and numpy.

    sqlite_utils.db imports both when installed (camel-tools brings them) only to map their
    value types to column types, which the library never inserts; that import is most of the
    app's start-up time (about 1 s, 40 MB). A ``None`` in ``sys.modules`` makes those imports
    fail; it is removed afterwards, so camel-tools still imports them when it is used.
    """
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


_import_sqlite_utils()

from reader.core.store.library import (  # noqa: E402
    Library, LibraryChangedError, LibraryError, default_library_path, fts_query)
from reader.core.store.records import (  # noqa: E402
    ArticleRecord, ArticleSummary, EntityRecord, MentionInContext, MentionRecord)

__all__ = ["Library", "LibraryChangedError", "LibraryError", "default_library_path", "fts_query", "ArticleRecord", "ArticleSummary",
           "EntityRecord", "MentionInContext", "MentionRecord"]
