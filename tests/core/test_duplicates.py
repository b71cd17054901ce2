"""The same story from several outlets: near-duplicates grouped at import, incrementally.

The texts are written for these tests: a ministry's announcement as an agency sent it and as an
outlet edited it (a dateline, a lead reworded, a paragraph cut, one added, hamza and ta marbuta
written otherwise), a different story on the same subject, and a few more stories in versions.
"""
from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from reader.core import duplicates
from reader.core.model import Document
from reader.core.ner import load_backend
from reader.core.pipeline import import_paths
from reader.core.store import Library
from reader.core.store.migrations import migrations

HOSPITAL = (
    "أعلنت وزارة الصحة اليوم الأحد افتتاح مستشفى جديد للأطفال في مدينة الدمام بسعة مئتين وخمسين سريرا، "
    "وذلك ضمن خطة الوزارة لتوسيع الخدمات الصحية في المنطقة الشرقية.\n"
    "وقال المتحدث الرسمي باسم الوزارة إن المستشفى يضم أقساما متخصصة في جراحة القلب وأمراض الدم والعناية "
    "المركزة لحديثي الولادة، ويعمل فيه أكثر من ستمئة طبيب وممرض.\n"
    "وأضاف أن المشروع استغرق ثلاث سنوات من العمل وبلغت تكلفته نحو أربعمئة مليون ريال.\n"
    "وأوضح أن المستشفى سيستقبل المرضى من جميع محافظات المنطقة اعتبارا من الشهر المقبل، وأن الحجز سيكون "
    "عبر التطبيق الإلكتروني للوزارة.\n"
    "وأشار إلى أن الوزارة تعتزم افتتاح مستشفيين آخرين في الأحساء والجبيل قبل نهاية العام."
)
# The outlet's version: its own dateline and lead verb, one paragraph cut and one added, الاحد,
# ان, اقساما, الصحيه, المنطقه written without hamza or with ه, a diacritic or two.
HOSPITAL_EDITED = (
    "الدمام - واس\n"
    "افتتحت وزارة الصحة اليوم الاحد مستشفى جديدا للأطفال في مدينة الدمام بسعة مئتين وخمسين سريرا، "
    "وذلك ضمن خطة الوزارة لتوسيع الخدمات الصحيه في المنطقه الشرقيه.\n"
    "وقال المتحدث الرسمي باسم الوزارة ان المستشفى يضم اقساما متخصصة في جراحة القلب وأمراض الدم والعنايةِ "
    "المركزة لحديثي الولادة، ويعمل فيه أكثر من ستمئة طبيب وممرض.\n"
    "وأوضح أن المستشفى سيستقبل المرضى من جميع محافظات المنطقة اعتبارا من الشهر المقبل، وأن الحجز سيكون "
    "عبر التطبيق الإلكترونيّ للوزارة.\n"
    "ورحب عدد من أهالي الدمام بالمشروع الذي طال انتظاره."
)
# Another story on the same hospital: the same names and subject, its own sentences.
HOSPITAL_COMPLAINT = (
    "انتقد عدد من أولياء الأمور في الدمام تأخر افتتاح مستشفى الأطفال الجديد الذي أعلنت عنه وزارة الصحة "
    "قبل ثلاث سنوات.\n"
    "وقالت إحدى الأمهات إن أطفال المنطقة الشرقية ما زالوا يسافرون إلى الرياض لتلقي العلاج في أقسام القلب "
    "والعناية المركزة.\n"
    "ويرى أطباء أن نقص الكوادر التمريضية هو السبب الرئيسي في التأخير، مطالبين الوزارة بخطة واضحة للتوظيف "
    "في المستشفى.\n"
    "ولم ترد وزارة الصحة على أسئلة الصحيفة حتى وقت النشر، فيما قالت مصادر في المديرية إن الافتتاح قد يتأجل "
    "إلى العام المقبل بسبب أعمال الصيانة."
)
MATCH = (
    "فاز فريق النصر على ضيفه الاتفاق بثلاثة أهداف مقابل هدف واحد في المباراة التي أقيمت مساء أمس على "
    "ملعب الأمير فيصل بن فهد في الرياض ضمن الجولة الخامسة من الدوري.\n"
    "وسجل أهداف النصر المهاجم محمد السهلاوي في الدقيقة العشرين والدقيقة الستين، وأضاف يحيى الشهري الهدف "
    "الثالث من ركلة حرة قبل نهاية المباراة بخمس دقائق، فيما سجل هدف الاتفاق لاعبه البديل في الوقت بدل الضائع.\n"
    "وبهذا الفوز رفع النصر رصيده إلى ثلاث عشرة نقطة في صدارة الترتيب، وتجمد رصيد الاتفاق عند ست نقاط."
)
MATCH_EDITED = (
    "تغلب فريق النصر على ضيفه الاتفاق بثلاثة أهداف مقابل هدف واحد في المباراة التي أقيمت مساء أمس على "
    "ملعب الأمير فيصل بن فهد في الرياض ضمن الجولة الخامسة من دوري المحترفين.\n"
    "وسجل أهداف النصر المهاجم محمد السهلاوي في الدقيقة العشرين والدقيقة الستين، وأضاف يحيى الشهري الهدف "
    "الثالث من ركلة حرة قبل نهاية المباراة بخمس دقائق.\n"
    "وبهذا الفوز رفع النصر رصيده إلى ثلاث عشرة نقطة في صدارة الترتيب."
)
RAIN = (
    "توقعت الرئاسة العامة للأرصاد وحماية البيئة هطول أمطار رعدية غزيرة على مناطق جازان وعسير والباحة "
    "ونجران خلال الأيام الثلاثة المقبلة، مصحوبة برياح نشطة تثير الأتربة والغبار وتحد من مدى الرؤية الأفقية.\n"
    "ودعت الرئاسة المواطنين والمقيمين إلى الابتعاد عن مجاري السيول والأودية وعدم المجازفة بعبورها، "
    "واتباع تعليمات الدفاع المدني.\n"
    "وأوضحت أن درجات الحرارة ستنخفض بشكل ملحوظ على المرتفعات الجنوبية الغربية، بينما تبقى مرتفعة في "
    "المنطقة الشرقية والرياض."
)
RAIN_EDITED = (
    "أبها - الوطن\n"
    "توقعت الرئاسة العامة للأرصاد وحماية البيئة هطول أمطار رعدية غزيرة على مناطق جازان وعسير والباحة "
    "ونجران خلال الأيام الثلاثة المقبلة، مصحوبة برياح نشطة تثير الأتربة والغبار.\n"
    "ودعت الرئاسة المواطنين والمقيمين إلى الابتعاد عن مجاري السيول والأودية وعدم المجازفة بعبورها.\n"
    "وأوضحت أن درجات الحرارة ستنخفض بشكل ملحوظ على المرتفعات الجنوبية الغربية، بينما تبقى مرتفعة في "
    "المنطقة الشرقية والرياض.\n"
    "وكانت أمطار الأسبوع الماضي قد تسببت في إغلاق عدد من الطرق في محافظة النماص."
)
RAIN_SHORT = (  # a third outlet ran only the first two paragraphs
    "توقعت الرئاسة العامة للأرصاد وحماية البيئة هطول أمطار رعدية غزيرة على مناطق جازان وعسير والباحة "
    "ونجران خلال الأيام الثلاثة المقبلة، مصحوبة برياح نشطة تثير الأتربة والغبار وتحد من مدى الرؤية الأفقية.\n"
    "ودعت الرئاسة المواطنين والمقيمين إلى الابتعاد عن مجاري السيول والأودية وعدم المجازفة بعبورها."
)

