"""Scraped-page cleanup, on the five real seed articles and on hand-made pages."""
from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.importers import read_file
from reader.core.importers.text import clean, join_lines, split_lines
from reader.core.model import Document, ImportFailure

FURNITURE = (
    "اترك رد", "لن يتم نشر عنوان بريدك الإلكتروني", "مقالات ذات صلة", "زر الذهاب إلى الأعلى",
    "شاهد أيضاً", "صورة أرشيفية", "الرئيسية /",
)


def read_seed(seeds: Path, name: str) -> Document:
    (doc,) = read_file(seeds / name)
    assert isinstance(doc, Document), doc
    return doc


def lines(doc: Document) -> list[str]:
    return [line for line in doc.text.split("\n") if line]


def assert_clean_shape(doc: Document, path: Path) -> None:
    """What every cleaned seed must satisfy."""
    assert doc.raw == path.read_text(encoding="utf-8")
    assert doc.source == str(path.resolve())
    assert doc.format == "txt"
    assert "\n\n\n" not in doc.text and "\u00a0" not in doc.text
    assert doc.text == doc.text.strip()
    assert all(line == line.strip() for line in doc.text.split("\n"))
    assert doc.title not in lines(doc)  # the headline (and its repeat) is not body text
    for phrase in FURNITURE:
        assert phrase not in doc.text, phrase


def test_seed_000_repeated_title_counter_and_comment_form(seeds: Path) -> None:
    doc = read_seed(seeds, "000_1cb346bd57d65452.txt")
    assert_clean_shape(doc, seeds / "000_1cb346bd57d65452.txt")
    assert doc.title == "النمروش يزور قطر ويوقع بروتوكول تدريب ميليشيات الوفاق"
    assert doc.date == ""
    body = lines(doc)
    assert body[0].startswith("أعلنت وسائل إعلامية تابعة لحكومة الوفاق")
    assert "0" not in body
    assert "النمروش يضع قطر على خطى تركيا" in body  # a subheading is article text
    assert body[-1].startswith("مشيراً بذلك إلى “وقف إطلاق النار")  # curly quotes kept
    assert "مكافحة الإرهاب والجريمة المنظمة" in doc.text  # no-break spaces became spaces
    assert "مكافحة\u00a0الإرهاب" in doc.raw


def test_seed_001_caption_and_blank_runs(seeds: Path) -> None:
    doc = read_seed(seeds, "001_237fd4db71a76a5b.txt")
    assert_clean_shape(doc, seeds / "001_237fd4db71a76a5b.txt")
    assert doc.title == "الأسباب الحقيقية وراء زيارة وزير دفاع الوفاق لقطر"
    assert doc.date == ""
    body = lines(doc)
    assert body[0].startswith("رغم التحذيرات والتنديدات الدولية")
    assert "زيارة النمروش" in body and "أهداف الزيارة الحقيقية" in body
    # A sentence starting with "وشارك" (took part) is not a share button.
    assert any(line.startswith("وشارك في الاجتماع السفير") for line in body)
    assert body[-1].endswith('تحت غطاء "الحراك الشعبي" ضد النظام.')


def test_seed_002_no_furniture_to_remove(seeds: Path) -> None:
    doc = read_seed(seeds, "002_1e1a2572830b5c3b.txt")
    assert_clean_shape(doc, seeds / "002_1e1a2572830b5c3b.txt")
    assert doc.title == 'قوات حفتر: مذكرة التفاهم الأمنية مع قطر "خرق لجنيف"'
    assert doc.date == ""
    body = lines(doc)
    assert body[0].startswith("قوات حفتر تعتبر توقيع حكومة الوفاق الوطني")
    assert body[1] == "• الجيش الوطني الليبي: محاولة خبيثة لتقويض ما اتفق عليه ضباطنا في جنيف"
    assert len(body) == 11
    assert body[-1].startswith("وكان مراسل الميادين في جنيف")


def test_seed_003_section_label_related_block_back_to_top(seeds: Path) -> None:
    doc = read_seed(seeds, "003_de1a6290915d99b0.txt")
    assert_clean_shape(doc, seeds / "003_de1a6290915d99b0.txt")
    assert doc.title.startswith("بعد زيارة أكار والعطية.. متحدث الرئاسي")
    assert doc.date == ""  # "أمس الاثنين" is not a date
    body = lines(doc)
    assert "محلي" not in body
    assert body[0] == "أوج – طرابلس"  # the dateline is part of the article
    assert body[1].startswith("قال المتحدث باسم المجلس الرئاسي")
    assert body[-1].startswith("وأضاف أنه تم الاتفاق على أن الحوار السياسي")


