"""Back and forward through what the researcher looked at (the article and the entity shown)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """One step of the back/forward history: what the article view and the entity panel showed."""

    article_id: int | None
    mention_id: int | None
    entity_id: int | None


class History:
    """A browser's history: going somewhere new after going back drops the steps ahead."""

    def __init__(self, limit: int = 200) -> None:
        self.items: list[Place] = []
        self.pos = -1
        self.limit = limit

    def push(self, place: Place) -> None:
        if self.pos >= 0 and self.items[self.pos] == place:
            return
        del self.items[self.pos + 1:]
        self.items.append(place)
        if len(self.items) > self.limit:
            del self.items[0]
        self.pos = len(self.items) - 1

    def current(self) -> Place | None:
        return self.items[self.pos] if self.pos >= 0 else None

    def can_back(self) -> bool:
        return self.pos > 0

    def can_forward(self) -> bool:
        return self.pos < len(self.items) - 1

    def back(self) -> Place | None:
        if not self.can_back():
            return None
        self.pos -= 1
        return self.items[self.pos]

    def forward(self) -> Place | None:
        if not self.can_forward():
            return None
        self.pos += 1
        return self.items[self.pos]