# (file name, outlet, title, text)
ARTICLES = [
    ("hospital-spa.txt", "واس", "افتتاح مستشفى للأطفال في الدمام", HOSPITAL),
    ("hospital-okaz.txt", "عكاظ", "الصحة تفتتح مستشفى الأطفال بالدمام", HOSPITAL_EDITED),
    ("hospital-complaint.txt", "اليوم", "أولياء أمور ينتقدون تأخر مستشفى الأطفال", HOSPITAL_COMPLAINT),
    ("match-riyadh.txt", "الرياض", "النصر يتغلب على الاتفاق", MATCH),
    ("match-jazirah.txt", "الجزيرة", "ثلاثية نصراوية في مرمى الاتفاق", MATCH_EDITED),
    ("rain-spa.txt", "واس", "أمطار رعدية على الجنوب", RAIN),
    ("rain-watan.txt", "الوطن", "الأرصاد تحذر من السيول", RAIN_EDITED),
    ("rain-madina.txt", "المدينة", "أمطار على جازان وعسير", RAIN_SHORT),
]
STORIES = {"hospital-spa.txt": "H", "hospital-okaz.txt": "H", "hospital-complaint.txt": "C",
           "match-riyadh.txt": "M", "match-jazirah.txt": "M",
           "rain-spa.txt": "R", "rain-watan.txt": "R", "rain-madina.txt": "R"}


def write(folder: Path, items=ARTICLES) -> list[Path]:  # type: ignore[no-untyped-def]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, outlet, title, text in items:
        path = folder / name
        # a scraped page: title first, then the body; the outlet from its agency line
        path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def backend():  # type: ignore[no-untyped-def]
    return load_backend()


def groups(lib: Library) -> set[frozenset[str]]:
    """The library's groups as sets of file names (comparable across libraries)."""
    out: dict[int, set[str]] = {}
    for source, group in lib.conn.execute(
            "SELECT a.source, g.group_id FROM duplicate_groups g JOIN articles a ON a.id = g.article_id"):
        out.setdefault(group, set()).add(Path(source).name)
    return {frozenset(v) for v in out.values()}