def test_seed_004_date_line_breadcrumb_and_see_also(seeds: Path) -> None:
    doc = read_seed(seeds, "004_61d88924d2de0c77.txt")
    assert_clean_shape(doc, seeds / "004_61d88924d2de0c77.txt")
    assert doc.title == "الدفاع الليبية: متمسكون بالتعاون مع تركيا ونرفض أي دور لحفتر"
    # "الأحد , 26 مارس 2023" is the site header's "today" above its breadcrumb (the story is from
    # 2020), and "تشرين الثاني/ نوفمبر 2019" is inside the story: the page states no date.
    assert doc.date == ""
    body = lines(doc)
    assert body[0].startswith("أكد وزير الدفاع الليبي، التزام قواته")
    assert "الأحد , 26 مارس 2023" not in doc.text
    assert "هل يساهم التقارب المصري التركي" not in doc.text  # the related article after "شاهد أيضاً"
    assert "تشرين الثاني/ نوفمبر 2019" in doc.text
    assert body[-1].startswith("ومنذ 21 آب/ أغسطس الماضي")


# --- hand-made pages ---------------------------------------------------------------------

BODY_1 = "قالت الوزارة في بيان إن المشروع سيكتمل خلال عامين، وإن تكلفته تبلغ مليار ريال."
BODY_2 = "وأضاف البيان أن العمل سيبدأ الشهر المقبل بمشاركة عدد من الشركات المحلية."


def test_split_lines_normalises_spaces_but_not_letters() -> None:
    assert split_lines("أ\u00a0\u00a0ب\tج\u202fد\r\nهـ  و\u2028ز") == ["أ ب ج د", "هـ و", "ز"]
    assert split_lines("«قال» “هو”") == ["«قال» “هو”"]


def test_join_lines_collapses_blank_runs() -> None:
    assert join_lines(["", "أ", "", "", "", "ب", "", ""]) == "أ\n\nب"
    assert join_lines(["أ", "ب"]) == "أ\nب"


def test_title_from_first_line_and_body_after_it() -> None:
    c = clean(f"\n\n  عنوان الخبر  \n\n{BODY_1}\n\n\n\n{BODY_2}\n")
    assert c.title == "عنوان الخبر"
    assert c.text == f"{BODY_1}\n\n{BODY_2}"


def test_a_long_first_line_is_a_paragraph_not_a_headline() -> None:
    paragraph = " ".join([BODY_1] * 4)
    c = clean(paragraph)
    assert c.text == paragraph
    assert c.title.endswith("…") and len(c.title.split()) == 13
    assert paragraph.startswith(c.title[:-2])


def test_known_section_label_above_title_is_dropped() -> None:
    c = clean(f"اقتصاد\n\nارتفاع أسعار النفط في الأسواق العالمية\n\n{BODY_1}")
    assert c.title == "ارتفاع أسعار النفط في الأسواق العالمية"
    assert "اقتصاد" not in c.text


def test_unknown_single_word_above_a_headline_is_a_label() -> None:
    c = clean(f"كورونا\n\nتسجيل حالات جديدة في المدينة\n\n{BODY_1}")
    assert (c.title, c.text) == ("تسجيل حالات جديدة في المدينة", BODY_1)


def test_single_word_above_a_paragraph_or_a_last_line_is_the_title() -> None:
    c = clean(f"كورونا\n\n{' '.join([BODY_1] * 4)}")
    assert c.title == "كورونا"
    c = clean("كورونا\n\nخبر قصير")
    assert (c.title, c.text) == ("كورونا", "خبر قصير")


def test_header_date_line_and_publication_line() -> None:
    c = clean(f"الخميس 29 أكتوبر 2020\nعنوان الخبر\n{BODY_1}")
    assert (c.title, c.date, c.text) == ("عنوان الخبر", "2020-10-29", BODY_1)
    c = clean(f"عنوان الخبر\nنشر في: 3 كانون الثاني 2021\n{BODY_1}")
    assert (c.date, c.text) == ("2021-01-03", BODY_1)


def test_a_date_inside_the_story_is_not_the_article_date() -> None:
    story = [BODY_1, BODY_2, "وكان الاتفاق قد وقع في 26 مارس 2023 في العاصمة.", BODY_1, BODY_2]
    assert clean("عنوان الخبر\n" + "\n".join(story)).date == ""
    # ...even when the date stands alone on a line further down.
    assert clean("عنوان الخبر\n" + "\n".join(story) + "\n26 مارس 2023\n" + BODY_1).date == ""


