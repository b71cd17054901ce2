"""Menu shortcuts read left to right in the Arabic UI («Ctrl++», not «++Ctrl»)."""
from __future__ import annotations

from reader.ui.style import LRI, PDI, ReaderStyle, isolate_shortcut


def test_a_menu_items_shortcut_is_a_left_to_right_isolate():
    assert isolate_shortcut("تكبير\tCtrl++") == f"تكبير\t{LRI}Ctrl++{PDI}"
    assert isolate_shortcut("حول") == "حول"  # no shortcut, nothing to isolate
    assert isolate_shortcut(isolate_shortcut("تصغير\tCtrl+-")) == f"تصغير\t{LRI}Ctrl+-{PDI}"


def test_the_application_draws_with_the_readers_style(qapp):
    from reader.ui.app import ensure_app

    assert isinstance(ensure_app().style(), ReaderStyle)
