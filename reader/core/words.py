"""Every Arabic word list of the analysis, in one place: the NER post-pass (``reader.core.ner``),
the CRF's cue words, the propagation of learnt names and linking (``reader.core.linking``).

The lists are data, not names: generic vocabulary (function words, titles, the head nouns of
bodies and places, kinship words) that the modules test words against. Each is stored
normalised (``reader.core.arabic.normalise``), as the modules compare normalised words. Lists
that say nearly the same thing are built from each other here, so that how they differ shows:
``NAME_BINDERS = SONS | TWO_WORD_STARTS | {FAMILY}``. The name and place lists read from
resource files (``resources/names``, ``resources/places``) are not here. Qt-free.
"""
from __future__ import annotations

from reader.core.arabic import normalise


def _words(text: str) -> frozenset[str]:
    """The normalised words of a whitespace-separated list."""
    return frozenset(normalise(w) for w in text.split())


# ---------------------------------------------------------------------------------------------
# Clitics and suffixes (letters, not words: what a word may carry around a listed word)

# Leading single-letter proclitics that are not part of a name: a conjunction (و, ف) or a
# preposition (ب, ل, ك). In this order: the NER post-pass tries them in it.
PROCLITICS = ("و", "ف", "ب", "ل", "ك")
# The same letters as one string, for linking's ``s[0] in LEADING_CLITICS`` (وزير stays whole:
# checked by length).
LEADING_CLITICS = "".join(PROCLITICS)
# A conjunction and a preposition together (وبالله, فللحكومة).
DOUBLE_PROCLITICS = ("وب", "ول", "فب", "فل")
# The proclitics a pattern's trigger may carry (محافظة X, ومدينة X, لمجلة X): no ك.
PATTERN_CLITICS = ("و", "ف", "ب", "ل", *DOUBLE_PROCLITICS)
# The proclitics an honorific title's first word may carry, none included.
HONORIFIC_CLITICS = ("", *PROCLITICS, *DOUBLE_PROCLITICS)
# Pronoun suffixes of a noun after و inside a person span (ورجاله, وأنصارهم).
PRONOUN_SUFFIXES = ("ه", "ها", "هم", "هما")


# ---------------------------------------------------------------------------------------------
# Function words: never a name on their own. Three lists for three uses, with a common core.

# The prepositions, pronouns, demonstratives and particles both the post-pass's name test
# (``STOP_WORDS``) and the patterns (``NOT_NAMES``) refuse.
COMMON_STOP_WORDS = _words(
    "في من إلى الى على عن مع أن ان إن هذا هذه ذلك التي الذي كان كانت قد لا لم لن ما أو او بين بعد قبل حتى كل "
    "عند غير أي اي هو هي هم يوم عام خلال حول ضد منذ لدى")

# Generic cue words of the CRF's features (stems after clitic stripping, normalised), by the
# kind of name they announce. They are not names: they are the words around names that news
# prose uses, so they generalise to articles never seen. A word of two kinds keeps the first.
_CUE_LISTS = {
    "TPERS": "رئيس رئيسه الرئيس وزير وزيره الوزير وزراء ملك الملك امير الامير الشيخ شيخ السيد السيده الدكتور دكتور "
             "المتحدث متحدث الناطق ناطق المستشار مستشار السفير سفير نائب النائب مدير المدير الجنرال العقيد اللواء "
             "العميد الفريق المشير قائد القائد زعيم الزعيم مبعوث المبعوث الامين امين الرئيسان البابا الاستاذ المهندس "
             "المحامي الكاتب الشاعر اللاعب المدرب الفنان المطرب الممثل الصحفي مراسل المراسل قال اكد اضاف اوضح صرح "
             "ابن بن بنت ابو ام عبد ال سمو جلاله فخامه معالي سعاده الحاج النجم المغني المخرج",
    "TORG": "وزاره الوزاره جامعه الجامعه شركه الشركه حكومه الحكومه مجلس المجلس منظمه المنظمه حزب الحزب وكاله "
            "الوكاله هيئه الهيئه مؤسسه المؤسسه اتحاد الاتحاد جمعيه الجمعيه بنك البنك مصرف المصرف لجنه اللجنه "
            "صحيفه الصحيفه جريده الجريده مركز المركز معهد المعهد نادي النادي منتخب المنتخب محكمه المحكمه "
            "قناه القناه اذاعه مجموعه حركه الحركه جبهه الجبهه برلمان البرلمان صندوق الصندوق تلفزيون دائره",
    "TLOC": "مدينه المدينه محافظه المحافظه ولايه الولايه منطقه المنطقه عاصمه العاصمه دوله الدوله بلده قريه "
            "القريه اقليم الاقليم جزيره الجزيره نهر النهر جبل بحر البحر شمال جنوب شرق غرب شمالي جنوبي شرقي غربي "
            "وسط قرب بلاد مخيم المخيم حي ميناء مطار شارع",
    "TPREP": "في من الي الى علي عن مع داخل خارج عبر نحو لدي",
}
CUE_WORDS: dict[str, str] = {}
for _kind, _list in _CUE_LISTS.items():
    for _w in _list.split():
        CUE_WORDS.setdefault(normalise(_w), _kind)
