"""The Qt-free core: model, Arabic text handling, NER, linking, storage.

Nothing under this package may import PySide6 or qtawesome (checked by import-linter).
"""