def tables(lib: Library) -> list[list[tuple[object, ...]]]:
    return [lib.conn.execute(sql).fetchall() for sql in (
        "SELECT * FROM duplicate_sketches ORDER BY article_id",
        "SELECT * FROM duplicate_pairs ORDER BY a, b", "SELECT * FROM duplicate_groups ORDER BY article_id")]


EXPECTED = {frozenset({"hospital-spa.txt", "hospital-okaz.txt"}), frozenset({"match-riyadh.txt", "match-jazirah.txt"}),
            frozenset({"rain-spa.txt", "rain-watan.txt", "rain-madina.txt"})}


# -- sketches and pairs ---------------------------------------------------------------------------
def test_lsh_parameters_are_datasketchs_choice() -> None:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=duplicates.LSH_THRESHOLD, num_perm=duplicates.NUM_PERM, weights=duplicates.LSH_WEIGHTS)
    assert (lsh.b, lsh.r) == (duplicates.BANDS, duplicates.ROWS)


def test_hamza_alef_maqsura_teh_marbuta_and_diacritics_do_not_matter() -> None:
    plain = "أعلنت الوزارة إنشاء مستشفى جديد في المنطقة الشرقية على مساحة كبيرة بتكلفة عالية وسيفتتح في الشتاء القادم للمرضى"
    variant = "اعلنت الوزارة انشاء مستشفي جديد في المنطقه الشرقيه على مساحةٍ كبيرة بتكلفة عاليـة وسيفتتح في الشتاء القادم للمرضى"
    assert duplicates.shingles(plain) == duplicates.shingles(variant)
    assert duplicates.sketch(plain) == duplicates.sketch(variant)


def test_workers_read_the_words_from_the_search_row_they_made() -> None:
    from reader.core.store.library import fts_row

    for text in (HOSPITAL, HOSPITAL_EDITED, "", "؟!", "كلمة"):
        assert duplicates.words_of_search_row(fts_row("عنوان", text)[1]) == duplicates.words(text)
    assert duplicates.words("والوزارة أعلنت") == duplicates.words("الوزارة اعلنت")  # clitics, hamza


def test_an_outlets_edit_is_the_same_story_and_another_story_on_the_topic_is_not() -> None:
    spa, okaz, complaint = (duplicates.sketch(t) for t in (HOSPITAL, HOSPITAL_EDITED, HOSPITAL_COMPLAINT))
    assert spa is not None and okaz is not None and complaint is not None
    edit = duplicates.compare(spa, okaz)
    assert duplicates.same_story(edit), edit
    assert edit.containment > 0.6
    for other in (duplicates.compare(spa, complaint), duplicates.compare(okaz, complaint)):
        assert not duplicates.same_story(other), other
        assert other.containment < 0.2
    short = duplicates.compare(duplicates.sketch(RAIN), duplicates.sketch(RAIN_SHORT))  # type: ignore[arg-type]
    assert duplicates.same_story(short) and short.containment > 0.9  # a cut version still counts


def test_a_text_too_short_to_judge_has_no_signature() -> None:
    s = duplicates.sketch("عاجل: انفجار في الميناء")
    assert s is not None and s.minhash is None
    assert not duplicates.same_story(duplicates.compare(s, s))


def test_a_roundup_of_two_stories_joins_at_most_one_of_them() -> None:
    P = duplicates.Pair
    # 1, 2: versions of story A; 3, 4: versions of story B; 5: a roundup quoting both
    edges = {(1, 2): P(0.8, 0.9), (3, 4): P(0.7, 0.85), (1, 5): P(0.4, 0.9), (2, 5): P(0.38, 0.9),
             (3, 5): P(0.42, 0.95), (4, 5): P(0.36, 0.9)}
    found = duplicates.clusters(range(1, 6), edges)
    assert sorted(map(len, found)) == [2, 3]
    assert not any({1, 3} <= set(g) for g in found)
    assert duplicates.clusters(range(1, 6), dict(reversed(list(edges.items())))) == found  # order of the pairs


# -- the library --------------------------------------------------------------------------------
def test_import_groups_the_versions_of_each_story(tmp_path: Path, backend) -> None:  # type: ignore[no-untyped-def]
    with Library.open(tmp_path / "lib.sqlite") as lib:
        report = import_paths(lib, write(tmp_path / "in"), backend, workers=1)
        assert report.imported == len(ARTICLES)
        assert groups(lib) == EXPECTED
        spa = lib.find_article("hospital-spa.txt").id
        okaz = lib.find_article("hospital-okaz.txt").id
        assert [v.id for v in lib.duplicate_versions(spa)] == [okaz]
        assert 0.6 < lib.duplicate_versions(spa)[0].similarity <= 1.0
        rain = lib.find_article("rain-spa.txt").id
        complaint = lib.find_article("hospital-complaint.txt").id
        counts = lib.duplicate_counts([spa, rain, complaint])
        assert complaint not in counts and counts[rain][0] == 2 and counts[spa][0] == 1


