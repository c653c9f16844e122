"""Markdown for user text: markdown-it-py renders, nh3 sanitises; nothing else is trusted."""

from __future__ import annotations

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


def init_app(app) -> None:
    app.jinja_env.filters["markdown"] = render_markdown
