"""Saved web pages (.html) -> the article's fields: title, outlet, author, date, url and body.

Our own code on the standard library's HTMLParser, not a scraping library: a news page is the
story plus menus, scripts, teasers of other stories and footers, and only the story may become
citable text. The body is the text of the page's `<article>` or itemprop="articleBody" element
(the one holding the most text, when teasers are `<article>`s too), else its `<main>`, else its
`<body>`, one paragraph per block element, without scripts, navigation, asides, forms, figures
and blocks that are mostly links (lists of other stories). Metadata comes from the tags
publishers fill for search engines and social cards (JSON-LD `NewsArticle`, Open Graph,
`<meta name=...>`, `<time datetime>`, `<link rel=canonical>`), the first one found winning.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

# Subtrees that are never the story's text.
SKIP = frozenset("script style noscript template svg math nav header footer aside form button select textarea figure iframe object dialog".split())
# Elements that end a paragraph.
BLOCKS = frozenset("p div section article main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre table tr td th hr body".split())
BREAK = "\ue000"  # a <br>: one is a line break inside a paragraph, two or more end it
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Meta tags, best first, for each field.
META_KEYS = {
    "title": ("og:title", "twitter:title", "title", "headline"),
    "source": ("og:site_name", "application-name", "publisher"),
    "author": ("author", "article:author", "byl", "dc.creator", "parsely-author"),
    "published_at": ("article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date", "parsely-pub-date", "og:updated_time"),
    "url": ("og:url",),
}
MAX_CONTAINERS = 32  # story containers tracked inside one another
LINK_HEAVY = 0.5  # a block whose text is mostly link text is a menu or a list of other stories
NEWS_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting", "report"}


def charset(raw: bytes) -> str | None:
    """The encoding a page declares in its first 4 KB (`<meta charset=...>`), if any."""
    m = CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def parse(html: str) -> dict[str, str]:
    """{"title", "source", "author", "published_at", "url", "body"}; "" where the page has none.
    Paragraphs of the body are separated by a blank line."""
    page = _Page()
    page.feed(html)
    page.close()
    meta = _from_json_ld(page.json_ld)
    for field, keys in META_KEYS.items():
        for key in keys:
            value = page.meta.get(key, "")
            if value and not (field == "author" and value.startswith("http")):  # article:author is often a profile URL
                meta.setdefault(field, value)
                break
    meta.setdefault("url", page.canonical)
    meta.setdefault("published_at", page.first_time)
    meta.setdefault("title", page.first_h1 or page.title)
    paragraphs = page.story()
    if paragraphs and meta["title"] and " ".join(meta["title"].split()) == paragraphs[0]:
        paragraphs = paragraphs[1:]  # the headline is the title, not the story's first paragraph
    meta["body"] = "\n\n".join(paragraphs)
    return {k: " ".join(meta.get(k, "").split()) if k != "body" else meta[k] for k in ("title", "source", "author", "published_at", "url", "body")}


def _from_json_ld(blocks: list[str]) -> dict[str, str]:
    """The fields of the first news-article object in the page's JSON-LD scripts."""
    for block in blocks:
        try:
            data = json.loads(block)
        except (json.JSONDecodeError, RecursionError):
            continue
        for item in _walk(data):
            kinds = item.get("@type")
            kinds = {k.lower() for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)}
            if kinds & NEWS_TYPES:
                out = {"title": item.get("headline"), "published_at": item.get("datePublished"), "url": item.get("url"),
                       "author": _name(item.get("author")), "source": _name(item.get("publisher"))}
                return {k: v.strip() for k, v in out.items() if isinstance(v, str) and v.strip()}
    return {}


def _walk(data: object, depth: int = 0):
    """Every JSON object in `data`, outermost first (JSON-LD nests them in lists and @graph)."""
    if depth > 6:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _walk(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value, depth + 1)