def test_a_date_above_the_site_navigation_is_not_the_articles() -> None:
    site_header = clean(f"الخميس 12 يناير 2023\nالرئيسية » اقتصاد » عنوان الخبر\nعنوان الخبر\n{BODY_1}\n{BODY_2}")
    assert site_header.title == "عنوان الخبر" and site_header.date == ""
    dated = clean(f"الرئيسية » اقتصاد\nالخميس 12 يناير 2023\nعنوان الخبر\n{BODY_1}\n{BODY_2}")
    assert dated.date == "2023-01-12"  # between the navigation and the headline: the article's
    below = clean(f"عنوان الخبر\nنشر في 3 فبراير 2021\n{BODY_1}\n{BODY_2}")
    assert below.date == "2021-02-03"


def test_repeated_title_and_breadcrumb() -> None:
    c = clean(f"الرئيسية » أخبار » عنوان الخبر\nعنوان الخبر\n\nعنوان  الخبر\n{BODY_1}")
    assert (c.title, c.text) == ("عنوان الخبر", BODY_1)


def test_given_title_is_kept_and_its_repeat_dropped() -> None:
    c = clean(f"عنوان آخر\n{BODY_1}", title="عنوان آخر")
    assert (c.title, c.text) == ("عنوان آخر", BODY_1)
    c = clean(f"{BODY_1}\n{BODY_2}", title="عنوان من الحقل")
    assert (c.title, c.text) == ("عنوان من الحقل", f"{BODY_1}\n{BODY_2}")


@pytest.mark.parametrize("furniture", [
    "شارك", "شارك المقال", "تويتر فيسبوك واتساب",
    "شارك عبر: فيسبوك | تويتر | واتساب", "إقرأ أيضاً: عنوان خبر آخر منشور في الموقع", "١٢", "0",
    "(صورة أرشيفية)", "صورة تعبيرية", "العودة إلى الأعلى", "// انتهى //", "...المزيد", "Next Previous",
    "جميع الحقوق محفوظة © 2023",
])
def test_furniture_lines_are_dropped_anywhere(furniture: str) -> None:
    c = clean(f"عنوان الخبر\n{BODY_1}\n\n{furniture}\n\n{BODY_2}")
    assert c.text == f"{BODY_1}\n\n{BODY_2}"


@pytest.mark.parametrize("sentence", [
    "شارك في الاجتماع عدد من الوزراء والمسؤولين من الدول الأعضاء.",
    "وشارك من خلال تويتر آلاف المستخدمين في الحملة.",
    "المزيد من الاستثمارات ستصل إلى المنطقة العام المقبل.",
    "صورة الوضع الاقتصادي في المنطقة تغيرت كثيراً خلال السنوات العشر الأخيرة بحسب التقرير.",
    "* * *",  # a section break in a column
])
def test_sentences_that_look_like_furniture_are_kept(sentence: str) -> None:
    c = clean(f"عنوان الخبر\n{BODY_1}\n{sentence}\n{BODY_2}")
    assert sentence in c.text.split("\n")


def test_share_bar_glued_to_the_lead_paragraph_is_stripped() -> None:
    c = clean(f"عنوان الخبر\nشارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك {BODY_1}\n{BODY_2}")
    assert c.text == f"{BODY_1}\n{BODY_2}"


def test_related_block_at_the_end_is_cut_with_what_follows() -> None:
    related = "مقالات ذات صلة\nعنوان خبر أول\nعنوان خبر ثان\nعنوان خبر ثالث"
    c = clean(f"عنوان الخبر\n{BODY_1}\n{BODY_2}\n{related}")
    assert c.text == f"{BODY_1}\n{BODY_2}"


def test_related_heading_mid_article_drops_only_itself() -> None:
    rest = "\n".join([BODY_1, BODY_2] * 8)  # more than a related block: the article goes on
    c = clean(f"عنوان الخبر\n{BODY_1}\nاقرأ أيضاً\n{rest}")
    assert c.text == f"{BODY_1}\n{rest}"


def test_comment_form_at_the_end() -> None:
    form = "اترك رد\n\nلن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *\nالاسم\nالبريد الإلكتروني"
    c = clean(f"عنوان الخبر\n{BODY_1}\n\n{form}")
    assert c.text == BODY_1


def test_nothing_but_furniture_is_empty() -> None:
    assert clean("اترك رد\n0\nزر الذهاب إلى الأعلى").text == ""


@pytest.mark.parametrize("content", [b"", b"   \n\n \t", "اترك رد\n\nشارك\n".encode(), "عنوان فقط".encode()])
def test_empty_txt_files_are_failures(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert list(read_file(path)) == [ImportFailure(str(path.resolve()), "empty article")]
