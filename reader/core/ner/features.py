"""Token features for the built-in CRF.

Feature extraction in Python is the tagging bottleneck, so everything that depends on one
word only (its own features and the prefixed copies its neighbours see) is computed once per
word form and cached; a sentence then only concatenates tuples. Sentence-level work is the
gazetteer match and two word-pair features.
"""
from __future__ import annotations

from typing import Sequence

from reader.core.arabic import dediacritise, normalise, strip_clitics
from reader.core.ner.gazetteer import Gazetteer, word_keys
from reader.core.words import CUE_WORDS

CONTEXT = (-2, -1, 1, 2)
_PUNCT_DIGITS = set("0123456789")


def shape(word: str) -> str:
    """Coarse script class: Arabic letters, Latin letters, digits, punctuation or mixed."""
    kinds = set()
    for ch in word:
        if ch in _PUNCT_DIGITS or ch.isdigit():
            kinds.add("D")
        elif "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufefc":
            kinds.add("A")
        elif ch.isalpha():
            kinds.add("L")
        else:
            kinds.add("P")
    return "".join(sorted(kinds)) or "E"


class WordInfo:
    """Everything about one word form that its neighbours do not change."""

    __slots__ = ("norm", "stem", "trig", "keys", "own", "m2", "m1", "p1", "p2", "cl", "gaz")

    def __init__(self, norm: str, own: tuple[str, ...], ctx: dict[int, tuple[str, ...]], cl: str = "",
                 keys: tuple[str, ...] = (), gaz: tuple[tuple[tuple[str, ...], str], ...] = (),
                 stem: str = "", trig: str = "") -> None:
        self.norm = norm
        self.stem = stem  # "" when the word is no candidate for document evidence
        self.trig = trig
        self.keys = keys
        self.own = own
        self.m2, self.m1, self.p1, self.p2 = ctx[-2], ctx[-1], ctx[1], ctx[2]
        self.cl = cl  # coarse class for class-bigram features
        self.gaz = gaz  # gazetteer entries that may start at this word: (rest, category)


# Sentinels standing before and after a sentence, so the hot loop has no branches: a
# neighbour slot past the start reads "BOS" (one back) or "BOS2" (two back), likewise EOS.
_BOS = WordInfo("", (), {-2: ("BOS2",), -1: ("BOS",), 1: (), 2: ()}, "BOS")
_EOS = WordInfo("", (), {-2: (), -1: (), 1: ("EOS",), 2: ("EOS2",)}, "EOS")


