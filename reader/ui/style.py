"""The application's style: Qt's own, with menu shortcuts that read left to right in Arabic.

A menu item's text is "Label<TAB>Ctrl++". In a right-to-left menu Qt lays the shortcut out right
to left too, and the bidi algorithm moves its trailing "+" signs: Arabic menus showed «++Ctrl».
The shortcut is a Latin key name, so it is drawn as a left-to-right isolate (LRI … PDI).
"""
from __future__ import annotations

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QStyleOptionMenuItem, QWidget

LRI, PDI = "\u2066", "\u2069"


def isolate_shortcut(text: str) -> str:
    """A menu item's text with its shortcut (after the tab) as a left-to-right isolate."""
    label, tab, keys = text.partition("\t")
    if not tab or not keys or keys.startswith(LRI):
        return text
    return f"{label}\t{LRI}{keys}{PDI}"


class ReaderStyle(QProxyStyle):
    def drawControl(self, element: QStyle.ControlElement, option: QStyleOption, painter: QPainter,  # noqa: N802
                    widget: QWidget | None = None) -> None:
        if element == QStyle.ControlElement.CE_MenuItem and isinstance(option, QStyleOptionMenuItem):
            item = QStyleOptionMenuItem(option)
            item.text = isolate_shortcut(option.text)
            super().drawControl(element, item, painter, widget)
            return
        super().drawControl(element, option, painter, widget)
