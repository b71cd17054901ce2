"""UI strings in English and Arabic: a plain dict, looked up with :func:`tr`.

The language follows the system locale unless the user picked one in View › Language
(persisted by :mod:`reader.ui.settings`). Widgets re-read their strings in ``retranslate()``.
"""
from __future__ import annotations

from collections.abc import Iterable

from reader.core.linking import reasons
from reader.core.linking.reasons import Reason
from reader.core.model import Label
from reader.palette import LABEL_NAMES
from reader.core.store.corrections import Correction

LANGUAGES = ("en", "ar")

_AR: dict[str, str] = {
    "Arabic News Reader": "قارئ الأخبار العربية",
    "&File": "&ملف",
    "&View": "&عرض",
    "&Go": "ا&نتقال",
    "&Help": "م&ساعدة",
    "Import files…": "استيراد ملفات…",
    "Import folder…": "استيراد مجلد…",
    "Export PDF…": "تصدير PDF…",
    "Export data (JSON)…": "تصدير البيانات (JSON)…",
    "Export data (CSV)…": "تصدير البيانات (CSV)…",
    "Quit": "خروج",
    "Zoom in": "تكبير",
    "Zoom out": "تصغير",
    "Reset zoom": "الحجم الأصلي",
    "Language": "اللغة",
    "English": "English",
    "العربية": "العربية",
    "Entity panel": "لوحة الكيان",
    "Library": "المكتبة",
    "Back": "رجوع",
    "Forward": "تقدّم",
    "Next mention": "الإشارة التالية",
    "Previous mention": "الإشارة السابقة",
    "Next article": "المقال التالي",
    "Previous article": "المقال السابق",
    "Search": "بحث",
    "Search articles…": "ابحث في المقالات…",
    "About": "حول",
    "Title": "العنوان",
    "Outlet": "المصدر",
    "Date": "التاريخ",
    "Entities": "الكيانات",
    "Only articles mentioning: {name}": "فقط المقالات التي تذكر: {name}",
    "Remove filter": "إزالة التصفية",
    "Library: {path}": "المكتبة: {path}",
    "No article open": "لا يوجد مقال مفتوح",
    "Open an article from the library, or import files with File › Import.":
        "افتح مقالًا من المكتبة، أو استورد ملفات من ملف › استيراد.",
    "Show": "إظهار",
    "Highlight {label}": "تظليل: {label}",
    "No entity selected": "لم يُختر أي كيان",
    "Click a highlighted name in an article to see it here.": "انقر اسمًا مظللًا في مقال لتراه هنا.",
    "Type": "النوع",
    "Also written as": "صيغ أخرى",
    "{articles}, {mentions}": "{articles}، {mentions}",
    "Why these forms were linked": "سبب ربط هذه الصيغ",
    "Show only articles mentioning this": "إظهار المقالات التي تذكره فقط",
    "Mentions": "الإشارات",
    "Importing…": "جارٍ الاستيراد…",
    "{time} left": "يتبقى {time}",
    "Analysing…": "جارٍ التحليل…",
    "Cancel": "إلغاء",
    "Import finished: {summary}": "انتهى الاستيراد: {summary}",
    "Import cancelled: {summary}": "أُلغي الاستيراد: {summary}",
    "imported {imported}, updated {updated}, unchanged {unchanged}, failed {failed}":
        "جديد {imported}، محدَّث {updated}، دون تغيير {unchanged}، فشل {failed}",
    "Some articles could not be imported": "تعذّر استيراد بعض المقالات",
    "{items} could not be imported (the rest were):": "تعذّر استيراد {items} (واستُورد الباقي):",
    "Import failed: {error}": "فشل الاستيراد: {error}",
    "Export failed: {error}": "فشل التصدير: {error}",
    "Exported {path}": "صُدِّر {path}",
    "Nothing to export: open or select an article first.": "لا شيء للتصدير: افتح مقالًا أو اختر مقالات أولًا.",
    "Articles (*.txt *.html *.htm *.md *.json *.jsonl *.zip);;All files (*)":
        "مقالات (*.txt *.html *.htm *.md *.json *.jsonl *.zip);;كل الملفات (*)",
    "PDF (*.pdf)": "PDF (*.pdf)",
    "JSON (*.json)": "JSON (*.json)",
    "CSV (*.csv)": "CSV (*.csv)",
    "Working…": "جارٍ العمل…",
    "Saving your corrections before closing…": "جارٍ حفظ تصحيحاتك قبل الإغلاق…",
    "Applying corrections saved before the reader stopped ({n} of {total})…":
        "جارٍ تطبيق التصحيحات المحفوظة قبل توقف القارئ ({n} من {total})…",
    "Corrections journal: {problem}": "سجل التصحيحات: {problem}",
    "Corrections journal unavailable ({error}): corrections are saved only once applied.":
        "سجل التصحيحات غير متاح ({error}): لا تُحفظ التصحيحات إلا بعد تطبيقها.",
    "Dropped a correction saved before the reader stopped: {error}":
        "أُسقط تصحيح محفوظ من قبل توقف القارئ لتعذّر تطبيقه: {error}",
    "Background task failed: {error}": "فشلت مهمة في الخلفية: {error}",
    "Preparing the demo library…": "جارٍ تجهيز مكتبة العرض…",
    "process {pid} on {host}": "العملية {pid} على {host}",
    "another process": "عملية أخرى",
    "The library {path} is already open in another Arabic News Reader window ({who}). "
    "Close that window first, or open another library.":
        "المكتبة {path} مفتوحة في نافذة أخرى من قارئ الأخبار العربية ({who}). "
        "أغلق تلك النافذة أولاً، أو افتح مكتبة أخرى.",
    "Open another library…": "فتح مكتبة أخرى…",
    "Open library…": "فتح مكتبة…",
    "Arabic-Indic digits (٠١٢) in PDFs": "أرقام هندية (٠١٢) في ملفات PDF",
    "Recent libraries": "المكتبات الأخيرة",
    "No other library opened yet": "لم تُفتح مكتبة أخرى بعد",
    "Libraries (*.sqlite *.sqlite3 *.db);;All files (*)": "المكتبات (*.sqlite *.sqlite3 *.db);;كل الملفات (*)",
    "Folder": "مجلد",
    "File": "ملف",
    "{suffix} file": "ملف {suffix}",
    "{path} is one of the library's own files: choose another name.":
        "‏{path} من ملفات المكتبة نفسها: اختر اسمًا آخر.",
    "Details for a bug report are in {path}.": "التفاصيل اللازمة للإبلاغ عن الخلل في {path}.",
    "Something went wrong: {error}": "حدث خطأ: {error}",
    "Your library and corrections are kept. If it happens again, report it with the log.":
        "مكتبتك وتصحيحاتك محفوظة. إن تكرر ذلك فأبلغ عنه وأرفق السجل.",
    "The export failed: {error}": "فشل التصدير: {error}",
    "Nothing in the library was changed. Check that the target folder can be written, then export again.":
        "لم يتغير شيء في المكتبة. تأكد من إمكانية الكتابة في المجلد المقصود، ثم صدّر مرة أخرى.",
    "The import stopped: {error}": "توقف الاستيراد: {error}",
    "The articles stored before the error are kept, and the library is being tidied up (entities linked again). "
    "Import the same files again to finish: those already imported are skipped.":
        "المقالات المخزنة قبل الخطأ محفوظة، وتُرتّب المكتبة الآن (يُعاد ربط الكيانات). "
        "استورد الملفات نفسها مرة أخرى لإكمال العمل: ما استُورد منها يُتخطّى.",
    "The correction could not be applied: {error}": "تعذّر تطبيق التصحيح: {error}",
    "The library is as it was before it; your other corrections are kept. Try it again.":
        "المكتبة كما كانت قبله، وتصحيحاتك الأخرى محفوظة. حاول مرة أخرى.",
    "A correction saved before the reader stopped could not be applied: {error}":
        "تعذّر تطبيق تصحيح محفوظ من قبل توقف القارئ: {error}",
    "Your other corrections are kept. Make this one again if it is still needed.":
        "تصحيحاتك الأخرى محفوظة. أعد هذا التصحيح إن كنت ما زلت تحتاجه.",
    "Another program removed the library's write-ahead log while this window had the library open.":
        "حذف برنامج آخر سجل الكتابة المسبقة للمكتبة بينما كانت مفتوحة في هذه النافذة.",
    "So that nothing you do is written into a deleted file, the reader stopped writing to the library. "
    "Your corrections are kept in its journal. The library is reopened as soon as the work in progress "
    "has stopped, and the corrections are applied then.":
        "كي لا يُكتب شيء مما تفعله في ملف محذوف، توقف القارئ عن الكتابة في المكتبة. تصحيحاتك محفوظة في سجلها. "
        "ستُفتح المكتبة من جديد حالما يتوقف العمل الجاري، وتُطبّق التصحيحات عندئذ.",
    "The library could not be reopened: {error}": "تعذّر فتح المكتبة من جديد: {error}",
    "The library was reopened; your corrections are being applied.": "فُتحت المكتبة من جديد، وتُطبّق تصحيحاتك الآن.",
    "Linking entities…": "جارٍ ربط الكيانات…",
    "Linking the names found across the library…": "جارٍ ربط الأسماء الموجودة في أرجاء المكتبة…",
    "Linked the entities of {articles} left unlinked.": "رُبطت كيانات {articles} بقيت دون ربط.",
    "{shown} of {counted}": "{shown} من {counted}",
    "Tidying up the library failed: {error}": "فشل ترتيب المكتبة: {error}",
    "Your articles and corrections are kept. Run “reader analyse” on this library, or reopen it, to try again.":
        "مقالاتك وتصحيحاتك محفوظة. شغّل ‎“reader analyse”‎ على هذه المكتبة، أو افتحها من جديد، لتحاول مرة أخرى.",
    "Merge {n} entities. Name of the merged entity:": "دمج {n} من الكيانات. اسم الكيان بعد الدمج:",
    "Select the words of a name to mark it.": "حدّد كلمات الاسم لتعلّمه.",
    "mark “{surface}” as {type}": "تعليم «{surface}» بوصفه {type}",
    "remove “{surface}”": "إزالة «{surface}»",
    "split “{surface}” off": "فصل «{surface}»",
    "make “{name}” {type}": "جعل «{name}» {type}",
    "rename “{name}” to “{new}”": "إعادة تسمية «{name}» إلى «{new}»",
    "merge {n} entities into “{name}”": "دمج {n} من الكيانات في «{name}»",
    "Drop files here to import them": "أفلت الملفات هنا لاستيرادها",
    "A desktop reader for Arabic news: right-to-left articles with their named entities linked across a library.":
        "قارئ مكتبي للأخبار العربية: مقالات من اليمين إلى اليسار مع كياناتها المسماة مرتبطة عبر المكتبة.",
    "(not linked)": "(غير مرتبط)",
    "Loading…": "جارٍ التحميل…",
    # link reasons written by reader.core.linking (shown in the entity panel)
    "same name": "الاسم نفسه",
    "short form of a longer name in the same article": "صيغة مختصرة لاسم أطول في المقال نفسه",
    "ambiguous: several longer names in the article contain it": "ملتبس: تحتويه عدة أسماء أطول في المقال",
    "short form: the only longer name in the library that contains it": "صيغة مختصرة: الاسم الأطول الوحيد في المكتبة الذي يحتويها",
    "ambiguous: several longer names in the library contain it": "ملتبس: تحتويه عدة أسماء أطول في المكتبة",
    "a shorter variant of the only longer name in the library": "صيغة أقصر للاسم الأطول الوحيد في المكتبة",
    "a name of its own: the library mostly uses it alone, not as a short form of a longer name":
        "اسم قائم بذاته: تستعمله المكتبة وحده في الغالب، لا صيغةً مختصرة لاسم أطول",
    "not linked: one longer name in the library contains it, but nothing in this article points to it":
        "غير مرتبط: يحتويه اسم أطول واحد في المكتبة، لكن لا شيء في هذا المقال يشير إليه",
    "All types": "كل الأنواع",
    "Form": "الصيغة",
    "Why": "السبب",
    "Mark selection as": "تعليم النص المحدد كـ",
    "Remove this mention: {surface}": "إزالة هذه الإشارة: {surface}",
    "Split this mention off its entity": "فصل هذه الإشارة عن كيانها",
    "Rename…": "إعادة تسمية…",
    "Type": "النوع",
    "Dossier PDF…": "ملف PDF عن الكيان…",
    "Related (not the same)": "ذو صلة (ليس الكيان نفسه)",
    "Appears with": "يرد مع",
    "(unknown outlet)": "(منبر غير معروف)",
    "Outlets and the forms they use": "المنابر والصيغ التي تستخدمها",
    "capital of": "عاصمة",
    "has capital": "عاصمته",
    "adjective of": "صفة نسبة إلى",
    "named by the adjective": "منسوب إليه",
    "same country": "البلد نفسه",
    "&Edit": "&تحرير",
    "Undo": "تراجع",
    "Redo": "إعادة",
    "Undo: {what}": "تراجع: {what}",
    "Redo: {what}": "إعادة: {what}",
    "Merge selected entities": "دمج الكيانات المحددة",
    "Rename entity…": "إعادة تسمية الكيان…",
    "“{name}” is already the name of another entity ({articles}).": "«{name}» اسم كيان آخر أيضًا ({articles}).",
    "Merge the two into one entity of that name, or rename this one only?":
        "أتدمج الاثنين في كيان واحد بهذا الاسم، أم تعيد تسمية هذا وحده؟",
    "Merge": "دمج",
    "Rename only": "إعادة التسمية فقط",
    "Export corrections…": "تصدير التصحيحات…",
    "Import corrections…": "استيراد التصحيحات…",
    "Select an entity first.": "اختر كيانًا أولًا.",
    "Name:": "الاسم:",
    "Select two or more entities in the entity list (Ctrl+click), then merge.": "حدّد كيانين أو أكثر في قائمة الكيانات (Ctrl+نقر) ثم ادمجها.",
    "Exported {items} to {path}": "تم تصدير {items} إلى {path}",
    "Imported {items}": "تم استيراد {items}",
    "merged by you": "دمجتَه أنت",
    "split off by you": "فصلتَه أنت",
    "short form of the nearest longer name introduced earlier in the article": "صيغة مختصرة لأقرب اسم أطول ورد قبلها في المقال",
    "short form of a person named in the same article (type differs)": "صيغة مختصرة لشخص مذكور في المقال نفسه (بنوع مختلف)",
    "a title or role standing for the person named with it earlier in the same article": "لقب أو منصب يشير إلى الشخص المذكور به قبله في المقال نفسه",
    "a title standing for the person the library's articles of the same months name with it": "لقب يشير إلى الشخص الذي تذكره به مقالات المكتبة في الأشهر نفسها",
    "another name of the same country": "اسم آخر للبلد نفسه",
    "another name of the same news agency": "اسم آخر لوكالة الأنباء نفسها",
    "in “{title}”": "في «{title}»",
    "a given name alone: this article's person, not linked to namesakes in other articles":
        "اسم علم أول وحده: شخص هذا المقال، غير مربوط بأسماء مماثلة في مقالات أخرى",
    "a town's name or a head noun alone: not linked to a body named with it (a town's club, a literary club, a centre)":
        "اسم مدينة أو اسم عام وحده: لا يُربط بهيئة تحمله في أول اسمها (نادي المدينة، ناديها الأدبي، مركز ما)",
    "a news outlet: the text names the paper, channel or agency (told «…», the paper …), not the place of the same name":
        "وسيلة إعلام: يذكر النص الصحيفة أو القناة أو الوكالة (صرّح لـ«…»، صحيفة …)، لا المكان الذي يحمل الاسم نفسه",
    "another name of the body, given in brackets beside its full name in the same article":
        "اسم آخر للهيئة، بين قوسين بجانب اسمها الكامل في المقال نفسه",
    "another name of the body, given in brackets beside its full name in other articles; same names, outlet or dates":
        "اسم آخر للهيئة، بين قوسين بجانب اسمها الكامل في مقالات أخرى؛ الأسماء أو المصدر أو التاريخ نفسها",
    "another spelling of the name": "تهجئة أخرى للاسم",
    "a foreign name spelt otherwise, in articles of the same story":
        "اسم أجنبي كُتب بتهجئة أخرى في مقالات عن القصة نفسها",
    "a foreign name spelt otherwise, in articles of the same story (they share {names})":
        "اسم أجنبي كُتب بتهجئة أخرى في مقالات عن القصة نفسها (تشترك في {names})",
    "a given name alone, in articles of the same story":
        "اسم أول وحده في مقالات عن القصة نفسها",
    "a given name alone, in articles of the same story (they share {names})":
        "اسم أول وحده في مقالات عن القصة نفسها (تشترك في {names})",
    "context: shares {names} with the articles naming the longer name":
        "السياق: يشترك في {names} مع المقالات التي تذكر الاسم الأطول",
    "context: same title, outlet or dates as the articles naming the longer name":
        "السياق: اللقب أو المنبر أو التواريخ نفسها في المقالات التي تذكر الاسم الأطول",
    # search (reader/ui/library_view.py, reader/ui/article_view.py)
    "Search: {query}": "بحث: {query}",
    "Clear the search": "مسح البحث",
    "Relevance": "الأكثر صلة",
    "Newest": "الأحدث",
    "Order of the search results": "ترتيب نتائج البحث",
    "None of {total} articles matches the filters above": "لا يطابق عوامل التصفية أعلاه أيٌّ من المقالات ({total})",
    "Search syntax": "طريقة كتابة البحث",
    "Search articles: words, “phrases”, prefix*, OR, -word, NEAR(a b). The ⓘ button explains the syntax.":
        "ابحث في المقالات: كلمات، «عبارات»، بادئة*، OR، ‎-كلمة، NEAR(أ ب). يشرح الزر ⓘ طريقة الكتابة.",
    "articles with both words, in any form: clitics (و، ب، ل، ال…), hamza, ى/ي, ة/ه and diacritics do not matter":
        "المقالات التي فيها الكلمتان بأي صيغة: لا تهم السوابق (و، ب، ل، ال…) ولا الهمزات ولا ى/ي ولا ة/ه ولا التشكيل",
    "the exact phrase, words in this order": "العبارة بعينها، بكلماتها على هذا الترتيب",
    "words starting so (at least three letters before *)": "الكلمات التي تبدأ هكذا (ثلاثة أحرف على الأقل قبل *)",
    "either word (أو works too)": "إحدى الكلمتين (وتصلح «أو» أيضًا)",
    "leave out articles with this word": "استبعاد المقالات التي فيها هذه الكلمة",
    "both words within 10 (or 5) words of each other": "الكلمتان لا يفصل بينهما أكثر من 10 كلمات (أو 5)",
    "parentheses group": "الأقواس تجمع الشروط",
    "Long words also find their common spellings (مليشيات finds ميليشيات), listed after the exact form.":
        "الكلمات الطويلة تجد أيضًا تهجئاتها الشائعة (مليشيات تجد ميليشيات)، وتأتي نتائجها بعد نتائج الصيغة المكتوبة.",
    "Enter: next hit in the article (Shift+Enter: previous); F4 / Shift+F4 from anywhere.":
        "Enter: الموضع التالي في المقال (Shift+Enter: السابق)؛ F4 / Shift+F4 من أي مكان في النافذة.",
    "Next search hit": "موضع البحث التالي",
    "Previous search hit": "موضع البحث السابق",
    "No search hits in this article": "لا مواضع للبحث في هذا المقال",
    "Hit {i} of {n}": "الموضع {i} من {n}",
    # the same story from several outlets (reader/ui/library_view.py, reader/ui/compare_view.py)
    "The same story elsewhere ({n})": "الخبر نفسه في مواضع أخرى ({n})",
    "{p}% in common": "المشترك {p}٪",
    "Open": "فتح",
    "Open this version in the reader": "افتح هذه النسخة في القارئ",
    "Compare": "مقارنة",
    "Show the two versions side by side, the differing words marked": "اعرض النسختين جنبًا إلى جنب مع تمييز الكلمات المختلفة",
    "Other versions of this story…": "نسخ أخرى من هذا الخبر…",
    "Compare versions": "مقارنة النسخ",
    "Compare with:": "قارن مع:",
    "Words that only one of the two versions has are marked; hamza forms, alef maqsura, teh marbuta and diacritics are no difference.":
        "الكلمات التي لا توجد إلا في إحدى النسختين مميَّزة؛ ولا تُعدّ صور الهمزة ولا ى/ي ولا ة/ه ولا التشكيل اختلافًا.",
    "{p}% of its words are in the other version": "{p}٪ من كلماتها في النسخة الأخرى",
    "finding the same story in other outlets…": "البحث عن الخبر نفسه في مصادر أخرى…",
}

