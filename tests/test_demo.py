"""The demo library shown at first start: every file imports, and names recur across articles."""
from reader.core.model import Label
from reader.core.pipeline import import_paths
from reader.resources import resource_path


def test_demo_articles_import_and_link(library):
    report = import_paths(library, [resource_path("demo", "articles")])
    assert report.failed == [] and report.imported == 6
    people = library.entities(label=Label.PERS)
    # A person introduced by full name in one article is found, by short forms, in several.
    assert max(e.n_articles for e in people) >= 4
    assert any(len(set(e.aliases)) >= 3 for e in people)
