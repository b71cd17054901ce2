"""A desktop reader for Arabic news: import, read right-to-left, follow entities across articles."""

__version__ = "0.1.0"