del _kind, _list, _w

# Function words that are never names on their own, whatever a tagger once said (the
# post-pass's ``name_like``): the common core, a few more, and every cue word.
STOP_WORDS = COMMON_STOP_WORDS | _words("الذين ثم نحن أنا أمام عبر نحو دون تحت فوق وراء خلف") | frozenset(CUE_WORDS)

# Prepositions with a third-person pronoun (بها, عنهم, عليه): a verb's object, never a name
# (the verb نادى, normalised like the club's نادي, put «بها» after a club's noun). Not منه,
# normalised like the given name منة.
PRONOUN_PREPOSITIONS = _words("""
بها بهم بهما بهن لها لهم لهما لهن فيه فيها فيهم فيهما فيهن منها منهم منهما منهن عنه عنها عنهم عنهما
عليه عليها عليهم عليهما إليه إليها إليهم معه معها معهم لديه لديها لديهم عنده عندها عندهم بينه بينها
بينهم حوله حولها حولهم
""")

# Words after a pattern's trigger that are no name: function words, numbers, common nouns of
# the pattern.
NOT_NAMES = COMMON_STOP_WORDS | PRONOUN_PREPOSITIONS | _words(
    "واحدة جديدة كبيرة صغيرة أخرى اخرى أولى ثانية عدد عدة غالبية معظم بقية باقي سائر جميع كافة أغلب بعض")

# Function words and the commonest verbs and adverbs of news prose: a tagger trained on ANERcorp
# sometimes takes one for a name in a song title, a list or a dialect quote (هذا أنا, بدت), and
# the library then lists «من» or «كان» as an entity. Generic Arabic, never a name alone; words
# that are also given names or places (علي, أحد, اليوم: a newspaper) are not here (so neither
# are على, normalised like علي, nor يوم and عام of the common core).
FUNCTION_WORDS = _words("""
انا نحن انت انتم هو هي هم هما هن هذا هذه ذلك تلك هؤلاء اولئك هنا هناك ذا ذي ذات الذي التي الذين
اللذين اللتين اللواتي اللاتي ما ماذا لماذا متي كيف اين من في الي عن مع بين عند لدي حول خلال قبل بعد
منذ حتي ضد دون نحو فوق تحت وراء عبر او ثم لكن بل لا لم لن قد سوف ان انه انها انهم كان كانت كانوا
يكون تكون ليس ليست اذا اذ لو لولا كي حيث كما كل بعض جميع غير اي ايضا فقط جدا الان امس غدا قال قالت
يقول تقول اكد اكدت اضاف اضافت اوضح اوضحت اشار اشارت تم يتم بات باتت ظل اصبح اصبحت صار يمكن يجب اكثر اقل
عدد عده اخر اخري اخرين اخرون بدا بدت يبدو
""") | PRONOUN_PREPOSITIONS


# ---------------------------------------------------------------------------------------------
# Words that bind a person's name together (kinship, kunya, family). The lists differ in what
# their use needs; each is built from the smaller ones.

