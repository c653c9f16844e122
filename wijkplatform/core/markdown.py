"""Markdown for user text: markdown-it-py renders, nh3 sanitises; nothing else is trusted."""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# Raw HTML is off in the parser and nh3 removes anything that slips through, so a
# `<script>` or `javascript:` link in a resident's text never reaches another browser.
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.disable("image")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# The version of what `render_markdown` makes (parser options, allowed tags and attributes,
# the heading rule). Stored HTML (a comment's body_html) carries the version it was made
# with; raise this number whenever the output changes, so rows made by an older renderer are
# rendered on the fly until `flask comments rerender` has stored them again (issue 18).
RENDERER_VERSION = 1

# A thread of 300 comments renders 300 bodies on every view; the same text always gives the
# same HTML, so recent short texts are kept per process (at most ~2 MB, issue 9).
CACHE_SIZE = 1024
CACHE_TEXT_MAX = 2000


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    if len(text) <= CACHE_TEXT_MAX:
        return Markup(_render_cached(text))
    return Markup(_render(text))


def _render(text: str) -> str:
    html = _parser.render(text)
    # Headings from residents stay below the page's own h1/h2 outline.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener ugc",
    )


_render_cached = lru_cache(maxsize=CACHE_SIZE)(_render)


def stored_markdown(text: str | None, html: str | None, version: int | None) -> Markup:
    """The HTML of `text` as stored beside it at write time (made by `render_markdown`, so
    already sanitised), or rendered now when the stored HTML is missing or was made by an
    older renderer."""
    if html is not None and version == RENDERER_VERSION:
        return Markup(html)
    return render_markdown(text)


# --- Writing Markdown files (the Opgave export) -----------------------------------------
# A downloaded .md file is opened in whatever the reader has (an editor's preview, a wiki, a
# Git host), and those render raw HTML and follow any link. Text from people goes in escaped.

# Characters that start emphasis, code, links, images, tables or strike-through inline. The
# HTML ones (< > &) become entities instead, which every Markdown flavour shows as written.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]()!|~{}])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# A link or image destination, inline or in a reference definition ("[1]: …"), with a scheme
# other than the web's ("javascript:", "data:").
_SCHEME = r"\s*<?\s*(?!(?:https?|mailto):)[a-z][a-z0-9+.\-]*:"
_REFERENCE = re.compile(r"&(?=#|[a-z][a-z0-9]*;)", re.IGNORECASE)
_UNSAFE_LINK = re.compile(r"\]\(" + _SCHEME, re.IGNORECASE)
_UNSAFE_REFERENCE = re.compile(r"^( {0,3})\[([^\]\n]+)\]:" + _SCHEME, re.IGNORECASE | re.MULTILINE)


def markdown_text(text: str | None) -> str:
    """Plain text, such as a resident's title, inside a Markdown file: shown as written, never
    as markup — no tag, link, image or emphasis, and on one line."""
    text = " ".join((text or "").split())
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return "".join(_HTML_SPECIAL.get(ch, ch) for ch in text)


def markdown_source(text: str | None) -> str:
    """Markdown written on the platform (an Opgave's parts) inside a Markdown file: the
    Markdown stays; raw HTML, images and links with an unsafe scheme come out as text, as
    `render_markdown` does on the site."""
    # Character references first: Markdown decodes "&#106;avascript:" in a link to a scheme.
    text = _REFERENCE.sub("&amp;", text or "")
    text = _UNSAFE_LINK.sub(lambda m: "]\\(" + m.group(0)[2:], text)
    text = _UNSAFE_REFERENCE.sub(lambda m: m.group(1) + "\\" + m.group(0)[len(m.group(1)) :], text)
    # The site shows no images from text (a picture from elsewhere tracks its readers).
    text = text.replace("![", "\\![")
    # An escaped "<" starts no tag and no autolink; "&" and ">" cannot make one on their own.
    return text.replace("<", "&lt;")


SNIPPET_LENGTH = 160


def snippet(text: str | None, length: int = SNIPPET_LENGTH) -> str:
    """The start of a resident's Markdown text as plain text on one line (for a card in a
    list): no markup, cut at a word with "…" when longer than `length`. Short texts are
    cached like `render_markdown` (keyed by the text itself, so never stale): a list page
    shows twenty cards, and the same ones to every visitor."""
    if text and len(text) <= CACHE_TEXT_MAX:
        return _snippet_cached(text, length)
    return _snippet(text, length)


def _snippet(text: str | None, length: int) -> str:
    plain = html.unescape(nh3.clean(str(render_markdown(text)), tags=set()))
    plain = " ".join(plain.split())
    if len(plain) <= length:
        return plain
    cut = plain[:length].rsplit(" ", 1)[0] or plain[:length]
    return cut.rstrip(" ,.;:") + "…"


_snippet_cached = lru_cache(maxsize=CACHE_SIZE)(_snippet)


def init_app(app) -> None:
    app.jinja_env.filters["snippet"] = snippet
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["markdown_text"] = markdown_text
    app.jinja_env.filters["markdown_source"] = markdown_source
