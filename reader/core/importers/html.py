"""Main text and metadata of a saved news page (HTML), with selectolax's lexbor parser.

The page is parsed once; metadata comes from <meta>, <link rel=canonical>, <time> and
JSON-LD; chrome (scripts, navigation, header/footer, asides, forms, iframes) is dropped;
the main block is the <article>/<main> element with most text, else the element holding
most paragraph text; block elements become lines. Everything walks the tree iteratively
or in C, so deeply nested pages cannot hit Python's recursion limit.
"""
from __future__ import annotations

import html as html_entities
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.core.importers import furniture
from reader.core.importers.dates import normalise_date

_CHARSET_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_JUNK = (
    "script, style, noscript, template, title, nav, header, footer, aside, form, iframe, svg, button, "
    "select, input, textarea, object, embed, canvas, figcaption, dialog, menu, "
    '[role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], '
    '[role="search"], [aria-hidden="true"]'
)
_CODE = "script, style, noscript, template"  # never text, wherever they are
_MAIN = 'article, [itemprop="articleBody"], main, [role="main"]'
# class/id words of share bars, related lists, comment threads and ads inside the main block.
_JUNK_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|related|comments?|breadcrumbs?|newsletter|advert\w*|ads?|"
    r"sidebar|cookies?|popup|subscribe|tags)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCKS = (
    "p, div, li, ul, ol, h1, h2, h3, h4, h5, h6, tr, table, blockquote, section, article, pre, dd, dt, "
    "dl, figure, hr, main, address, center, caption, details, summary"
)
_MARK = "\ue000"  # block boundary, kept apart from the page's own (insignificant) newlines
_HTML_SPACE_RE = re.compile(r"[ \t\r\n\f]+")
_TITLE_SEP_RE = re.compile(r"\s+(?:\||-|–|—|::|»|«|·)\s+")
_SITE_SUFFIX_WORDS = 5
_DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "pubdate",
              "publishdate", "publish-date", "date", "dc.date", "dc.date.issued", "sailthru.date",
              "parsely-pub-date", "article:modified_time", "datemodified")
_AUTHOR_META = ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author")
# Nesting deeper than this is never a real page; lexbor's tree builder turns quadratic on it
# (200,000 unclosed <div>s take minutes), so such input gets a flat tag-stripping pass.
MAX_DEPTH = 2000
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_NOT_NESTING = frozenset({  # void elements, and those whose end tag HTML lets pages omit
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr", "p", "li", "td", "th", "tr", "option", "dt", "dd",
})


@dataclass(frozen=True, slots=True)
class Page:
    """What a news page says about itself, and its main text as lines."""

    title: str
    text: str
    date: str = ""
    outlet: str = ""
    url: str = ""
    author: str = ""


def declared_charset(data: bytes) -> str | None:
    """The charset a page names in its <meta> tags (first 4 KiB), if any."""
    m = _CHARSET_RE.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def parse(source: str) -> Page:
    """Extract the main text and metadata of an HTML page."""
    if _too_deep(source):
        return _flat(source)
    tree = LexborHTMLParser(source)
    meta = _meta(tree)
    ld = _json_ld(tree)
    for node in tree.css(_CODE):  # before the headline: an <h1> may hold a <script>
        node.decompose()
    title_tag = _untag(_text(tree.css_first("title")))
    site = meta.get("og:site_name") or ld.get("publisher", "") or meta.get("application-name", "")
    h1 = _headline(tree, title_tag, site)
    date = ""
    for value in (*(meta.get(k, "") for k in _DATE_META), ld.get("datePublished", ""), _time(tree)):
        date = normalise_date(value)
        if date:
            break
    author = ld.get("author", "")
    for k in _AUTHOR_META:
        value = meta.get(k, "")
        if value and not value.startswith(("http://", "https://")):
            author = value
            break
    canonical = tree.css_first('link[rel="canonical"]')
    url = (canonical.attributes.get("href") or "") if canonical is not None else ""
    url = url or meta.get("og:url", "")
    for node in tree.css(_JUNK):
        node.decompose()
    main = _main_block(tree)
    _drop_junk_classes(main)
    title = _choose_title(h1, title_tag, meta.get("og:title", "") or ld.get("headline", ""), site)
    return Page(title, _block_text(main), date, site, url.strip(), " ".join(author.split()))


def _text(node: LexborNode | None) -> str:
    return " ".join(node.text(deep=True).split()) if node is not None else ""


_RAW_TAG_RE = re.compile(r"<(script|style)\b.*?</\1\s*>|</?[A-Za-z][^<>]*>", re.IGNORECASE | re.DOTALL)


def _untag(title: str) -> str:
    """<title> is raw text: markup written inside it arrives as characters; drop it."""
    return " ".join(_RAW_TAG_RE.sub(" ", title).split()) if "<" in title else title


def _meta(tree: LexborHTMLParser) -> dict[str, str]:
    """<meta> name/property/itemprop → content, the first non-empty value of each, keys lower-case."""
    found: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        content = (attrs.get("content") or "").strip()
        if name and content and name not in found:
            found[name] = content
    return found


def _json_ld(tree: LexborHTMLParser) -> dict[str, str]:
    """headline, datePublished, author and publisher names from schema.org JSON-LD blocks."""
    found: dict[str, str] = {}
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True))
        except ValueError:
            continue
        for obj in _ld_objects(data):
            for field in ("headline", "datePublished"):
                value = obj.get(field)
                if isinstance(value, str) and field not in found:
                    found[field] = value
            for field in ("author", "publisher"):
                name = _ld_name(obj.get(field))
                if name and field not in found:
                    found[field] = name
    return found


