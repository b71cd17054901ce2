"""The main window: library pane, article view, entity panel, menus, history and background work."""
from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QToolBar,
    QToolButton,
    QWidget,
    QHBoxLayout,
)

from reader.core import journal, logs
from reader.core.logs import log
from reader.core.model import ImportFailure
from reader.core.progress import Eta, clock_text
from reader.core.store import Library, LibraryChangedError, LibraryError
from reader.core.store.keeper import Keeper, start_keeper
from reader.core.store.library import own_files
from reader.ui import file_dialogs, i18n, icons
from reader.ui.article_view import ArticleView
from reader.ui.entity_panel import EntityPanel
from reader.ui.i18n import counted, tr
from reader.ui.library_view import LibraryView
from reader.ui.correction_queue import CorrectionQueue
from reader.ui.history import History, Place
from reader.ui.ops import EVERYTHING, GROUPED, IMPORTED, NOTHING, RELINKED, Changes, LibraryOps
from reader.ui.settings import Settings
from reader.ui.tasks import Task, running as tasks_running


class TaskStatus(QWidget):
    """Progress bar with a cancel button, in the status bar while background work runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMinimumWidth(220)
        self.bar.setMaximumWidth(380)  # "68% · 23,060 articles · 1:20 left" in full
        self.bar.setMaximumHeight(16)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setIcon(icons.icon(icons.CANCEL))
        self.cancel_button.setAutoRaise(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel_button)
        self.hide()


FILES_CHECK_MS = 2000  # see MainWindow.check_library_files
REOPEN_POLL_MS = 200  # see MainWindow._reopen_library: until the background reads have ended
REOPEN_TRIES, REOPEN_RETRY_MS = 5, 1000  # a failed reopening is tried again, a few times


class MainWindow(QMainWindow):
    taskEnded = Signal()  # after an import/export finished and the UI was updated (tests wait on it)
    correctionsApplied = Signal()  # the queued corrections are applied and shown

    def __init__(self, lib: Library, settings: Settings | None = None) -> None:
        super().__init__()
        self.lib = lib
        self.settings = settings or Settings()
        self.history = History()
        self._navigating = False
        # All library work runs as ops (reader.ui.ops); the views refresh on what they changed.
        self.ops = LibraryOps(lib.path, self, self.lib.data_version)
        self.task: Task | None = None  # the import, export or repair shown in the status bar
        self._eta = Eta()  # time left of the running task, from its progress
        self._pending_imports: list[list[str]] = []
        self._grouping: Task | None = None  # the same stories grouped in a library made before grouping
        self.corrections = CorrectionQueue(lib, self.ops, self.check_library_files, self)
        self._close_when_applied = False  # a close asked for while corrections were queued
        self.last_failures: list[ImportFailure] = []
        self.last_report: Any = None
        # The library's WAL removed or replaced by another program (reader.core.store.guard): why,
        # while no work may write and the library waits to be reopened; checked every few seconds.
        self.library_problem: str | None = None
        self._reopen_tries = 0  # failed reopenings since the problem was noticed (_reopen_library)
        self.keeper: Keeper | None = None  # the process holding the library open (app.run starts it)
        self.next_library: Path | None = None  # File › Open library: app.run opens it after this window
        self.last_failure_box: QMessageBox | None = None  # the latest failure told (report_failure)
        self.library_box: QMessageBox | None = None  # what the window said of a removed WAL
        self._files_timer = QTimer(self)
        self._files_timer.setInterval(FILES_CHECK_MS)
        self._files_timer.timeout.connect(self._check_library)
        self._files_timer.start()
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.resize(1280, 820)

        self.article_view = ArticleView(lib, self, zoom=self.settings.zoom, hidden=self.settings.hidden_labels)
        self.setCentralWidget(self.article_view)
        self.library_view = LibraryView(lib, self)
        self.library_view.attach(self.article_view)  # the search's hits are highlighted there
        self.entity_panel = EntityPanel(lib, self)

        self.library_dock = QDockWidget(self)
        self.library_dock.setObjectName("libraryDock")
        self.library_dock.setWidget(self.library_view)
        self.library_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        rtl = i18n.language() == "ar"
        self._docks_rtl = rtl
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea if rtl else Qt.DockWidgetArea.LeftDockWidgetArea,
                           self.library_dock)
        self.entity_dock = QDockWidget(self)
        self.entity_dock.setObjectName("entityDock")
        self.entity_dock.setWidget(self.entity_panel)
        self.entity_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea if rtl else Qt.DockWidgetArea.RightDockWidgetArea,
                           self.entity_dock)
        self.resizeDocks([self.library_dock, self.entity_dock], [440, 340], Qt.Orientation.Horizontal)

        self.library_view.articleActivated.connect(lambda aid: self.open_article(aid))
        self.library_view.entityActivated.connect(lambda eid: self.open_entity(eid))
        self.article_view.entityActivated.connect(self._entity_link_clicked)
        self.article_view.zoomChanged.connect(self._zoom_changed)
        self.article_view.hiddenLabelsChanged.connect(self._hidden_changed)
        self.entity_panel.mentionActivated.connect(lambda aid, mid: self.open_article(aid, mid))
        self.entity_panel.filterRequested.connect(self.library_view.set_entity_filter)
        self.entity_panel.entityRequested.connect(lambda eid: self.open_entity(eid))
        self.entity_panel.renameRequested.connect(lambda eid: self.rename_entity_dialog(eid))
        self.entity_panel.typeRequested.connect(self.set_entity_type)
        self.entity_panel.dossierRequested.connect(self.export_dossier_dialog)
        self.article_view.markRequested.connect(self.mark_text)
        self.article_view.removeRequested.connect(self.remove_mention)
        self.article_view.splitRequested.connect(self.split_mention)
        self.library_view.model.modelReset.connect(self.update_status)
        for changed in (self.library_view.library_changed, self.article_view.library_changed,
                        self.entity_panel.library_changed, self._library_changed):
            self.ops.changed.connect(changed)
        self.corrections.status.connect(self._correction_status)
        self.corrections.failed.connect(self.report_failure)
        self.corrections.waiting.connect(self._reopen_when_idle)
        self.corrections.applied.connect(self.update_undo_actions)
        self.corrections.applied.connect(self.correctionsApplied)

        self._build_actions()
        self._build_menus()
        self._build_status()
        self.retranslate()
        self.update_status()
        self._update_nav()
        if self.settings.geometry is not None:
            self.restoreGeometry(self.settings.geometry)
        state = self.settings.window_state
        if state is not None and self.settings.window_state_rtl == rtl:
            self.restoreState(state)
        why = self.corrections.open_journal()
        if why is not None:
            self.corrections.journal_unusable(why)
        if self.lib.has_unlinked_mentions():  # left by a crash or a failed import: finish it
            QTimer.singleShot(0, self.repair_library)
        QTimer.singleShot(0, self.group_stories)
        self.ops.prepare_link_state()  # the first correction then finds it in memory

    # -- actions ---------------------------------------------------------------------------
    def _action(self, icon: str, slot: Callable[[], Any],
                shortcuts: Sequence[QKeySequence.StandardKey | str] = ()) -> QAction:
        a = QAction(icons.icon(icon), "", self)
        if shortcuts:
            a.setShortcuts(shortcut_list(shortcuts))
        a.triggered.connect(lambda checked=False: slot())
        self.addAction(a)  # shortcuts work whatever has focus, and while menus are hidden
        return a

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_import_files = self._action(icons.IMPORT_FILES, self.import_files_dialog, [K.Open])
        self.act_import_folder = self._action(icons.IMPORT_FOLDER, self.import_folder_dialog, ["Ctrl+Shift+O"])
        self.act_open_library = self._action(icons.OPEN_LIBRARY, self.open_library_dialog, ["Ctrl+Shift+L"])
        self.act_export_pdf = self._action(icons.EXPORT_PDF, self.export_pdf_dialog, ["Ctrl+E"])
        self.act_export_json = self._action(icons.EXPORT_DATA, lambda: self.export_data_dialog("json"))
        self.act_export_csv = self._action(icons.EXPORT_DATA, lambda: self.export_data_dialog("csv"))
        self.act_arabic_digits = QAction(self)  # in exported PDFs (one digit style throughout)
        self.act_arabic_digits.setCheckable(True)
        self.act_arabic_digits.setChecked(self.settings.digits == "arabic")
        self.act_arabic_digits.toggled.connect(
            lambda on: setattr(self.settings, "digits", "arabic" if on else "western"))
        self.act_quit = self._action(icons.QUIT, self.close, [K.Quit, "Ctrl+Q"])
        self.act_zoom_in = self._action(icons.ZOOM_IN, self.article_view.zoom_in, ["Ctrl++", "Ctrl+="])
        self.act_zoom_out = self._action(icons.ZOOM_OUT, self.article_view.zoom_out, ["Ctrl+-"])
        self.act_zoom_reset = self._action(icons.ZOOM_RESET, self.article_view.reset_zoom, ["Ctrl+0"])
        self.act_back = self._action(icons.BACK, self.go_back)
        self.act_forward = self._action(icons.FORWARD, self.go_forward)
        self.act_next_mention = self._action(icons.NEXT_MENTION, lambda: self.step_mention(True), ["F3", "N"])
        self.act_prev_mention = self._action(icons.PREVIOUS_MENTION, lambda: self.step_mention(False), ["Shift+F3", "P"])
        self.act_next_article = self._action(icons.NEXT_ARTICLE, lambda: self.library_view.step_article(True), ["Ctrl+PgDown", "J"])
        self.act_prev_article = self._action(icons.PREVIOUS_ARTICLE, lambda: self.library_view.step_article(False), ["Ctrl+PgUp", "K"])
        self.act_search = self._action(icons.SEARCH, self.focus_search, [K.Find, "Ctrl+F"])
        self.act_about = self._action(icons.ABOUT, self.about)
        self.act_undo = self._action(icons.UNDO, self.undo, [K.Undo, "Ctrl+Z"])
        self.act_redo = self._action(icons.REDO, self.redo, [K.Redo, "Ctrl+Shift+Z"])
        self.act_merge = self._action(icons.MERGE, self.merge_selected_entities, ["Ctrl+M"])
        self.act_rename = self._action(icons.RENAME, lambda: self.rename_entity_dialog(), ["F2"])
        self.act_export_corrections = self._action(icons.CORRECTIONS_EXPORT, self.export_corrections_dialog)
        self.act_import_corrections = self._action(icons.CORRECTIONS_IMPORT, self.import_corrections_dialog)
        self.lang_group = QActionGroup(self)
        self.act_lang = {}
        for lang in i18n.LANGUAGES:
            a = QAction(self)
            a.setCheckable(True)
            a.setChecked(lang == i18n.language())
            a.triggered.connect(lambda checked=False, lang=lang: self.set_language(lang))
            self.lang_group.addAction(a)
            self.act_lang[lang] = a

    def _build_menus(self) -> None:
        mb = self.menuBar()
        self.menu_file = mb.addMenu("")
        self.menu_file.addAction(self.act_open_library)
        self.menu_recent = self.menu_file.addMenu("")
        self.menu_recent.aboutToShow.connect(self._fill_recent)
        self.menu_file.addSeparator()
        for a in (self.act_import_files, self.act_import_folder):
            self.menu_file.addAction(a)
        self.menu_file.addSeparator()
        for a in (self.act_export_pdf, self.act_export_json, self.act_export_csv, self.act_arabic_digits):
            self.menu_file.addAction(a)
        self.menu_file.addSeparator()
        for a in (self.act_export_corrections, self.act_import_corrections):
            self.menu_file.addAction(a)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_edit = mb.addMenu("")
        for a in (self.act_undo, self.act_redo):
            self.menu_edit.addAction(a)
        self.menu_edit.addSeparator()
        for a in (self.act_merge, self.act_rename):
            self.menu_edit.addAction(a)
        self.menu_view = mb.addMenu("")
        for a in (self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset):
            self.menu_view.addAction(a)
        self.menu_view.addSeparator()
        self.menu_view.addAction(self.library_dock.toggleViewAction())
        self.menu_view.addAction(self.entity_dock.toggleViewAction())
        self.menu_view.addSeparator()
        self.menu_lang = self.menu_view.addMenu(icons.icon(icons.LANGUAGE), "")
        for a in self.act_lang.values():
            self.menu_lang.addAction(a)
        self.menu_go = mb.addMenu("")
        for a in (self.act_back, self.act_forward):
            self.menu_go.addAction(a)
        self.menu_go.addSeparator()
        for a in (self.act_next_mention, self.act_prev_mention, self.act_next_article, self.act_prev_article):
            self.menu_go.addAction(a)
        self.menu_go.addSeparator()
        self.menu_go.addAction(self.act_search)
        self.menu_help = mb.addMenu("")
        self.menu_help.addAction(self.act_about)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        for a in (self.act_back, self.act_forward, None, self.act_prev_article, self.act_next_article, None,
                  self.act_prev_mention, self.act_next_mention, None, self.act_zoom_out, self.act_zoom_in, None,
                  self.act_import_files, self.act_export_pdf):
            if a is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(a)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _build_status(self) -> None:
        sb = self.statusBar()
        self.path_label = QLabel(self)
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.counts_label = QLabel(self)
        self.counts_label.setTextFormat(Qt.TextFormat.PlainText)
        self.task_status = TaskStatus(self)
        self.task_status.cancel_button.clicked.connect(self.cancel_task)
        sb.addWidget(self.path_label, 1)
        sb.addPermanentWidget(self.task_status)
        sb.addPermanentWidget(self.counts_label)

    def retranslate(self) -> None:
        rtl = i18n.language() == "ar"
        self.setWindowTitle(tr("Arabic News Reader"))
        for a, text in ((self.act_import_files, "Import files…"), (self.act_import_folder, "Import folder…"),
                        (self.act_open_library, "Open library…"),
                        (self.act_arabic_digits, "Arabic-Indic digits (٠١٢) in PDFs"),
                        (self.act_export_pdf, "Export PDF…"), (self.act_export_json, "Export data (JSON)…"),
                        (self.act_export_csv, "Export data (CSV)…"), (self.act_quit, "Quit"),
                        (self.act_zoom_in, "Zoom in"), (self.act_zoom_out, "Zoom out"), (self.act_zoom_reset, "Reset zoom"),
                        (self.act_back, "Back"), (self.act_forward, "Forward"),
                        (self.act_next_mention, "Next mention"), (self.act_prev_mention, "Previous mention"),
                        (self.act_next_article, "Next article"), (self.act_prev_article, "Previous article"),
                        (self.act_search, "Search"), (self.act_about, "About"),
                        (self.act_merge, "Merge selected entities"), (self.act_rename, "Rename entity…"),
                        (self.act_export_corrections, "Export corrections…"),
                        (self.act_import_corrections, "Import corrections…")):
            a.setText(tr(text))
            keys = a.shortcuts()
            a.setToolTip(tr(text) + (f" ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})" if keys else ""))
        # Back points the way the reading goes: left in an LTR UI, right in an RTL one (as browsers
        # mirrored for Arabic do); the keys follow the arrows.
        self.act_back.setIcon(icons.icon(icons.FORWARD if rtl else icons.BACK))
        self.act_forward.setIcon(icons.icon(icons.BACK if rtl else icons.FORWARD))
        back, fwd = ("Alt+Right", "Alt+Left") if rtl else ("Alt+Left", "Alt+Right")
        self.act_back.setShortcuts(shortcut_list([back, QKeySequence.StandardKey.Back], exclude=fwd))
        self.act_forward.setShortcuts(shortcut_list([fwd, QKeySequence.StandardKey.Forward], exclude=back))
        for a, text in ((self.act_back, "Back"), (self.act_forward, "Forward")):
            a.setToolTip(tr(text) + f" ({a.shortcuts()[0].toString(QKeySequence.SequenceFormat.NativeText)})")
        self.act_lang["en"].setText("English")
        self.act_lang["ar"].setText("العربية")
        self.act_lang[i18n.language()].setChecked(True)
        self.menu_file.setTitle(tr("&File"))
        self.menu_recent.setTitle(tr("Recent libraries"))
        self.menu_edit.setTitle(tr("&Edit"))
        self.update_undo_actions()
        self.menu_view.setTitle(tr("&View"))
        self.menu_go.setTitle(tr("&Go"))
        self.menu_help.setTitle(tr("&Help"))
        self.menu_lang.setTitle(tr("Language"))
        self.library_dock.setWindowTitle(tr("Library"))
        self.entity_dock.setWindowTitle(tr("Entity panel"))
        self.toolbar.setWindowTitle(tr("Arabic News Reader"))
        self.task_status.cancel_button.setToolTip(tr("Cancel"))
        self.library_view.retranslate()
        self.article_view.retranslate()
        self.entity_panel.retranslate()
        if self.article_view.article is not None:
            self.article_view.reload()  # tooltips name the entity types in the UI language
        self.update_status()

    def set_language(self, lang: str) -> None:
        i18n.set_language(lang)
        self.settings.language = lang
        QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft if lang == "ar" else Qt.LayoutDirection.LeftToRight)
        self._mirror_docks(lang == "ar")
        self.retranslate()

    def _mirror_docks(self, rtl: bool) -> None:
        """QMainWindow does not mirror dock areas with the layout: the library stays on the
        reading-start side (left in English, right in Arabic), the entity panel opposite."""
        if rtl == self._docks_rtl:
            return
        self._docks_rtl = rtl
        swap = {Qt.DockWidgetArea.LeftDockWidgetArea: Qt.DockWidgetArea.RightDockWidgetArea,
                Qt.DockWidgetArea.RightDockWidgetArea: Qt.DockWidgetArea.LeftDockWidgetArea}
        for dock in (self.library_dock, self.entity_dock):
            area = self.dockWidgetArea(dock)
            if area in swap and not dock.isFloating():
                self.addDockWidget(swap[area], dock)
        self.resizeDocks([self.library_dock, self.entity_dock], [440, 340], Qt.Orientation.Horizontal)

    # -- status ----------------------------------------------------------------------------
    def update_status(self) -> None:
        s = self.lib.stats()
        self.path_label.setText(tr("Library: {path}", path=i18n.isolate(str(self.lib.path), ltr=True)))
        self.path_label.setToolTip(str(self.lib.path))
        self.counts_label.setText(" · ".join(counted(s[k], what) for k, what in (
            ("articles", "article"), ("entities", "entity"), ("mentions", "mention"))))

    # -- navigation ------------------------------------------------------------------------
    def open_article(self, article_id: int, mention_id: int | None = None, record: bool = True) -> bool:
        same = self.article_view.article is not None and self.article_view.article.id == article_id
        try:
            if same and mention_id is not None:
                self.article_view.select_mention(mention_id)
            elif not same:
                self.article_view.show_article(article_id, mention_id)
        except KeyError:
            self.statusBar().showMessage(str(article_id), 3000)
            return False
        self.library_view.select_article(article_id, emit=False)
        if record and not (same and mention_id is None):
            self._record()
        return True

    def open_entity(self, entity_id: int, record: bool = True) -> bool:
        if not self.entity_panel.show_entity(entity_id):
            return False
        self.entity_dock.show()
        self.entity_dock.raise_()
        if record:
            self._record()
        return True

    def _entity_link_clicked(self, entity_id: int, mention_id: int) -> None:
        self.open_entity(entity_id)

    def _record(self) -> None:
        if self._navigating:
            return
        a = self.article_view.article
        e = self.entity_panel.entity
        self.history.push(Place(a.id if a else None, self.article_view._current_mention, e.id if e else None))
        self._update_nav()

    def _restore(self, place: Place | None) -> None:
        if place is None:
            return
        self._navigating = True
        try:
            if place.article_id is not None:
                if self.article_view.article is None or self.article_view.article.id != place.article_id:
                    self.article_view.show_article(place.article_id, place.mention_id, flash=False)
                elif place.mention_id is not None:
                    self.article_view.select_mention(place.mention_id, flash=False)
                self.library_view.select_article(place.article_id, emit=False)
            else:
                self.article_view.clear()
            if place.entity_id is not None:
                if self.entity_panel.entity is None or self.entity_panel.entity.id != place.entity_id:
                    self.entity_panel.show_entity(place.entity_id)
            else:
                self.entity_panel.clear()
        except KeyError:
            pass  # deleted since; stay where we are
        finally:
            self._navigating = False
        self._update_nav()

    def go_back(self) -> None:
        self._restore(self.history.back())

    def go_forward(self) -> None:
        self._restore(self.history.forward())

    def _update_nav(self) -> None:
        self.act_back.setEnabled(self.history.can_back())
        self.act_forward.setEnabled(self.history.can_forward())

    def step_mention(self, forward: bool) -> None:
        """Select the next (previous) mention, with the keyboard's focus in the article: the
        context-menu key and Ctrl+C then act on it."""
        if self.article_view.step_mention(forward) is not None:
            self.article_view.browser.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        self.library_dock.show()
        self.library_view.tabs.setCurrentIndex(0)
        self.library_view.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.library_view.search.selectAll()

    def _zoom_changed(self, zoom: int) -> None:
        self.settings.zoom = zoom

    def _hidden_changed(self, hidden: object) -> None:
        self.settings.hidden_labels = set(hidden)  # type: ignore[call-overload]

    # -- import ----------------------------------------------------------------------------
    def open_library_dialog(self) -> None:
        path = file_dialogs.open_library(self, str(self.lib.path.parent), self._own_files())
        if path:
            self.open_library(Path(path))

    def open_library(self, path: Path) -> None:
        """Close this window and open ``path`` in a new one (app.run does it, once this one closed)."""
        if path.resolve() == self.lib.path.resolve():
            return
        self.next_library = path
        self.close()  # waits for queued corrections first (closeEvent)

    def _fill_recent(self) -> None:
        self.menu_recent.clear()
        current = str(self.lib.path.resolve())
        for item in self.settings.recent_libraries:
            if item == current:
                continue
            a = self.menu_recent.addAction(i18n.isolate(item, ltr=True))
            a.triggered.connect(lambda checked=False, item=item: self.open_library(Path(item)))
        if self.menu_recent.isEmpty():
            a = self.menu_recent.addAction(tr("No other library opened yet"))
            a.setEnabled(False)

    def unexpected_error(self, kind: type[BaseException], value: BaseException, tb: Any) -> None:
        """sys.excepthook while the window is open: a bug in a slot is logged and told, not silent."""
        import traceback

        log.error("unexpected error: %s", "".join(traceback.format_exception(kind, value, tb)).rstrip())
        self.report_failure(tr("Something went wrong: {error}", error=str(value) or kind.__name__),
                            tr("Your library and corrections are kept. If it happens again, report it with the log."))

    def import_files_dialog(self) -> None:
        files = file_dialogs.open_files(self, tr("Import files…"), self._start_dir(),
                                        tr("Articles (*.txt *.html *.htm *.md *.json *.jsonl *.zip);;All files (*)"),
                                        self._own_files())
        if files:
            self.settings.last_dir = str(Path(files[0]).parent)
            self.import_paths(files)

    def import_folder_dialog(self) -> None:
        folder = file_dialogs.open_folder(self, tr("Import folder…"), self._start_dir(), self._own_files())
        if folder:
            self.settings.last_dir = folder
            self.import_paths([folder])

    def _own_files(self) -> list[Path]:
        """The library's files, which no dialog shows (``file_dialogs``)."""
        return own_files(self.lib.path)

    def _start_dir(self) -> str:
        return self.settings.last_dir or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def import_paths(self, paths: Sequence[str | Path]) -> None:
        """Import (and analyse) files or folders in the background; queued if work is running."""
        items = [str(p) for p in paths]
        if not items:
            return
        if self.task is not None:
            self._pending_imports.append(items)
            return

        def op(lib: Library, progress: Callable[[Any], None], cancel: Callable[[], bool]) -> Any:
            from reader.core.linking import compact_link_state
            from reader.core.pipeline import import_paths

            report = import_paths(lib, items, progress=progress, cancel=cancel)
            compact_link_state(lib.path)  # kept for the next correction: packed into fresh memory
            return report

        self._start(op, IMPORTED, self._import_done, tr("Importing…"), self._import_failed)

    def _import_done(self, report: Any) -> None:
        self.last_report = report
        summary = tr("imported {imported}, updated {updated}, unchanged {unchanged}, failed {failed}",
                     imported=report.imported, updated=report.updated, unchanged=report.unchanged,
                     failed=len(report.failed))
        self.statusBar().showMessage(tr("Import cancelled: {summary}" if report.cancelled else "Import finished: {summary}",
                                        summary=summary), 10000)
        self.last_failures = list(report.failed)
        if report.failed:
            self._show_failures(report.failed)
        if self.article_view.article is None and self.library_view.model.rowCount() == 0:
            self.library_view.model.fetch_until(0)
        if self.article_view.article is None and self.library_view.model.rowCount():
            aid = self.library_view.model.article_id(0)
            if aid is not None:
                self.open_article(aid)

    def _import_failed(self, message: str) -> None:
        if not self.check_library_files():
            return  # library_changed said what happened
        self.report_failure(tr("The import stopped: {error}", error=message),
                            tr("The articles stored before the error are kept, and the library is being tidied up (entities linked again). Import the same files again to finish: those already imported are skipped."))
        QTimer.singleShot(0, self.repair_library)  # once this task has ended

    def _show_failures(self, failures: Sequence[ImportFailure]) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("Some articles could not be imported"))
        box.setText(tr("{items} could not be imported (the rest were):", items=counted(len(failures), "file or record")))
        lines = [f"{Path(f.source).name}: {f.reason}" for f in failures[:8]]
        if len(failures) > 8:
            lines.append("…")
        box.setInformativeText("\n".join(lines))
        box.setDetailedText("\n".join(f"{f.source}: {f.reason}" for f in failures))
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()  # not exec(): a failed file must not block the reader

    # -- export ----------------------------------------------------------------------------
    def export_ids(self) -> list[int]:
        """The selected articles in the library list, else the open article."""
        selected = self.library_view.selected_article_ids()
        if len(selected) > 1:
            return selected
        if self.article_view.article is not None:
            return [self.article_view.article.id]
        return selected

    def export_pdf_dialog(self) -> None:
        ids = self.export_ids()
        if not ids:
            self.statusBar().showMessage(tr("Nothing to export: open or select an article first."), 5000)
            return
        name = f"article-{ids[0]}.pdf" if len(ids) == 1 else "articles.pdf"
        path = file_dialogs.save_file(self, tr("Export PDF…"), str(Path(self._start_dir()) / name), tr("PDF (*.pdf)"),
                                      self._own_files())
        if path:
            self.export_pdf(ids, path)

    def export_pdf(self, ids: Sequence[int], path: str | Path) -> None:
        ids, digits, language = list(ids), self.settings.digits, i18n.language()

        def op(lib: Library) -> Path:
            from reader.export.pdf import export_pdf

            export_pdf(lib, ids, Path(path), language=language, digits=digits)  # as the dossier: the UI's
            return Path(path)

        self._start(op, NOTHING, self._export_done, tr("Working…"))

    def export_data_dialog(self, fmt: str) -> None:
        ids = self.library_view.selected_article_ids()
        flt = tr("JSON (*.json)") if fmt == "json" else tr("CSV (*.csv)")
        path = file_dialogs.save_file(self, tr("Export data (JSON)…" if fmt == "json" else "Export data (CSV)…"),
                                      str(Path(self._start_dir()) / f"library.{fmt}"), flt, self._own_files())
        if path:
            self.export_data(fmt, path, ids if len(ids) > 1 else None)

    def export_data(self, fmt: str, path: str | Path, ids: Sequence[int] | None = None) -> None:
        """JSON/CSV of the given articles (None: the whole library) in the background."""
        ids = list(ids) if ids is not None else None

        def op(lib: Library) -> Path:
            from reader.export.data import write_csv, write_json

            with open(path, "w", encoding="utf-8", newline="") as f:
                (write_json if fmt == "json" else write_csv)(lib, f, ids)
            return Path(path)

        self._start(op, NOTHING, self._export_done, tr("Working…"))

    def _export_done(self, path: Path) -> None:
        self.statusBar().showMessage(tr("Exported {path}", path=str(path)), 10000)

    # -- background work -------------------------------------------------------------------
    def _start(self, op: Callable[..., Any], changes: Changes, on_done: Callable[[Any], None], label: str,
               on_failed: Callable[[str], None] | None = None) -> None:
        """Run an op as the window's task: in the status bar, with progress and a cancel button."""
        ts = self.task_status
        ts.label.setText(label)
        ts.bar.setRange(0, 0)
        ts.show()
        self._eta = Eta()
        self.task = self.ops.run(op, changes, on_done, on_failed or self._export_failed,
                                 progress=self._task_progress, name=label)
        self.task.ended.connect(self._task_ended)

    def _task_progress(self, p: Any) -> None:
        from reader.core.duplicates import GROUPING
        from reader.core.pipeline import LINKING, LINKING_AGAIN

        bar = self.task_status.bar
        text = p.message
        if text in (LINKING, LINKING_AGAIN):  # after the bar's end: a phase of its own, no ETA
            bar.setRange(0, 0)
            self.task_status.label.setText(tr("Linking entities…") if text == LINKING else tr(
                "Linking the names found across the library…"))
            return
        if text == GROUPING:
            text = tr("finding the same story in other outlets…")
        if p.total:
            # In per mille: an import counts input bytes, which overflow QProgressBar's int range.
            bar.setRange(0, 1000)
            bar.setValue(int(1000 * min(p.done, p.total) / p.total))
            left = self._eta.update(p.done, p.total)
            if left is not None:
                eta = tr("{time} left", time=clock_text(left))
                text = f"{text} · {eta}" if text else eta
        if text:
            bar.setFormat(f"%p% · {text}")
            bar.setTextVisible(True)

    def _export_failed(self, message: str) -> None:
        self.report_failure(tr("The export failed: {error}", error=message),
                            tr("Nothing in the library was changed. Check that the target folder can be written, then export again."))

    def report_failure(self, what: str, next_step: str) -> None:
        """Say what failed, what was kept and what to do (not modal: the reader stays usable);
        the traceback is in the log file, which the message names."""
        self.statusBar().showMessage(what, 15000)
        where = logs.log_path()
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Arabic News Reader"), what, QMessageBox.StandardButton.Ok, self)
        box.setInformativeText(next_step + "\n\n" + tr("Details for a bug report are in {path}.", path=str(where)))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setModal(False)
        box.show()
        self.last_failure_box = box

    def _task_ended(self) -> None:
        self.task = None
        self.task_status.hide()
        self.task_status.bar.setFormat("%p%")
        if self.library_problem is not None:
            self._reopen_when_idle()
        elif self._pending_imports:
            self.import_paths(self._pending_imports.pop(0))
        else:
            self.taskEnded.emit()

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()
        self._pending_imports.clear()

    # -- the library's files ---------------------------------------------------------------
    def _check_library(self) -> None:
        """Every few seconds: the library's files, then writes by other programs (to show them)."""
        if self.check_library_files():
            self.ops.notice_outside_writes()

    def check_library_files(self) -> bool:
        """Whether the library's WAL is still the one this window opened (reader.core.store.guard).

        Checked every few seconds and before any work starts: when another program removed it,
        nothing more is written (it would go into a deleted file), the user is told, and the
        library is reopened as soon as the running work has stopped.
        """
        if self.library_problem is not None:
            return False
        try:
            self.lib.check_files()
        except LibraryChangedError as e:
            self._library_files_changed(str(e))
            return False
        return True

    def _library_files_changed(self, problem: str) -> None:
        self.library_problem = problem
        self._reopen_tries = 0
        log.error("%s", problem)
        box = QMessageBox(QMessageBox.Icon.Critical, tr("Arabic News Reader"), tr(
            "Another program removed the library's write-ahead log while this window had the library open."),
            QMessageBox.StandardButton.Ok, self)
        box.setInformativeText(tr("So that nothing you do is written into a deleted file, the reader stopped writing to the library. Your corrections are kept in its journal. The library is reopened as soon as the work in progress has stopped, and the corrections are applied then.") + "\n\n" + problem)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setModal(False)
        box.show()
        self.library_box = box
        self._reopen_when_idle()

    def _reopen_when_idle(self) -> None:
        if self.library_problem is not None and self.task is None and not self.corrections.running:
            QTimer.singleShot(0, self._reopen_library)

    def _reopen_library(self) -> None:
        """Close this process's connection (the last one: no work runs) and open the library afresh,
        once no background read of this process holds one either (a connection of another thread
        would make the fresh WAL look foreign)."""
        if self.library_problem is None or self.task is not None or self.corrections.running:
            return
        if tasks_running():  # when it has ended
            QTimer.singleShot(REOPEN_POLL_MS, self._reopen_library)
            return
        try:
            self.lib.reopen()
        except LibraryError as e:
            log.error("reopening the library failed: %s", e)
            self.statusBar().showMessage(tr("The library could not be reopened: {error}", error=str(e)))
            self._reopen_tries += 1
            if self._reopen_tries < REOPEN_TRIES:  # a connection of ours that was closing, as often as not
                QTimer.singleShot(REOPEN_RETRY_MS, self._reopen_library)
            return
        self.library_problem = None
        self._reopen_tries = 0
        log.warning("%s: reopened after its write-ahead log was removed", self.lib.path)
        if self.keeper is not None and not self.keeper.alive():
            self.keeper = start_keeper(self.lib.path)
        self.ops.changed.emit(EVERYTHING)  # what was applied before is shown
        self.statusBar().showMessage(tr("The library was reopened; your corrections are being applied."), 10000)
        self.corrections.replay_journal()
        if self._pending_imports and self.task is None:
            self.import_paths(self._pending_imports.pop(0))

    def repair_library(self) -> None:
        """Finish what a crash or a failed import left half-done (unlinked mentions), in the background."""

        def op(lib: Library, progress: Callable[[Any], None]) -> int:
            from reader.core.pipeline import repair

            return repair(lib, progress=progress)

        def done(n: int) -> None:
            if n:
                self.statusBar().showMessage(tr("Linked the entities of {articles} left unlinked.", articles=counted(n, "article")), 10000)

        def failed(message: str) -> None:
            if self.check_library_files():
                self.report_failure(tr("Tidying up the library failed: {error}", error=message),
                                    tr("Your articles and corrections are kept. Run “reader analyse” on this library, or reopen it, to try again."))

        if self.task is None:
            self._start(op, RELINKED, done, tr("Linking entities…"), failed)

    def group_stories(self) -> None:
        """Group, in the background, the articles stored without a sketch (a library made before
        grouping existed): the list shows their groups when it is done."""
        import sqlite3

        from reader.core import duplicates

        if self._grouping is not None:
            return
        try:
            if not duplicates.has_missing(self.lib):
                return
        except sqlite3.Error:  # closed or replaced under us: the next window does it
            return

        def ended(_: object) -> None:  # a failure is logged (run_task); the list just shows no groups yet
            self._grouping = None

        # stops at its next batch (a second or two) when the window closes
        self._grouping = self.ops.run(lambda lib, cancel: duplicates.backfill(lib, cancel=cancel), GROUPED,
                                      ended, ended, name="grouping the same stories")

    # -- corrections -----------------------------------------------------------------------
    def _correct_kind(self, kind: str, *args: Any, follow_key: str | None = None) -> bool:
        """Make a correction of the library as it is now (what the user sees), record it in the background."""
        from reader.core import corrections as corr

        try:
            change = corr.change(self.lib, kind, *args)
        except corr.CorrectionError as e:
            self.statusBar().showMessage(str(e), 5000)
            return False
        return self._correct_journaled(journal.Entry.new("record", change), follow_key)

    def _correct_journaled(self, entry: journal.Entry, follow_key: str | None = None,
                           on_applied: Callable[[Any], None] | None = None) -> bool:
        """Queue a correction (``CorrectionQueue``); ``follow_key``: the entity the panel shows
        afterwards, by default the one it shows now."""
        shown = self.entity_panel.entity
        key = follow_key if follow_key is not None else (shown.key if shown else None)
        self.corrections.add_entry(entry, key, on_applied)
        if entry.op == "record":
            # the queue applies in order: Undo pressed before this correction is applied undoes
            # it (it was disabled until then where nothing had been corrected, and Ctrl+Z did nothing)
            self.act_undo.setEnabled(True)
            self.act_redo.setEnabled(False)
        return True

    def corrections_pending(self) -> int:
        """Corrections queued or being applied."""
        return self.corrections.pending()

    def _correction_status(self, text: str, timeout: int) -> None:
        if text:
            self.statusBar().showMessage(text, timeout)
        else:
            self.statusBar().clearMessage()

    def _library_changed(self, changes: Changes) -> None:
        """The window's own part of a change: the counts in the status bar and the undo actions."""
        if changes.articles or changes.entities:
            self.update_status()
        if changes.history:
            self.update_undo_actions()

    def update_undo_actions(self) -> None:
        from reader.core import corrections as corr

        u, r = corr.can_undo(self.lib), corr.can_redo(self.lib)
        self.act_undo.setEnabled(u is not None)
        self.act_redo.setEnabled(r is not None)
        self.act_undo.setText(tr("Undo: {what}", what=i18n.describe_correction(u)) if u else tr("Undo"))
        self.act_redo.setText(tr("Redo: {what}", what=i18n.describe_correction(r)) if r else tr("Redo"))

    def undo(self) -> None:
        self._correct_journaled(journal.Entry.new("undo"))

    def redo(self) -> None:
        self._correct_journaled(journal.Entry.new("redo"))

    def mark_text(self, label: Any, start: int, end: int) -> None:
        """Mark a selection as a name: snapped to whole words (a clitic left out stays out)."""
        from reader.core.arabic import snap_to_words

        a = self.article_view.article
        if a is None:
            return
        start, end = snap_to_words(a.text, start, end)
        if start == end:
            self.statusBar().showMessage(tr("Select the words of a name to mark it."), 5000)
            return
        self._correct_kind("mark", a.id, start, end, label)

    def remove_mention(self, mention_id: int) -> None:
        self._correct_kind("remove", mention_id)

    def split_mention(self, mention_id: int) -> None:
        self._correct_kind("split", mention_id)

    def set_entity_type(self, entity_id: int, label: Any) -> None:
        self._correct_kind("set_type", entity_id, label)

    def rename_entity(self, entity_id: int, name: str) -> None:
        self._correct_kind("rename", entity_id, name)

    def rename_entity_dialog(self, entity_id: int | None = None) -> None:
        from PySide6.QtWidgets import QInputDialog

        if entity_id is None:
            e = self.entity_panel.entity
            if e is None:
                self.statusBar().showMessage(tr("Select an entity first."), 5000)
                return
            entity_id = e.id
        entity = self.lib.entity(entity_id)
        name, ok = QInputDialog.getText(self, tr("Rename entity…"), tr("Name:"), text=entity.name)
        name = " ".join(name.split())
        if not ok or not name or name == entity.name:
            return
        # Another entity of the type already has that name: two same-named rows in the list would
        # be told apart by nothing. Offer to merge them (the usual wish), or to rename only.
        other = next((e for e in self.lib.entities_named(entity.label, name) if e.id != entity_id), None)
        if other is not None:
            box = QMessageBox(QMessageBox.Icon.Question, tr("Rename entity…"), tr(
                "“{name}” is already the name of another entity ({articles}).", name=name,
                articles=counted(other.n_articles, "article")), QMessageBox.StandardButton.Cancel, self)
            box.setInformativeText(tr("Merge the two into one entity of that name, or rename this one only?"))
            merge = box.addButton(tr("Merge"), QMessageBox.ButtonRole.AcceptRole)
            rename = box.addButton(tr("Rename only"), QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(merge)
            box.exec()
            if box.clickedButton() is merge:
                self.merge_entities([entity_id, other.id], into=other.id, name=name)
                return
            if box.clickedButton() is not rename:
                return
        self.rename_entity(entity_id, name)

    def merge_entities(self, entity_ids: Sequence[int], into: int | None = None, name: str = "") -> None:
        if into is None and self.entity_panel.entity is not None and self.entity_panel.entity.id in entity_ids:
            into = self.entity_panel.entity.id
        try:
            target = into if into is not None else max(entity_ids, key=lambda i: self.lib.entity(i).n_mentions) if entity_ids else None
            key = self.lib.entity(target).key if target is not None else None
        except KeyError as e:
            self.statusBar().showMessage(str(e).strip("'\""), 5000)
            return
        self._correct_kind("merge", list(entity_ids), into, name, follow_key=key)

    def merge_selected_entities(self) -> None:
        """Merge the entities selected in the entity list, asking which name the result takes."""
        from PySide6.QtWidgets import QInputDialog

        from reader.core import corrections as corr

        ids = self.library_view.selected_entity_ids()
        if len(ids) < 2:
            self.library_dock.show()
            self.library_view.tabs.setCurrentIndex(1)
            self.statusBar().showMessage(tr("Select two or more entities in the entity list (Ctrl+click), then merge."), 8000)
            return
        names = corr.merge_names(self.lib, ids)
        name, ok = QInputDialog.getItem(self, tr("Merge selected entities"),
                                        tr("Merge {n} entities. Name of the merged entity:", n=len(ids)), names, 0, True)
        if ok and name.strip():
            self.merge_entities(ids, name=name.strip())

    def export_corrections_dialog(self) -> None:
        path = file_dialogs.save_file(self, tr("Export corrections…"), str(Path(self._start_dir()) / "corrections.json"),
                                      tr("JSON (*.json)"), self._own_files())
        if path:
            from reader.core import corrections as corr

            n = corr.export_corrections(self.lib, path)
            self.statusBar().showMessage(tr("Exported {items} to {path}", items=counted(n, "correction"), path=path), 8000)

    def import_corrections_dialog(self) -> None:
        path = file_dialogs.open_file(self, tr("Import corrections…"), self._start_dir(), tr("JSON (*.json)"),
                                      self._own_files())
        if path:
            self.import_corrections(path)

    def import_corrections(self, path: str | Path) -> None:
        self._correct_journaled(journal.Entry.new("import", file=path), on_applied=lambda n: self.statusBar().showMessage(
            tr("Imported {items}", items=counted(n, "correction")), 8000))

    def export_dossier_dialog(self, entity_id: int) -> None:
        name = self.lib.entity(entity_id).name
        path = file_dialogs.save_file(self, tr("Dossier PDF…"), str(Path(self._start_dir()) / f"{name}.pdf"),
                                      tr("PDF (*.pdf)"), self._own_files())
        if path:
            self.export_dossier(entity_id, path)

    def export_dossier(self, entity_id: int, path: str | Path) -> None:
        digits, language = self.settings.digits, i18n.language()

        def op(lib: Library) -> Path:
            from reader.export.dossier import export_dossier

            export_dossier(lib, entity_id, Path(path), language=language, digits=digits)
            return Path(path)

        self._start(op, NOTHING, self._export_done, tr("Working…"))

    # -- drag and drop ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
            self.statusBar().showMessage(tr("Drop files here to import them"), 2000)
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)
        else:
            super().dropEvent(event)

    # -- misc ------------------------------------------------------------------------------
    def about(self) -> None:
        from reader import __version__

        QMessageBox.about(self, tr("About"), f"{tr('Arabic News Reader')} {__version__}\n\n" + tr(
            "A desktop reader for Arabic news: right-to-left articles with their named entities linked across a library."))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.corrections_pending():
            # Queued corrections are the researcher's work and are stored as they are applied:
            # finish them, then close (quitting now would drop them, or roll back the one running).
            self.statusBar().showMessage(tr("Saving your corrections before closing…"))
            if not self._close_when_applied:
                self._close_when_applied = True
                self.correctionsApplied.connect(self.close, Qt.ConnectionType.QueuedConnection)
            event.ignore()
            return
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.window_state_rtl = self._docks_rtl
        self.settings.sync()
        self.ops.cancel()  # an import, export or grouping stops at its next check
        self.ops.keep_link_state()  # for the next window's first correction
        self.corrections.release()  # empty now: the journal's file goes
        super().closeEvent(event)


def shortcut_list(keys: Sequence[QKeySequence.StandardKey | str], exclude: str = "") -> list[QKeySequence]:
    """The key sequences of ``keys`` (a standard key gives all of the platform's bindings), each once.

    An action given one sequence twice (the platform's Ctrl+Q for Quit and a literal "Ctrl+Q")
    makes Qt report an ambiguous shortcut and do nothing on the key, so duplicates go;
    ``exclude`` is a sequence another action has (Alt+Left is Back in one direction only).
    """
    out: list[QKeySequence] = []
    bad = QKeySequence(exclude) if exclude else None
    for k in keys:
        for seq in (QKeySequence.keyBindings(k) if isinstance(k, QKeySequence.StandardKey) else [QKeySequence(k)]):
            if seq.isEmpty() or seq == bad or seq in out:
                continue
            out.append(seq)
    return out
