from camel_tools.utils.dediac import dediac_ar

from reader.core import arabic


def test_normalise_folds_spelling_variants():
    assert arabic.normalise("أحمد") == arabic.normalise("احمد") == arabic.normalise("إحمد")
    assert arabic.normalise("مستشفى") == arabic.normalise("مستشفي")
    assert arabic.normalise("الحكومة") == arabic.normalise("الحكومه")
    assert arabic.normalise("مُحَمَّد") == "محمد"
    assert arabic.normalise("الـــدوحة") == "الدوحه"
    assert arabic.normalise("عام ٢٠٢٠") == "عام 2020"
    assert arabic.normalise("a\u200fb\u200c") == "ab"


def test_presentation_forms_read_as_their_letters():
    # Text extracted from some PDFs stores the shaped glyphs: as keys they are the letters.
    assert arabic.normalise("ﻛﺮﻣﺴﺘﺎﻥ") == arabic.normalise("كرمستان") == "كرمستان"
    assert arabic.normalise("ﻭﺍﻟﺰﺍﻫﺮﻳﺔ") == arabic.normalise("والزاهرية")
    assert arabic.normalise("ﻻ") == "لا"  # a ligature is its two letters
    assert arabic.normalise("ﷺ") == "ﷺ"  # a formula in one glyph would make one word several: kept
    assert [t.text for t in arabic.tokenize("زار ﻛﺮﻣﺴﺘﺎﻥ أمس")] == ["زار", "ﻛﺮﻣﺴﺘﺎﻥ", "أمس"]  # offsets unchanged


def test_dediacritise_agrees_with_camel_tools():
    text = "وَقَالَ الرَّئِيسُ إِنَّ الحُكُومَةَ سَتُوَاصِلُ عَمَلَهَا، وَأَكَّدَ ذٰلِكَ."
    assert arabic.dediacritise(text) == dediac_ar(text)


def test_tokens_carry_source_offsets():
    text = "قال الوزير: «سنواصل العمل» 😀 في بيروت."
    tokens = arabic.tokenize(text)
    assert [t.text for t in tokens] == ["قال", "الوزير", ":", "«", "سنواصل", "العمل", "»", "😀", "في", "بيروت", "."]
    for t in tokens:
        assert text[t.start:t.end] == t.text


def test_tokens_keep_diacritics_and_tatweel_inside_words():
    text = "الرَّئيسُ الـسابق"
    assert [t.text for t in arabic.tokenize(text)] == ["الرَّئيسُ", "الـسابق"]


def test_sentences_split_on_stops_and_lines():
    text = "وصل الوفد أمس. وعقد اجتماعاً؟ نعم!\nعنوان بلا نقطة\n\nفقرة أخرى"
    bounds = arabic.sentence_bounds(text)
    assert [text[s:e] for s, e in bounds] == ["وصل الوفد أمس.", "وعقد اجتماعاً؟", "نعم!", "عنوان بلا نقطة", "فقرة أخرى"]


def test_sentence_at_finds_the_holding_sentence():
    text = "الأولى هنا. الثانية فيها الاسم. الثالثة."
    s, e = arabic.sentence_at(text, text.index("الاسم"))
    assert text[s:e] == "الثانية فيها الاسم."


def test_strip_clitics():
    assert arabic.strip_clitics("للحكومه") == "حكومه"
    assert arabic.strip_clitics("والدوحه") == "دوحه"
    assert arabic.strip_clitics("بقطر") == "قطر"
    assert arabic.strip_clitics("قطر") == "قطر"  # too short to lose a letter
    assert arabic.strip_clitics("في") == "في"


def test_is_arabic():
    assert arabic.is_arabic("هذا نص عربي طويل نسبياً فيه كلمة CNN واحدة")
    assert not arabic.is_arabic("An English article about Beirut")


def test_strip_article_and_proclitic_splits():
    assert arabic.strip_article("والدوحه") == "دوحه"
    assert arabic.strip_article("للحكومه") == "حكومه"
    assert arabic.strip_article("بالعاصمه") == "عاصمه"
    assert arabic.strip_article("بيروت") == "بيروت"
    assert arabic.proclitic_splits("وبيروت") == ["بيروت", "يروت"]
    assert arabic.proclitic_splits("قطر") == []