_current = "en"


def system_language() -> str:
    """``ar`` when the system locale is Arabic, else ``en``."""
    from PySide6.QtCore import QLocale

    return "ar" if QLocale.system().language() == QLocale.Language.Arabic else "en"


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGUAGES else "en"


def language() -> str:
    return _current


def tr(text: str, **kwargs: object) -> str:
    """``text`` in the current language, formatted with ``kwargs``."""
    out = _AR.get(text, text) if _current == "ar" else text
    return out.format(**kwargs) if kwargs else out


# The words of each link reason (reader.core.linking.reasons): English, the keys of the table above.
_REASON_TEXT = {
    Reason.NONE: "same name",
    Reason.SAME_NAME: "same name",
    Reason.IN_ARTICLE: "short form of a longer name in the same article",
    Reason.NEAREST_IN_ARTICLE: "short form of the nearest longer name introduced earlier in the article",
    Reason.AMBIGUOUS_IN_ARTICLE: "ambiguous: several longer names in the article contain it",
    Reason.PERSON_IN_ARTICLE: "short form of a person named in the same article (type differs)",
    Reason.ROLE_IN_ARTICLE: "a title or role standing for the person named with it earlier in the same article",
    Reason.ROLE_IN_LIBRARY: "a title standing for the person the library's articles of the same months name with it",
    Reason.COUNTRY: "another name of the same country",
    Reason.AGENCY: "another name of the same news agency",
    Reason.GLOSS_IN_ARTICLE: "another name of the body, given in brackets beside its full name in the same article",
    Reason.GLOSS_IN_LIBRARY: "another name of the body, given in brackets beside its full name in other articles; same names, outlet or dates",
    Reason.ONLY_IN_LIBRARY: "short form: the only longer name in the library that contains it",
    Reason.UNCONFIRMED_IN_LIBRARY: "not linked: one longer name in the library contains it, but nothing in this article points to it",
    Reason.CONTEXT: "context: same title, outlet or dates as the articles naming the longer name",
    Reason.AMBIGUOUS_IN_LIBRARY: "ambiguous: several longer names in the library contain it",
    Reason.NAME_OF_ITS_OWN: "a name of its own: the library mostly uses it alone, not as a short form of a longer name",
    Reason.GIVEN_NAME_ALONE: "a given name alone: this article's person, not linked to namesakes in other articles",
    Reason.TOWN_OR_HEAD_ALONE: "a town's name or a head noun alone: not linked to a body named with it (a town's club, a literary club, a centre)",
    Reason.OUTLET: "a news outlet: the text names the paper, channel or agency (told «…», the paper …), not the place of the same name",
    Reason.LONGEST_IN_LIBRARY: "a shorter variant of the only longer name in the library",
    Reason.SPELLING: "another spelling of the name",
    Reason.SPELLING_IN_STORY: "a foreign name spelt otherwise, in articles of the same story",
    Reason.GIVEN_NAME_IN_STORY: "a given name alone, in articles of the same story",
    Reason.SPLIT_BY_USER: "split off by you",
    Reason.MERGED_BY_USER: "merged by you",
}