class Featurizer:
    """Turns token sequences into CRF attribute lists, with a per-word cache."""

    def __init__(self, gazetteer: Gazetteer | None = None, clusters: dict[str, tuple[str, ...]] | None = None,
                 cache_size: int = 300_000, doc_window: int = 0, options: frozenset[str] = frozenset()) -> None:
        self.doc_window = doc_window  # sentences that share document evidence; 0: none
        # "raw": the spelling before ى→ي / ة→ه / hamza folding, where it differs (على vs علي);
        # "chars": inner letter trigrams and long-vowel share of the stem
        self.options = options
        self.gaz = gazetteer or Gazetteer()
        self.clusters = clusters or {}
        self._cache: dict[str, WordInfo] = {}
        self._cache_size = cache_size
        # single-word gazetteer categories by key, for the word-level feature
        self._gaz1: dict[str, set[str]] = {}
        for first, entries in self.gaz.first.items():
            for rest, cat in entries:
                self._gaz1.setdefault(first, set()).add(cat + ("" if not rest else "+"))

    def word(self, raw: str) -> WordInfo:
        info = self._cache.get(raw)
        if info is None:
            if len(self._cache) >= self._cache_size:
                self._cache.clear()  # long batch jobs: bound memory, the hot words come back fast
            info = self._cache[raw] = self._build(raw)
        return info

    def _build(self, raw: str) -> WordInfo:
        n = normalise(raw) or raw
        s = strip_clitics(n)
        keys = word_keys(n)
        sh = shape(raw)
        f = ["b", "w=" + n, "s=" + s, "sh=" + sh]
        raw_form = ""
        if "raw" in self.options:
            r = dediacritise(raw)
            if r != n:
                raw_form = r
                f.append("r=" + r)
        if sh == "A":
            L = len(n)
            for k in (1, 2, 3, 4):
                if L > k:
                    f.append(f"p{k}={n[:k]}")
                    f.append(f"x{k}={n[-k:]}")
            Ls = len(s)
            for k in (2, 3):
                if Ls > k:
                    f.append(f"sp{k}={s[:k]}")
                    f.append(f"sx{k}={s[-k:]}")
            if s != n:
                f.append("cl=" + n[: L - Ls])
            f.append("len=" + str(min(L, 8)))
            if "chars" in self.options and Ls >= 4:
                # inner letter trigrams and the share of long vowels: transliterated foreign
                # names (باكويانيس, فيرغسون) look unlike Arabic words even when never seen
                f.extend(sorted({"c3=" + s[i:i + 3] for i in range(1, Ls - 3)}))
                f.append("vr=" + str(min(3, 4 * sum(ch in "اوي" for ch in s) // Ls)))
        elif sh == "L" and raw[:1].isupper():
            f.append("cap")
        trig = CUE_WORDS.get(n) or CUE_WORDS.get(s)
        if trig:
            f.append("tr=" + trig)
        gcats: set[str] = set()
        for key in keys:
            gcats |= self._gaz1.get(key, set())
        for c in sorted(gcats):
            f.append("g=" + c)
        cl = self.clusters.get(n) or self.clusters.get(s) or ()
        if cl:
            for i, c in enumerate(cl):
                f.append(f"c{i}={c}")
        elif sh == "A":
            f.append("c=unk")
        ctx: dict[int, tuple[str, ...]] = {}
        for d in CONTEXT:
            cf = [f"w{d}={n}", f"s{d}={s}", f"sh{d}={sh}"]
            if raw_form and d in (-1, 1):
                cf.append(f"r{d}={raw_form}")
            if trig:
                cf.append(f"tr{d}={trig}")
            for c in sorted(gcats):
                cf.append(f"g{d}={c}")
            if cl:
                for i, c in enumerate(cl):
                    cf.append(f"c{i}{d}={c}")
            if sh == "A" and len(n) > 2:
                cf.append(f"x{d}={n[-2:]}")
            ctx[d] = tuple(cf)
        coarse = cl[1] if len(cl) > 1 else (cl[0] if cl else ("P" + n if sh == "P" else sh))
        gaz = tuple(e for k in keys for e in self.gaz.first.get(k, ()))
        doc_stem = s if sh == "A" and len(s) >= 3 and not trig else ""
        return WordInfo(n, tuple(f), ctx, coarse, keys, gaz, doc_stem, trig or "")

    def sentence(self, words: Sequence[str]) -> list[list[str]]:
        """CRF attributes for each token of one sentence."""
        cache = self._cache
        infos = [cache.get(w) or self.word(w) for w in words]
        n = len(infos)
        pad = [_BOS, _BOS, *infos, _EOS, _EOS]
        out: list[list[str]] = []
        append = out.append
        for t in range(n):
            a, b, c, d, e = pad[t:t + 5]  # c is the token itself
            f = [*c.own, *a.m2, *b.m1, *d.p1, *e.p2,
                 "b-1=" + b.norm + "|" + c.norm, "b+1=" + c.norm + "|" + d.norm,
                 "cb-1=" + b.cl + "|" + c.cl, "cb+1=" + c.cl + "|" + d.cl]
            append(f)
        if any(i.gaz for i in infos):
            self._gaz_features(infos, out)
        return out

    @staticmethod
    def _gaz_features(infos: list[WordInfo], out: list[list[str]]) -> None:
        """Multi-word list matches: CAT-B/CAT-I marks on the token and its neighbours."""
        n = len(infos)
        marks: dict[int, set[str]] = {}
        for i, info in enumerate(infos):
            for rest, cat in info.gaz:
                j = i + 1 + len(rest)
                if j > n or (rest and tuple(x.norm for x in infos[i + 1:j]) != rest):
                    continue
                marks.setdefault(i, set()).add(cat + "-B")
                for t in range(i + 1, j):
                    marks.setdefault(t, set()).add(cat + "-I")
        for t, ms in marks.items():
            for m in ms:
                out[t].append("G=" + m)
                if t > 0:
                    out[t - 1].append("G+1=" + m)
                if t + 1 < n:
                    out[t + 1].append("G-1=" + m)

    def document(self, sentences: Sequence[Sequence[str]]) -> list[list[list[str]]]:
        """Features for consecutive sentences, adding evidence shared across a window of them.

        A name is often introduced once with a cue (الرئيس X, مدينة Y) and then repeated
        bare: every occurrence of the stem gets the cues seen at any occurrence in the window.
        """
        out = [self.sentence(ws) for ws in sentences]
        w = self.doc_window
        if w <= 0:
            return out
        for lo in range(0, len(sentences), w):
            infos = [[self._cache.get(x) or self.word(x) for x in ws] for ws in sentences[lo:lo + w]]
            evidence: dict[str, set[str]] = {}
            count: dict[str, int] = {}
            for sent in infos:
                n = len(sent)
                for i, info in enumerate(sent):
                    st = info.stem
                    if not st:
                        continue
                    count[st] = count.get(st, 0) + 1
                    ev = evidence.setdefault(st, set())
                    if i > 0 and sent[i - 1].trig:
                        ev.add("L" + sent[i - 1].trig)
                    if i > 1 and sent[i - 2].trig:
                        ev.add("LL" + sent[i - 2].trig)
                    if i + 1 < n and sent[i + 1].trig:
                        ev.add("R" + sent[i + 1].trig)
            for sent, feats in zip(infos, out[lo:lo + w]):
                for info, f in zip(sent, feats):
                    st = info.stem
                    if st:
                        c = count[st]
                        f.append("Dn=" + ("3" if c >= 3 else str(c)))
                        f.extend(["D=" + e for e in evidence[st]])
        return out


def stack_features(featurizer: Featurizer, sentences: Sequence[Sequence[str]], first: Sequence[Sequence[str]],
                   feats: list[list[list[str]]]) -> None:
    """Add second-pass features to ``feats`` (in place) from first-pass tags ``first``.

    The second CRF sees what the first one said about the token and its neighbours, and what
    it said about the same word elsewhere in the document window: a name tagged PERS twice
    and missed once gets the evidence to be tagged the third time too (stacking, with
    first-pass tags on training data from models that never saw those sentences).
    """
    w = featurizer.doc_window or len(sentences) or 1
    for lo in range(0, len(sentences), w):
        sents = sentences[lo:lo + w]
        tags = first[lo:lo + w]
        infos = [[featurizer.word(x) for x in ws] for ws in sents]
        # per word key: labels the first pass gave it in this window
        seen: dict[str, dict[str, int]] = {}
        for sent, ts in zip(infos, tags):
            for info, tg in zip(sent, ts):
                key = info.stem or info.norm
                d = seen.setdefault(key, {})
                typ = tg[2:] if tg != "O" else "O"
                d[typ] = d.get(typ, 0) + 1
        for sent, ts, fs in zip(infos, tags, feats[lo:lo + w]):
            n = len(ts)
            for t in range(n):
                f = fs[t]
                tg = ts[t]
                f.append("P=" + tg)
                f.append("P-1=" + (ts[t - 1] if t else "BOS"))
                f.append("P+1=" + (ts[t + 1] if t + 1 < n else "EOS"))
                f.append("P-1|P=" + (ts[t - 1] if t else "BOS") + "|" + tg)
                got = seen.get(sent[t].stem or sent[t].norm)
                if not got:
                    continue
                total = sum(got.values())
                ents = total - got.get("O", 0)
                if total > 1 and ents:
                    typ, best = max(((k, v) for k, v in got.items() if k != "O"), key=lambda kv: kv[1])
                    share = ents / total
                    f.append("DP=" + typ)
                    f.append("DPs=" + ("all" if share == 1 else "most" if share >= 0.5 else "some"))
                    if tg == "O":
                        f.append("DPo=" + typ)
