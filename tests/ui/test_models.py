"""The lazily fetching models: qtmodeltester, paging, filters."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from reader.ui.models import ArticleListModel, EntityListModel, EntityMentionsModel
from reader.ui.models.entities import ID_ROLE
from reader.ui.models.mentions import HTML_ROLE, MENTION_ROLE


def test_article_model_passes_modeltester(qtmodeltester, big_lib):
    model = ArticleListModel(big_lib, page_size=50)
    qtmodeltester.check(model)


def test_filtered_article_model_passes_modeltester(qtmodeltester, big_lib):
    # A fresh model per filter: the testers re-run fetchMore from their modelReset handler
    # before they record the reset as finished, which a lazily fetching model cannot satisfy.
    model = ArticleListModel(big_lib, page_size=50, query="الدوحة")
    qtmodeltester.check(model)
    assert model.total == 651  # 650 fillers and the first article


def test_article_model_fetches_lazily(big_lib):
    model = ArticleListModel(big_lib, page_size=100)
    total = big_lib.count_articles()
    assert model.total == total == 653
    assert model.rowCount() == 0 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 100
    model.fetch_until(250)
    assert model.rowCount() == 300
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == total
    titles = {model.index(r, ArticleListModel.TITLE).data() for r in range(model.rowCount())}
    assert "النمروش يزور قطر" in titles


def test_article_model_columns(ui_lib):
    model = ArticleListModel(ui_lib)
    model.fetchMore()
    row = model.row_of(ui_lib.find_article("/data/0.txt").id)
    assert row is not None
    assert model.index(row, ArticleListModel.TITLE).data() == "النمروش يزور قطر"
    assert model.index(row, ArticleListModel.OUTLET).data() == "الساعة 24"
    assert model.index(row, ArticleListModel.DATE).data() == "2020-05-01"
    assert int(model.index(row, ArticleListModel.ENTITIES).data()) >= 4  # Western digits in both UI languages
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Title"


def test_search_and_entity_filter(ui_lib):
    model = ArticleListModel(ui_lib)
    model.set_filter(query="تركيا")
    model.fetchMore()
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "😀 قطر وتركيا"
    model.set_filter(query="")
    eid = next(m.entity_id for m in ui_lib.mentions(ui_lib.find_article("/data/0.txt").id) if m.text == "خالد العطية")
    model.set_filter(entity_id=eid)
    model.fetchMore()
    assert {model.index(r, 0).data() for r in range(model.rowCount())} == {"النمروش يزور قطر", "😀 قطر وتركيا"}
    model.set_filter(query='"unbalanced (quote* AND OR')  # any typed string is safe
    model.fetchMore()
    assert model.rowCount() == 0


def test_entity_model(qtmodeltester, big_lib):
    model = EntityListModel(big_lib, page_size=2)
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == big_lib.count_entities()


def test_an_entity_of_one_article_says_which_in_its_tooltip(ui_lib):
    from PySide6.QtCore import Qt

    model = EntityListModel(ui_lib, page_size=500)
    model.fetchMore()
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    one = next(i for i in rows if ui_lib.entity(i.data(ID_ROLE)).n_articles == 1)
    article = ui_lib.article(ui_lib.entity_articles(one.data(ID_ROLE))[0])
    assert article.title in one.data(Qt.ItemDataRole.ToolTipRole).splitlines()[-1]
    several = next(i for i in rows if ui_lib.entity(i.data(ID_ROLE)).n_articles > 1)
    assert "in “" not in several.data(Qt.ItemDataRole.ToolTipRole)


def test_mentions_model_groups_by_article_and_pages(qtmodeltester, big_lib):
    doha = next(e for e in big_lib.entities(query="الدوحة"))
    model = EntityMentionsModel(big_lib, page_size=7)
    model.set_entity(doha.id)
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.loaded == doha.n_mentions

    model = EntityMentionsModel(big_lib, page_size=7)  # without a tester fetching on its own
    model.set_entity(doha.id)
    assert model.canFetchMore()
    model.fetchMore()
    assert model.loaded == 7
    while model.canFetchMore():
        model.fetchMore()
    assert model.loaded == doha.n_mentions
    groups = model.rowCount()
    assert groups == doha.n_articles
    child = model.index(0, 0, model.index(0, 0))
    assert child.data(MENTION_ROLE) is not None
    assert "<b " in child.data(HTML_ROLE)
    assert model.parent(child) == model.index(0, 0)
    assert model.parent(model.index(0, 0)) == QModelIndex()
    qtmodeltester.check(model)


def test_mentions_model_escapes_sentence(ui_lib):
    qatar = next(e for e in ui_lib.entities(query="Qatar"))
    model = EntityMentionsModel(ui_lib)
    model.set_entity(qatar.id)
    model.fetchMore()
    html = model.index(0, 0, model.index(0, 0)).data(HTML_ROLE)
    assert "<script>" not in html and "&lt;script&gt;" in html