# Son of, daughter of: the father's name follows (فاطمة بنت أسد).
SONS = _words("بن بنت ابن")
# بن and بنت between a name and the father's; not ابن, which starts a whole name (ابن خلدون).
SON_LINKS = SONS - {normalise("ابن")}
# Words that start a kunya or a theophoric name and take one more word: أبي بكر, عبد الله.
TWO_WORD_STARTS = _words("أبو أبي أبا عبد")
# The family of (آل سعود), normalised like the article.
FAMILY = normalise("آل")
# Words that bind a name's parts together: no body or place inside a person's span starts or
# ends with one.
NAME_BINDERS = SONS | TWO_WORD_STARTS | {FAMILY}
# Words before a last name that make it no surname: أبو طالب, بن علي, عبد الله.
KIN = SONS | TWO_WORD_STARTS | _words("أم")
# Words after which the rest of a name is somebody else's (the father's, the family's):
# in محمد بن سلمان, "سلمان" is not a short form of the son.
LINEAGE = SONS | {FAMILY}
# Words that join the parts of a person's name: one at the end is a span cut short (بدر بن
# فيصل بن). (أبا, the accusative, was never listed here.)
CONNECTORS = NAME_BINDERS - {normalise("أبا")} | _words("أم ذو")
# Compound names are written with or without a space: عبد العزيز / عبدالعزيز, ابو بكر / ابوبكر.
JOINED_PREFIXES = _words("عبد ابو")
COMPOUND_PREFIXES = tuple(sorted(JOINED_PREFIXES))  # sorted: the same in every process (hash seeds)
# God's name: no person's name starts with it (ضيف الله, عطا الله: the word before it is the
# name's first part).
GOD = normalise("الله")


# ---------------------------------------------------------------------------------------------
# Titles and roles around a person's name

# Honorifics, ranks and roles that precede names in news text (normalised, without ال).
# Generic Arabic vocabulary, not names: dropped from keys and display names. The GATE titles
# list (resources/names/titles.txt) adds to these for people.
TITLE_WORDS = _words("""
    رئيس الرئيس ملك الملك امير الأمير الامير أمير شيخ الشيخ سيد السيد السيدة سيدة دكتور الدكتور د
    مهندس المهندس م استاذ الأستاذ الاستاذ لواء اللواء عميد العميد عقيد العقيد فريق الفريق مشير المشير
    عماد العماد رائد الرائد نقيب النقيب مقدم المقدم جنرال الجنرال سمو صاحب السمو سماحة فضيلة معالي
    سعادة الحاج حاج الإمام الامام المستشار مستشار القاضي السفير سفير النائب الوزير وزير الأميرة
    البابا الكاردينال المطران القس الشريف ولي العهد ركن الركن الجاني الشهيد المرحوم الفقيد
""")
# Words a writer puts before a person's name that are no part of it, whatever type the model
# gave the span: epithets (the deposed, the late), where they judge («المخلوع») one outlet's word,
# which a canonical name must not carry, and a title's "former" left when the title was not.
EPITHETS = _words("المخلوع الراحل الراحلة المرحوم المرحومة الفقيد الفقيدة السابق السابقة الأسبق")
# Titles that head a role's construct (أمير منطقة X, ولي العهد, وزير الدفاع): at the end of a
# person's span, without the article, the role the span cut from its object (never a family
# name, which the single titles of ``TITLE_WORDS`` can be: الشريف, القاضي, سيد).
ROLE_HEADS = _words("أمير ولي وزير رئيس مدير نائب مساعد سفير محافظ قائد مستشار مبعوث أمين متحدث ناطق")
# Words of a role that follow a title before the name: وزير [الدفاع] [التركي] خلوصي أكار.
# Generic government vocabulary (normalised, without ال); nisba adjectives come from places.tsv.
PORTFOLIO_WORDS = _words("""
    دفاع خارجية داخلية وزراء حكومة دولة أركان اركان عدل مالية إعلام اعلام مجلس عام أول اول جمهورية
    برلمان نواب شورى اقتصاد تعليم صحة نفط طاقة عمل خاص أممي اممي أعلى اعلى رئاسي وطني سابق
    مفوض مفوضية إدارة ادارة جيش قوات مبعوث أمين امين سر عهد الحكومة الدولة المجلس
""")
# Titles that stand before a person's name (with the article, as news writes them): the
# patterns' titled person (الرئيس X Y).
PERSON_TITLES = _words("الرئيس الوزير المشير الأمير الملك الشيخ الدكتور اللواء العميد العقيد الفريق "
                       "السفير المستشار الجنرال السيد السيدة النائب القائد الإمام")