def _name(value: object) -> str | None:
    """"Jane Doe", {"name": "Jane Doe"} or a list of them -> "Jane Doe, ..."."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value.get("name") if isinstance(value.get("name"), str) else None
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    return None


class _Page(HTMLParser):
    """One pass over the page: metadata tags, and the text paragraphs with the `<article>` and
    `<main>` elements each lies in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.json_ld: list[str] = []
        self.title = self.first_h1 = self.first_time = self.canonical = ""
        self.paragraphs: list[tuple[str, int | None, bool]] = []  # (text, innermost story container's number, inside <main>)
        self._skip: list[str] = []  # open skipped elements
        # Open story containers: <article>, an element marked itemprop="articleBody", <main>.
        # Each is [tag, number (None for <main>), same-name elements opened inside it and not closed].
        self._open: list[list] = []
        self._articles = 0
        self._text: list[str] = []
        self._links = 0  # depth of open <a> elements
        self._link_chars = 0  # characters of link text in the block being read
        self._capture: str | None = None  # "title", "h1" or "ld" while inside one
        self._captured: list[str] = []

    # -- tags --
    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content", "").strip():
                self.meta.setdefault(key, a["content"].strip())
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href", "")
            return
        if tag == "time" and not self.first_time:
            self.first_time = a.get("datetime", "")
        if tag == "script" and "ld+json" in a.get("type", "").lower():
            self._capture, self._captured = "ld", []
        if tag in SKIP or "hidden" in a or a.get("aria-hidden") == "true":
            if tag not in VOID:
                self._skip.append(tag)
            return
        if self._skip:
            return
        if tag in ("title", "h1") and self._capture is None:
            self._capture, self._captured = tag, []
        if tag == "br":
            self._text.append(BREAK)
        if tag == "a":
            self._links += 1
        if tag in BLOCKS:
            self._flush()
        for entry in self._open:
            if entry[0] == tag:
                entry[2] += 1  # a nested <div> inside a story <div>
        if len(self._open) >= MAX_CONTAINERS:
            return  # deeper story containers count as plain elements: a hostile page nests thousands
        if tag == "article" or "articlebody" in a.get("itemprop", "").lower().split():
            self._articles += 1
            self._open.append([tag, self._articles, 0])
        elif tag == "main":
            self._open.append([tag, None, 0])

    def handle_endtag(self, tag):
        if self._capture == "ld" and tag == "script":
            self.json_ld.append("".join(self._captured))
            self._capture = None
        if self._skip:
            if tag in self._skip:
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag == self._capture:
            text = " ".join("".join(self._captured).split())
            if tag == "title":
                self.title = self.title or text
            else:
                self.first_h1 = self.first_h1 or text
            self._capture = None
        if tag == "a":
            self._links = max(0, self._links - 1)
        if tag in BLOCKS:
            self._flush()
        for i in range(len(self._open) - 1, -1, -1):  # the innermost open container of this name
            if self._open[i][0] == tag:
                if self._open[i][2]:
                    self._open[i][2] -= 1
                else:
                    del self._open[i:]
                break

    def handle_data(self, data):
        if self._capture == "ld":
            self._captured.append(data)
            return
        if self._skip:
            return
        if self._capture:
            self._captured.append(data)
        if self._capture != "title":
            self._text.append(data)
            if self._links:
                self._link_chars += len(data.strip())

    def close(self):
        super().close()
        self._flush()

    # -- text --
    def _flush(self):
        joined = "".join(self._text)
        linked, self._text, self._link_chars = self._link_chars, [], 0
        if linked > LINK_HEAVY * len("".join(joined.split())):
            return  # "Related: ...", a list of headlines: other stories, not this one
        article = next((n for t, n, _ in reversed(self._open) if n is not None), None)
        for part in re.split(rf"{BREAK}(?:\s*{BREAK})+", joined):
            text = " ".join(part.replace(BREAK, " ").split())
            if text:
                self.paragraphs.append((text, article, any(t == "main" for t, _, _ in self._open)))

    def story(self) -> list[str]:
        """The paragraphs of the story: its `<article>` (or itemprop="articleBody" element) holding
    the most text, else `<main>`, else the whole page; blocks that are mostly links left out."""
        sizes: dict[int, int] = {}
        for text, article, _ in self.paragraphs:
            if article is not None:
                sizes[article] = sizes.get(article, 0) + len(text)
        if sizes:
            best = max(sizes, key=sizes.get)
            return [t for t, article, _ in self.paragraphs if article == best]
        if any(main for _, _, main in self.paragraphs):
            return [t for t, _, main in self.paragraphs if main]
        return [t for t, _, _ in self.paragraphs]


__all__ = ["parse", "charset"]