def tr_reason(stored: str) -> str:
    """A mention's stored link reason (a code, ``reader.core.linking.reasons``) in words of the
    current language, names kept as they are; a text an older version stored is shown as it is."""
    code, detail = reasons.parse(stored)
    if code is None:
        return tr(stored)
    if code in (Reason.CONTEXT, Reason.ONLY_IN_LIBRARY) and detail:
        return tr("context: shares {names} with the articles naming the longer name", names=detail)
    if code is Reason.SPELLING_IN_STORY and detail:
        return tr("a foreign name spelt otherwise, in articles of the same story (they share {names})", names=detail)
    if code is Reason.GIVEN_NAME_IN_STORY and detail:
        return tr("a given name alone, in articles of the same story (they share {names})", names=detail)
    return tr(_REASON_TEXT[code])


def label_name(label: Label) -> str:
    return LABEL_NAMES.get(_current, LABEL_NAMES["en"])[label]


def isolate(text: str, ltr: bool | None = None) -> str:
    """``text`` as a bidi isolate, so that a Latin outlet or a file path does not reorder the
    Arabic around it (and vice versa): FSI (or LRI/RLI when the direction is known) … PDI."""
    opener = "\u2068" if ltr is None else ("\u2066" if ltr else "\u2067")
    return f"{opener}{text}\u2069"