# Titles of the patron an institution or site is named after: جامعة الملك سعود, مطار الملك خالد.
PATRON_TITLES = _words("الملك الأمير الأميرة الشيخ الإمام")
# Honorific titles whose words are names elsewhere: in «خادم الحرمين الشريفين» (the Saudi
# king's title) the two holy mosques are no entity of their own. A span inside one is dropped.
# As written (a regular expression matches them in the text).
HONORIFICS = ("خادم الحرمين الشريفين", "خادم الحرمين")  # longest first: the first that matches is taken
# Regnal numbers and the like after a name: never a short form of it.
ORDINALS = _words("الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر الأكبر الأصغر")
# Adjectives of the nisba form that qualify an institution named after a person, never his family
# name: مطار الأمير سامر بن واثق [الدولي], بيت الزاهر [التجاري].
INSTITUTION_ADJECTIVES = _words("الدولي التجاري الوطني العالمي الطبي التخصصي الجامعي الخيري الصناعي الزراعي "
                                "العسكري المركزي الإقليمي الاقتصادي الإسلامي العربي الخليجي الثقافي الرياضي")


# ---------------------------------------------------------------------------------------------
# Non-names: words a tagger takes for names that a researcher never wants as entities
# (``reader.core.ner.non_names``). Normalised, without ال.

# God and the words of religious formulae around the name.
RELIGIOUS = _words("""
الله لله بالله والله تالله اللهم سبحان سبحانه تعالي عز وجل جل جلاله رضي رحمه رحمها رحمهم يرحمه عنه عنها عنهم
عليه عليها عليهم السلام سلام صلي وسلم صلوات وسلامه شاء ان بسم الرحمن الرحيم الحمد نحمد حفظه حفظها حفظهم أيده أيدها أيدهم
""")
# Currencies, in the forms news text uses (singular, accusative, plurals, duals).
CURRENCIES = _words("""
دولار دولارا دولارات دولاران دولارين ريال ريالا ريالات ريالان ريالين يورو يوروهات دينار دينارا دنانير
درهم درهما دراهم جنيه جنيها جنيهات ليره ليرات روبيه روبيات ين يوان روبل فرنك فرنكات استرليني بيتكوين
شيكل شيكلا شيكلات شيقل شيقلا
""")
# Units of measure that follow numbers.
UNITS = _words("""
كيلومتر كيلومترا كيلومترات كم متر مترا امتار ميل اميال كيلوغرام كيلوجرام كغ طن اطنان برميل براميل
ميغاواط ميجاوات واط هكتار دونم لتر لترا بوصه بوصات انش انشات قدم اقدام غرام جرام غراما جراما ميلليمتر مليمتر سنتيمتر سنتيمترا
""")
# Months and the ordinals after them (a date, no name: «شهر ذي القعدة», «كانون الثاني»), but those
# that are also given names (رمضان, شعبان, رجب, محرم, صفر, ربيع): alone, such a span may be a
# person's short form.
MONTHS = _words("""
شهر يناير فبراير مارس أبريل ابريل مايو يونيو يونيه يوليو يوليه أغسطس اغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر
كانون شباط آذار نيسان أيار حزيران أيلول تشرين شوال جمادى القعدة الحجة ذو ذي الأول الثاني الأولى الآخرة الآخر
""")
# A span made only of these is no entity.
NON_NAME_WORDS = RELIGIOUS | CURRENCIES | UNITS | MONTHS
# Formulae whose first word is a name elsewhere (توفيق is a given name): the whole phrase is none
# («بعد توفيق الله», "with God's help", was a "person" in 24 articles of a 3,338-article library).
# God's epithets too (الله العلي القدير): العلي is a family name alone. And the devotional
# «بيت الله (الحرام)» of ضيوف/حجاج بيت الله ("the pilgrims"), a "body" in 54 articles of the
# 3,365-article sample (the mosque's name is المسجد الحرام), and «بيوت الله», mosques.
# Likewise the idioms of «حسن» ("good ...") that read as a given name and a family name: «حسن
# الجوار» (good neighbourliness, a "person" in 16 articles of the sample, ~170 mentions of the
# 31k library), «حسن النية», «حسن الظن». The nouns are the commonest after «حسن» in the 31k
# library's texts that are no family names.
_GOOD_X = ("الجوار جوار الاستقبال استقبال السيرة الحظ حظ الظن ظن النية نية النوايا الخلق التعامل التنظيم "
           "الخاتمة الضيافة العزاء المظهر التخطيط اختيار الاختيار الطالع التصرف الأداء التدبير")
