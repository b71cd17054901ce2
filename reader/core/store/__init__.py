"""SQLite storage (sqlite-utils): connection and pragmas, numbered migrations, typed queries, search."""
from reader.core.store.library import Library, LibraryError, default_library_path, fts_query
from reader.core.store.records import ArticleRecord, ArticleSummary, EntityRecord, MentionInContext, MentionRecord

__all__ = ["Library", "LibraryError", "default_library_path", "fts_query", "ArticleRecord", "ArticleSummary",
           "EntityRecord", "MentionInContext", "MentionRecord"]