def inline_list(items: Iterable[str]) -> str:
    """Rich-text items (escaped already) as one line's list in the UI's direction.

    Each item is an isolate of the UI's direction, so in an English line an Arabic name stays
    beside its own count, left of it, and the separator (", ", or "، " in Arabic) falls between
    items rather than inside one; an item's Arabic words are isolated by the caller (``reader.export.html.name_html``).
    """
    ar = _current == "ar"
    return ("، " if ar else ", ").join(isolate(item, ltr=not ar) for item in items)


# Counted nouns, by CLDR plural category (https://cldr.unicode.org plural rules): English has
# one and other; Arabic zero, one, two, few (3–10), many (11–99) and other (100, 101, ...).
_COUNTED: dict[str, dict[str, dict[str, str]]] = {
    "article": {
        "en": {"one": "{n} article", "other": "{n} articles"},
        "ar": {"zero": "{n} مقال", "one": "مقال واحد", "two": "مقالان", "few": "{n} مقالات", "many": "{n} مقالًا",
               "other": "{n} مقال"},
    },
    "entity": {
        "en": {"one": "{n} entity", "other": "{n} entities"},
        "ar": {"zero": "{n} كيان", "one": "كيان واحد", "two": "كيانان", "few": "{n} كيانات", "many": "{n} كيانًا",
               "other": "{n} كيان"},
    },
    "correction": {
        "en": {"one": "{n} correction", "other": "{n} corrections"},
        "ar": {"zero": "{n} تصحيح", "one": "تصحيح واحد", "two": "تصحيحان", "few": "{n} تصحيحات",
               "many": "{n} تصحيحًا", "other": "{n} تصحيح"},
    },
    "file or record": {
        "en": {"one": "{n} file or record", "other": "{n} files or records"},
        "ar": {"zero": "{n} ملف أو سجل", "one": "ملف أو سجل واحد", "two": "ملفين أو سجلين",
               "few": "{n} ملفات أو سجلات", "many": "{n} ملفًا أو سجلًا", "other": "{n} ملف أو سجل"},
    },
    "search hit": {
        "en": {"one": "{n} search hit", "other": "{n} search hits"},
        "ar": {"other": "مواضع البحث: {n}"},
    },
    # the same story from several outlets (reader/ui/models/articles.py's chip)
    "also in other outlets": {
        "en": {"one": "also in {n} other outlet", "other": "also in {n} other outlets"},
        "ar": {"one": "في مصدر آخر أيضًا", "two": "في مصدرين آخرين أيضًا", "few": "في {n} مصادر أخرى أيضًا",
               "many": "في {n} مصدرًا آخر أيضًا", "other": "في {n} مصدر آخر أيضًا"},
    },
    "other version": {
        "en": {"one": "{n} other version", "other": "{n} other versions"},
        "ar": {"one": "نسخة أخرى", "two": "نسختان أخريان", "few": "{n} نسخ أخرى", "many": "{n} نسخة أخرى",
               "other": "{n} نسخة أخرى"},
    },
    "mention": {
        "en": {"one": "{n} mention", "other": "{n} mentions"},
        "ar": {"zero": "{n} إشارة", "one": "إشارة واحدة", "two": "إشارتان", "few": "{n} إشارات", "many": "{n} إشارة",
               "other": "{n} إشارة"},
    },
}