FORMULA_PHRASES = frozenset(normalise(p) for p in ("توفيق الله", "توفيق من الله", "العلي القدير", "العلي العظيم",
                                                   "بيت الله", "بيت الله الحرام", "بيوت الله",
                                                   *(f"حسن {w}" for w in _GOOD_X.split())))
# Nouns that head a competition's name and name none alone (كأس العالم, بطولة آسيا): a span of
# «كأس» or «الكأس» alone, which same-name linking made one "event" of every cup in a library.
# As written, not normalised: «كاس» without its hamza is also CAS, the sports court.
EVENT_HEADS = frozenset("كأس بطولة دوري".split())
# A championship, and a film's cast before a person's name (من بطولة X: starring X).
STARRING = normalise("بطولة")
# Words that open a formula after a name (رضي الله عنه, عليه السلام, صلى الله عليه وسلم): a
# tail is a formula only from one of these, so عبد الله, نصر الله and فضل الله stay whole.
FORMULA_STARTS = _words("رضي رحمه رحمها رحمهم يرحمه صلي صلوات عليه عليها عليهم سبحانه تعالي عز جل حفظه حفظها حفظهم "
                        "أيده أيدها أيدهم")

# Prepositions a span takes from the phrase after a name (سامر الزاهري [من] كرمستان, منظمة X [في]):
# never a name's last word. «في» is also V spelt out (إم تي في): not after a letter's name.
TRAILING_PREPOSITIONS = _words("من في إلى الى عن منذ")
SPELT_V = normalise("في")

# Counts in thousands, millions, billions: a word after one is a currency or a unit, not a body
# (300 ألف ريال), and a share after one is counted, not named (148 مليون سهم).
AMOUNTS = _words("ألف آلاف الف الاف مليون ملايين مليار مليارات")


# ---------------------------------------------------------------------------------------------
# Places: the nouns of the place patterns (``reader.core.ner.patterns``) and the post-pass

# Duals of the place nouns: محافظتي X وY names two places.
PLACE_DUALS = _words("محافظتي مديريتي ولايتي مدينتي")
# Indefinite place nouns in construct with a name (and their duals: محافظتي X وY).
PLACE_TRIGGERS = _words("محافظة مديرية ولاية مدينة بلدة قرية إقليم") | PLACE_DUALS
# The place noun that is also a body's head: a district before a name (مديرية كرمستان), a
# directorate before a field (مديرية الشؤون الصحية).
DIRECTORATES = _words("مديرية")
# Plurals name places only as a list of names (محافظات X وY); alone they take the region that holds
# them (محافظات المنطقة, محافظات عدة).
PLACE_PLURALS = _words("محافظات مديريات")
# Compass nouns: a region, no item of a list of named places (محافظات X وY والجنوب).
COMPASS = _words("الجنوب الشمال الشرق الغرب الوسط")
# Nisba stems of nations the country lists do not hold (England is no sovereign state).
UNLISTED_NATIONS = _words("إنجليز إنكليز انجليز انكليز")
# Common words that the place lists also hold as towns (Cannes, Jeddah without its ta marbuta).
COMMON_TOWN_WORDS = _words("كان كانت جده عواصم اخرى أخرى مدينة ان إن")


