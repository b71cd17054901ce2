"""Typed rows returned by the library's queries (read-only snapshots)."""
from __future__ import annotations

from dataclasses import dataclass

from reader.core.model import Label


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """A row of the library list."""

    id: int
    source: str
    title: str
    outlet: str
    date: str
    n_entities: int


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    id: int
    source: str
    url: str
    title: str
    outlet: str
    author: str
    date: str
    format: str
    raw: str
    text: str
    content_hash: str
    analysed_with: str | None


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """A mention; start/end are code points of the article's stored text."""

    id: int
    article_id: int
    start: int
    end: int
    text: str
    label: Label
    entity_id: int | None
    origin: str
    key: str = ""
    link_reason: str = ""


@dataclass(frozen=True, slots=True)
class EntityRecord:
    id: int
    label: Label
    key: str
    name: str
    aliases: tuple[str, ...]
    n_articles: int
    n_mentions: int


@dataclass(frozen=True, slots=True)
class MentionInContext:
    """A mention with its sentence and article, for the entity panel and dossiers."""

    mention: MentionRecord
    article_title: str
    outlet: str
    date: str
    sentence: str
    sentence_start: int  # offset of the sentence in the article text

    @property
    def local_start(self) -> int:
        """Start of the mention inside ``sentence``."""
        return self.mention.start - self.sentence_start

    @property
    def local_end(self) -> int:
        return self.mention.end - self.sentence_start
