"""Lazily fetching Qt models over the library."""
from reader.ui.models.articles import ArticleListModel
from reader.ui.models.entities import EntityListModel
from reader.ui.models.mentions import EntityMentionsModel

__all__ = ["ArticleListModel", "EntityListModel", "EntityMentionsModel"]