# ---------------------------------------------------------------------------------------------
# Bodies: the nouns of the body, newspaper, company and institution patterns

# Heads of bodies: indefinite ones take a definite genitive (مجلس الأمن), definite ones a
# definite adjective (التحالف الدولي).
BODY_HEADS = _words("مجلس حركة حزب منظمة هيئة اتحاد تحالف ائتلاف جبهة جماعة تنظيم وكالة مقاومة "
                    "وزارة ميليشيا ميليشيات مليشيا مليشيات ميلشيات محكمة نقابة كتائب ديوان")
# Heads one side gives the armed bodies of the other («ميليشيات الزاهرين» for a movement, «مليشيا
# الزاهري» for a commander's men): an entity's name never starts with one where the library
# writes its name without it.
EPITHET_HEADS = _words("ميليشيا ميليشيات مليشيا مليشيات ميلشيات")
# Heads a body's name writes in the plural or the singular (قوات الطوارئ, قوة الطوارئ: one force),
# plural → singular, for its key.
HEAD_SINGULARS = {normalise("قوات"): normalise("قوة")}
# Nouns of a body's kind before its name of its own, which the name alone names too: «نادي
# الهلال» is «الهلال», «مصرف الإنماء» «الإنماء», «جماعة الحوثي» «الحوثي» (linking's long forms).
KIND_HEADS = _words("نادي مصرف بنك شركة مجموعة منظمة حركة تنظيم جماعة حزب")
# Courts: a court with a name of its own is a body (المحكمة العليا, محكمة التحكيم الرياضية),
# a court level is not (محكمة الاستئناف, المحكمة الجزائية), nor is a town's court a body
# named after the town (محكمة جنايات القاهرة: the town stays a place).
COURT = normalise("محكمة")
COURT_LEVELS = _words("الاستئناف استئناف التمييز الجنايات جنايات النقض الابتدائية العامة الجزائية الإدارية "
                      "الشرعية العسكرية الأسرة الجنح جنح")
# Words that make a head a common noun, not a body's name: مجلس الإدارة (a board), الجبهة
# الشمالية (a front line), الحركة الاقتصادية (economic activity).
GENERIC_MODIFIERS = _words("الإدارة الأمناء الاقتصادية التجارية الاجتماعية المرورية الشمالية الجنوبية الشرقية الغربية "
                           "الداخلية الخارجية")
# ... except after a ministry, whose portfolio they name: وزارة الداخلية, وزارة الخارجية.
MINISTRY = normalise("وزارة")
# Nouns that make a head's chain a part of a body, no body's name: مجلس إدارة X (a board).
CHAIN_GENERIC = _words("إدارة ادارة أمناء عدد رئيس رئاسة أعضاء عضو")
# Adjectives that describe a body and never end its name (تنظيم القاعدة الإرهابي, الوكالة الرسمية),
# and nouns ending like a nisba (المسؤولية): a body's name the model cut short takes no such word.
BODY_DESCRIPTORS = _words("الإرهابي الإرهابية الموالي الموالية الرئيسي الرئيسية المعني المعنية الرسمي الرسمية "
                          "الحكومي الحكومية المسؤولية التفاوضي التفاوضية الحالي الحالية")
# Heads that are verbal nouns too (تنظيم "organising", مقاومة "resisting", حركة "traffic,
# motion"): they name a body only with a name the model found or a quoted one after them, never
# with a common noun of their own (حركة الملاحة, تنظيم المعارض, مقاومة السلطات).
VERBAL_HEADS = _words("تنظيم مقاومة حركة")
# Feminine elatives that qualify a body like a nisba (اللجنة العليا, المحكمة العليا); the
# masculine ones end in ى and are caught by the nisba test once normalised (المجلس الأعلى).
ELATIVES = _words("العليا")