def plural_category(n: int, lang: str | None = None) -> str:
    """The CLDR plural category of a whole number in ``lang`` (the UI language by default)."""
    lang = lang or _current
    if lang == "ar":
        m = n % 100
        return ("zero" if n == 0 else "one" if n == 1 else "two" if n == 2 else
                "few" if 3 <= m <= 10 else "many" if 11 <= m <= 99 else "other")
    return "one" if n == 1 else "other"


def counted(n: int, what: str) -> str:
    """``n`` things (``what``: a key of ``_COUNTED``) as the UI language says it: «1 article»,
    «3 articles»; «مقال واحد», «مقالان», «3 مقالات», «11 مقالًا», «100 مقال»."""
    forms = _COUNTED[what]["ar" if _current == "ar" else "en"]
    return forms.get(plural_category(n), forms["other"]).format(n=number(n))


def outlet(stored: str) -> str:
    """An article's outlet as the reader shows it: the outlet's name in the UI language's script
    when ``resources/outlets`` knows the stored field (a code, a domain), else the field itself."""
    from reader.core.outlets import display_outlet

    return display_outlet(stored, _current == "ar")


def number(n: int) -> str:
    """A count as shown in the UI (Western digits in both languages, as most Arabic news sites do)."""
    return f"{n:,}" if _current == "en" else f"{n:,}".replace(",", "٬")


def describe_correction(c: Correction) -> str:
    """A correction as the Edit menu's Undo/Redo say it, in the UI language: the type's name, not
    its code, and the number of entities a merge joined (its target included)."""
    from reader.core.store.corrections import Mark, Merge, Remove, Rename, SetType, Split

    match c.change:
        case Mark(anchor=anchor, label=label):
            return tr("mark “{surface}” as {type}", surface=anchor.text, type=label_name(label))
        case Remove(anchor=anchor):
            return tr("remove “{surface}”", surface=anchor.text)
        case Split(anchor=anchor):
            return tr("split “{surface}” off", surface=anchor.text)
        case SetType(entity=entity, label=label):
            return tr("make “{name}” {type}", name=entity.name, type=label_name(label))
        case Rename(entity=entity, name=name):
            return tr("rename “{name}” to “{new}”", name=entity.name, new=name)
        case Merge(into=into, entities=entities, name=name):
            return tr("merge {n} entities into “{name}”", n=number(len(entities) + 1), name=name or into.name)