def test_grouping_one_import_at_a_time_equals_grouping_all_at_once(tmp_path: Path, backend) -> None:  # type: ignore[no-untyped-def]
    with Library.open(tmp_path / "once.sqlite") as once:
        import_paths(once, write(tmp_path / "all"), backend, workers=1)
        expected = groups(once)
    assert expected == EXPECTED
    order = list(ARTICLES)
    random.Random(7).shuffle(order)
    with Library.open(tmp_path / "steps.sqlite") as steps:
        for n, item in enumerate(order):  # each import compares its article with the whole library
            import_paths(steps, write(tmp_path / f"step{n}", [item]), backend, workers=1)
        assert groups(steps) == expected
    # and articles stored without sketches (a library made before grouping) grouped afterwards
    with Library.open(tmp_path / "later.sqlite") as later:
        with later.transaction():
            for name, outlet, title, text in reversed(ARTICLES):
                later.upsert_document(Document(source=f"/x/{name}", title=title, text=text, raw=text, outlet=outlet))
        assert duplicates.has_missing(later)
        assert duplicates.backfill(later, batch_size=3) == len(ARTICLES)
        assert groups(later) == expected and not duplicates.has_missing(later)


def test_reimporting_unchanged_articles_changes_nothing(tmp_path: Path, backend) -> None:  # type: ignore[no-untyped-def]
    paths = write(tmp_path / "in")
    with Library.open(tmp_path / "lib.sqlite") as lib:
        import_paths(lib, paths, backend, workers=1)
        before, version = tables(lib), lib.conn.total_changes
        report = import_paths(lib, paths, backend, workers=1)
        assert report.unchanged == len(ARTICLES) and report.imported == report.updated == 0
        assert tables(lib) == before
        assert lib.conn.total_changes == version  # not one row written


def test_a_changed_article_is_regrouped(tmp_path: Path, backend) -> None:  # type: ignore[no-untyped-def]
    paths = write(tmp_path / "in")
    with Library.open(tmp_path / "lib.sqlite") as lib:
        import_paths(lib, paths, backend, workers=1)
        # the outlet's page now carries the complaint instead: out of the hospital group, into none
        okaz = tmp_path / "in" / "hospital-okaz.txt"
        okaz.write_text("الصحة تفتتح مستشفى الأطفال بالدمام\n\n" + HOSPITAL_COMPLAINT + "\nتحديث.\n", encoding="utf-8")
        assert import_paths(lib, [okaz], backend, workers=1).updated == 1
        now = groups(lib)
        assert frozenset({"hospital-spa.txt", "hospital-okaz.txt"}) not in now
        assert frozenset({"hospital-okaz.txt", "hospital-complaint.txt"}) in now  # it is the complaint now
        # and back: the library is as if it had never changed
        write(tmp_path / "in", [a for a in ARTICLES if a[0] == "hospital-okaz.txt"])
        assert import_paths(lib, [okaz], backend, workers=1).updated == 1
        assert groups(lib) == EXPECTED


def test_a_library_from_before_grouping_is_grouped_on_its_next_import(tmp_path: Path, backend) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.sqlite"
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before="m005_duplicates")
    for n, (name, outlet, title, text) in enumerate(ARTICLES):
        db.execute("INSERT INTO articles (source, title, outlet, raw, text, content_hash, imported_at, updated_at)"
                   " VALUES (?, ?, ?, ?, ?, 'h', 't', 't')", (f"/old/{name}", title, outlet, text, text))
    db.conn.commit()
    db.conn.close()
    with Library.open(path) as lib:
        assert duplicates.has_missing(lib) and groups(lib) == set()
        messages: list[str] = []
        import_paths(lib, [], backend, workers=1, progress=lambda p: messages.append(p.message))
        assert groups(lib) == EXPECTED
        assert duplicates.GROUPING in messages


def test_word_diff_marks_the_words_one_version_lacks() -> None:
    left, right = duplicates.word_diff("قال الوزير إن المستشفى جاهز", "وقال الوزير ان المستشفى الجديد جاهز")
    a = "قال الوزير إن المستشفى جاهز"
    b = "وقال الوزير ان المستشفى الجديد جاهز"
    assert [a[s:e] for s, e, same in left if not same] == ["قال"]
    assert [b[s:e] for s, e, same in right if not same] == ["وقال", "الجديد"]  # إن/ان: no difference
    assert duplicates.shared_share(left) == pytest.approx(4 / 5)