# Nouns a news outlet's name is written after, as written (the library's text is matched in SQL)
# and as keys: صحيفة الرياض, وكالة فرانس برس.
PAPER_NOUNS_AS_WRITTEN = ("صحيفة", "جريدة")
MEDIA_NOUNS = _words("وكالة صحيفة جريدة قناة مجلة")
# What a media noun names generically with: «وكالة أنباء» is "a news agency", any of them.
NEWS_WORDS = _words("أنباء الأنباء أخبار الأخبار")
# Consonants one transliteration writes for another's: s/z/sh/ṣ (برونزيكر/برونسيكر, ستيلبورغ/شتيلبورغ),
# t and d plain or emphatic (أتلانتا/أطلانطا). Letter classes, no words.
CONSONANT_CLASSES = ("سزشص", "تط", "دض", "جخ")
# The particles of European family names (دي ماريا, دا سيلفا, فان دايك, فون دير لاين): a family
# name that starts with one is foreign, whatever its next word is (ماريا is a given name too).
FOREIGN_PARTICLES = _words("دي دا دو دوس ديل ديلا فان فون")
# «فإن» ("then, indeed") as keys and normalised text write it: the Dutch particle's letters (فان
# غال), before a name the conjunction as often (، فان اردوغان يحاول).
CONJUNCTION_FA_INNA = "فان"
# Words after a place's name that agree with a feminine noun: a town is feminine (X التي), the
# club named after it masculine (``mending.teams``).
FEMININE_NEXT = _words("التي")

# A region's or a landform's noun whose place makes one name with it (ريف دمشق, a governorate;
# جبل طارق, وادي الزاهر), which the model tags alone now and then.
REGION_NOUNS = _words("ريف وادي جبل عين بحيرة نهر سهل")

# Duals of the newspaper nouns: صحيفتا "X" و"Y" names two papers.
MEDIA_DUALS = _words("صحيفتي صحيفتا")
# Nouns for a newspaper or magazine, in construct with its name: صحيفة X, وجريدة X, لمجلة X.
# (قناة and موقع are left out: a canal, a site.)
MEDIA_TRIGGERS = _words("صحيفة جريدة مجلة") | MEDIA_DUALS
# A club in construct with its name, the noun left out as ANERcorp leaves it: نادي [X]. One
# word, as a club's name is (نادي X اليوم); not فريق: فريق العمل, فريق الإنقاذ.
CLUB_TRIGGERS = _words("نادي")
# A news agency named in full (وكالة X للأنباء): X is its name, taken as a newspaper's. (Not any
# وكالة X: وكالة أنباء X, وكالة وزارة X, وكالة شؤون X are no names.)
AGENCY = _words("وكالة")
FOR_THE_NEWS = normalise("للأنباء")
# "Of the states of": a regional body's name goes on with the region or group its states make
# (مجلس التعاون لدول الخليج العربية, الجماعة الاقتصادية لدول غرب أفريقيا, بنك التنمية لدول البريكس).
OF_THE_STATES = normalise("لدول")

# Stock reports name companies by their shares: سهم X, أسهم شركات X وY، Z.
SHARES = _words("سهم أسهم")
COMPANY_NOUNS = _words("شركة شركات شركتي")
# Words that end a list of companies: the report's verbs and comparatives, the list it tops and
# the figure's preposition (سابك القائمة بنسبة 12%: «سابك»).
LIST_STOPS = _words("الأكثر الأقل الأعلى الأدنى على رأس قائمة القائمة بنسبة")
# Words after سهم that describe the share, no company: سهم قيمة, سهم واحد, سهم بقيمة.
SHARE_WORDS = _words("قيمة واحد قطاع رأس بشكل بدوره تمت قدره بقيمة بسعر مجموعة مجمع اتحاد بنك مشاريع صناعات "
                     "اكتتاب اثنين ثلاثة أربعة خمسة ست ستة سبعة ثمانية تسعة عشرة")

# Institutions and sites named after a person, titled (``PATRON_TITLES``) or the model's person: جامعة الملك
# سعود, مركز الملك سلمان للإغاثة والأعمال الإنسانية (bodies); مطار الملك خالد الدولي (a place).
INSTITUTIONS = _words("جامعة مستشفى مدينة مركز مجمع معهد كلية مؤسسة جمعية أكاديمية")
SITES = _words("مطار ميناء جسر مسجد جامع شارع ميدان ساحة")  # not طريق: عن طريق X is "through X"

