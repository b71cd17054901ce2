"""Exports: highlighted HTML shared by the view and PDFs, PDF (Qt), JSON and CSV (Qt-free)."""
