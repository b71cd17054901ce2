"""Head nouns of names: those whose name is named after something else, and those that name
nothing alone. Normalised, without ال."""
from __future__ import annotations

from reader.core.arabic import normalise

# Heads of bodies and places named after something else: جامعة قناة السويس is not قناة السويس,
# مستشفى الملك فهد not the king, خيمة سوق عكاظ not the market, اللجنة التنفيذية للفيفا not FIFA,
# مجلس إدارة الهيئة not the authority. Such a name keeps its head in every short form.
NAMED_AFTER = frozenset(normalise(w) for w in """
    جامعة كلية معهد مدرسة أكاديمية مستشفى مدينة مركز مسجد جامع شارع طريق مطار ميناء ملعب استاد
    إستاد جائزة كرسي قاعة خيمة برج حي جسر ميدان دوار قصر متحف مكتبة مجمع مؤسسة لجنة مجلس
""".split())

# Nouns that head a body's name and name nothing alone: «نادي الفتح» is never «نادي», however
# often an article says "the club" of it.
HEADS = NAMED_AFTER | frozenset(normalise(w) for w in """
    نادي اتحاد هيئة وزارة حزب حركة منظمة جماعة تنظيم شركة وكالة صحيفة جريدة مجلة محكمة جبهة تحالف
""".split())


def bare_head(form: str) -> bool:
    """Whether a form is head nouns only («النادي», «مجلس الإدارة» is not: إدارة is no head)."""
    words = [normalise(w) for w in form.split()]
    return bool(words) and all((w[2:] if w.startswith("ال") else w) in HEADS for w in words)