# State bodies whose name is a common noun and its adjective or genitive, found in many Arab
# states (Saudi Arabia's civil defence and Jordan's, Kuwait's national guard and Saudi Arabia's):
# ANERcorp leaves them untagged, so the model never finds them, though the news names them as
# actors (in the 31k library «الدفاع المدني» stands in 523 articles, «قوات/قوة الطوارئ» in 413,
# «الحرس الوطني» in 164). Kinds of body, not one state's list; phrases that are as often a
# concept or a function are left out (الأمن الوطني/القومي "national security", النيابة العامة
# and الادعاء العام "the prosecution", القوات المسلحة, الجيش الوطني).
NAMED_BODIES = frozenset(" ".join(normalise(w) for w in phrase.split()) for phrase in (
    "الدفاع المدني", "الحرس الوطني", "الحرس الثوري", "الحرس الجمهوري", "الحرس الملكي", "الحرس الأميري",
    "الأمن العام", "المباحث العامة", "المباحث الجنائية", "المخابرات العامة", "الاستخبارات العامة",
    "المخابرات العسكرية", "الاستخبارات العسكرية", "الشرطة العسكرية", "الهلال الأحمر", "الصليب الأحمر",
    "قوات الطوارئ", "قوة الطوارئ", "قوات الطوارئ الخاصة", "قوة الطوارئ الخاصة", "الجيش الحر", "الجيش السوري الحر"))

# Nouns of a state's official name (الجمهورية اليمنية, المملكة الأردنية الهاشمية): with the
# adjectives after them, the name the place lists hold for the country.
STATE_NOUNS = _words("الجمهورية المملكة")

# Every word a pattern can start at (with the article for a definite head: التحالف), so the scan
# asks the patterns only there.
PATTERN_STARTS = (PERSON_TITLES | PLACE_PLURALS | PLACE_TRIGGERS | CLUB_TRIGGERS | MEDIA_TRIGGERS | AGENCY | SHARES
                  | INSTITUTIONS | SITES | BODY_HEADS | frozenset("ال" + h for h in BODY_HEADS)
                  | frozenset(p.split()[0] for p in NAMED_BODIES) | STATE_NOUNS)


# ---------------------------------------------------------------------------------------------
# Head nouns of names, for linking (``reader.core.linking``). Normalised, without ال.

# Heads of bodies and places named after something else: جامعة قناة السويس is not قناة السويس,
# مستشفى الملك فهد not the king, خيمة سوق عكاظ not the market, اللجنة التنفيذية للفيفا not FIFA,
# مجلس إدارة الهيئة not the authority. Such a name keeps its head in every short form.
NAMED_AFTER = _words("""
    جامعة كلية معهد مدرسة أكاديمية مستشفى مدينة مركز مسجد جامع شارع طريق مطار ميناء ملعب استاد
    إستاد جائزة كرسي قاعة خيمة برج حي جسر ميدان دوار قصر متحف مكتبة مجمع مؤسسة لجنة مجلس ساحة
""")
# Nouns that head a body's name and name nothing alone: «نادي الفتح» is never «نادي», however
# often an article says "the club" of it.
HEADS = NAMED_AFTER | _words("""
    نادي اتحاد هيئة وزارة حزب حركة منظمة جماعة تنظيم شركة وكالة صحيفة جريدة مجلة محكمة جبهة تحالف
""")
# Heads that with nisbas alone are what many bodies are called (الاتحاد الدولي, البنك المركزي,
# الهيئة الملكية): an entity's name drops the words after such a form only where they read as glue.
GENERIC_HEADS = HEADS | BODY_HEADS | _words("بنك مصرف")
# First words of listed places that also start people's names (أبو كمال is a town and a kunya):
# no place of several words is read from the lists where one starts so.
PERSON_STARTS = _words("أبو أم بن ابن عبد بنت")
# A government named in construct (حكومة الزاهرين, "the government of X"): a body's noun the patterns do not
# take as a body's head (حكومة اليمن is Yemen's government, no body's name).
GOVERNMENT_NOUNS = _words("حكومة")