def _ld_objects(data: object) -> Iterator[dict[str, object]]:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            if "@graph" in item:
                stack.append(item["@graph"])


def _ld_name(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else ""
    if isinstance(value, list):
        return ", ".join(filter(None, (_ld_name(v) for v in value)))
    return ""


def _time(tree: LexborHTMLParser) -> str:
    node = (tree.css_first('time[itemprop="datePublished"]') or tree.css_first("time[pubdate]")
            or tree.css_first("time[datetime]"))
    return (node.attributes.get("datetime") or "") if node is not None else ""


def _headline(tree: LexborHTMLParser, title_tag: str, site: str) -> str:
    """The article's <h1>: one the <title> contains, else the first inside <article>, else the first."""
    h1s = [t for t in (_text(n) for n in tree.css("h1")) if t and furniture.key(t) != furniture.key(site)]
    title_key = furniture.key(title_tag)
    for h1 in h1s:
        if furniture.key(h1) and furniture.key(h1) in title_key:
            return h1
    in_article = _text(tree.css_first("article h1"))
    return in_article or (h1s[0] if h1s else "")


def _choose_title(h1: str, title_tag: str, og_title: str, site: str) -> str:
    """Prefer the <h1> when the <title> is it plus a " | site" suffix; else the title without suffix."""
    stripped = _strip_site(title_tag, site)
    if furniture.key(stripped) == furniture.key(site):
        stripped = ""  # the <title> is only the site's name
    if h1 and (not stripped or stripped != title_tag or furniture.key(h1) in furniture.key(title_tag)):
        return h1
    return stripped or _strip_site(og_title, site) or h1


def _strip_site(title: str, site: str) -> str:
    """Remove a trailing (or, when it names the site, leading) " | Site name" part."""
    title = " ".join(title.split())
    site_key = furniture.key(site)
    for _ in range(2):
        parts = _TITLE_SEP_RE.split(title)
        if len(parts) < 2:
            break
        first, last = parts[0], parts[-1]
        if site_key and furniture.key(first) == site_key:
            title = title[len(first):].lstrip(" |-–—:»«·")
        elif (site_key and furniture.key(last) == site_key) or (
            len(last.split()) <= _SITE_SUFFIX_WORDS and len(last) < len(title) - len(last)
        ):
            title = title[: len(title) - len(last)].rstrip(" |-–—:»«·")
        else:
            break
    return title


def _main_block(tree: LexborHTMLParser) -> LexborNode:
    """The element holding the article: the largest <article>/<main>, else the densest <p> parent."""
    body = tree.body or tree.root
    assert body is not None  # lexbor always builds <html><body>, even for an empty string
    total = len(body.text(deep=True))
    best: LexborNode | None = None
    best_size = -1
    for node in tree.css(_MAIN):
        size = len(node.text(deep=True))
        if size > best_size:
            best, best_size = node, size
    if best is not None and best_size * 4 >= total:
        return best
    sizes: dict[int, int] = {}
    parents: dict[int, LexborNode] = {}
    for p in tree.css("p"):
        parent = p.parent
        if parent is not None:
            sizes[parent.mem_id] = sizes.get(parent.mem_id, 0) + len(p.text(deep=True))
            parents[parent.mem_id] = parent
    if sizes:
        densest = max(sizes, key=sizes.__getitem__)
        if sizes[densest] * 2 >= sum(sizes.values()):
            return parents[densest]
    return body


def _drop_junk_classes(main: LexborNode) -> None:
    """Drop share/related/comment blocks inside the main block, never most of the article."""
    limit = len(main.text(deep=True)) // 2
    for node in main.css("[class], [id]"):
        attrs = node.attributes
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if _JUNK_CLASS_RE.search(names) and len(node.text(deep=True)) < limit:
            node.decompose()


def _block_text(main: LexborNode) -> str:
    """Text with one line per block element (<p>, <div>, <li>, headings, <br>)."""
    for node in main.css(_BLOCKS):
        node.insert_before(_MARK)
        node.insert_after(_MARK)
    for node in main.css("br"):
        node.insert_after(_MARK)
    for node in main.css("td, th"):
        node.insert_after(" ")
    text = _HTML_SPACE_RE.sub(" ", main.text(deep=True))
    return "\n".join(line.strip() for line in text.split(_MARK))


def _too_deep(source: str) -> bool:
    depth = 0
    for m in _TAG_RE.finditer(source):
        if m.group(2).lower() in _NOT_NESTING or m.group(3):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > MAX_DEPTH:
                return True
    return False


_FLAT_DROP_RE = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template|svg|nav|header|footer|aside|form|iframe)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_FLAT_BLOCK_RE = re.compile(rf"<(?:br|/?(?:{_BLOCKS.replace(', ', '|')}))\b[^>]*>", re.IGNORECASE)
_FLAT_TAG_RE = re.compile(r"<[^>]*>")
_FLAT_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


def _flat(source: str) -> Page:
    """Pathologically nested HTML: strip tags with regular expressions (no tree at all)."""
    m = _FLAT_TITLE_RE.search(source)
    title = " ".join(html_entities.unescape(m.group(1)).split()) if m else ""
    body = _FLAT_DROP_RE.sub(" ", source)
    body = _FLAT_BLOCK_RE.sub(_MARK, _FLAT_TITLE_RE.sub(" ", body))
    body = html_entities.unescape(_HTML_SPACE_RE.sub(" ", _FLAT_TAG_RE.sub("", body)))
    return Page(_strip_site(title, ""), "\n".join(line.strip() for line in body.split(_MARK)))
