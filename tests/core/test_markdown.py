"""Markdown from residents is rendered, and anything dangerous is removed."""

from __future__ import annotations

import re

import pytest

from wijkplatform.core.markdown import ALLOWED_TAGS, render_markdown

ALLOWED = ALLOWED_TAGS | {"p", "a"}


def test_ordinary_markdown_is_rendered():
    html = render_markdown("**Buurthuis** is open op *dinsdag*.\n\n- koffie\n- soep")
    assert "<strong>Buurthuis</strong>" in html
    assert "<em>dinsdag</em>" in html
    assert "<li>koffie</li>" in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klik](javascript:alert(1))",
        "[klik](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">klik</a>',
        "<iframe src=//evil.example></iframe>",
        "![x](https://evil.example/track.png)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](&#106;avascript:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](&NewLine;javascript:alert(1))",
    ],
)
def test_scripts_handlers_and_dangerous_links_never_survive(text):
    html = str(render_markdown(text)).lower()
    # Escaped text ("&lt;script&gt;") is harmless; what matters is the real tags.
    tags = re.findall(r"<[^>]+>", html)
    assert all(tag.split()[0].strip("</>") in ALLOWED for tag in tags), tags
    for tag in tags:
        assert "on" + "error" not in tag
        assert "javascript:" not in tag and "data:" not in tag


def test_links_to_other_sites_get_nofollow_and_noopener():
    html = render_markdown("[site](https://example.nl)")
    assert 'href="https://example.nl"' in html
    assert "nofollow" in html and "noopener" in html


def test_resident_headings_stay_below_the_page_outline():
    html = render_markdown("# Groot\n\n## Kleiner")
    assert "<h1>" not in html and "<h2>" not in html
    assert "<h3>Groot</h3>" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == "" and render_markdown(None) == ""


# --- Markdown files (the Opgave export) ------------------------------------------------


def _permissive(text: str) -> str:
    """How a lax viewer (raw HTML on, every link followed) shows a downloaded .md file."""
    from markdown_it import MarkdownIt

    viewer = MarkdownIt("commonmark", {"html": True})
    viewer.validateLink = lambda url: True
    return viewer.render(text)


LAX_DANGER = re.compile(r"<script|<img|<iframe|href=\"(?:javascript|data|vbscript):", re.I)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klik](javascript:alert(1))",
        "[klik](<javascript:alert(1)>)",
        "[klik]( JaVaScRiPt:alert(1))",
        "<javascript:alert(1)>",
        "zie [1]\n\n[1]: javascript:alert(1)",
        "![x](https://evil.example/track.png)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](&#106;avascript:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](&NewLine;javascript:alert(1))",
        "<iframe src=//evil.example></iframe>",
    ],
)
def test_text_written_into_a_markdown_file_never_becomes_markup(text):
    from wijkplatform.core.markdown import markdown_source, markdown_text

    assert LAX_DANGER.search(_permissive(markdown_text(text))) is None
    assert LAX_DANGER.search(_permissive(markdown_source(text))) is None


def test_plain_text_in_a_markdown_file_reads_as_written():
    from wijkplatform.core.markdown import markdown_text

    html = _permissive(markdown_text("Jan & Piet: *geen* [link] <b>"))
    assert "Jan &amp; Piet: *geen* [link] &lt;b&gt;" in html


def test_markdown_from_the_platform_keeps_its_markdown_in_the_file():
    from wijkplatform.core.markdown import markdown_source

    html = _permissive(markdown_source("**Samen** met [de wijk](https://example.nl)\n\n- een"))
    assert "<strong>Samen</strong>" in html
    assert '<a href="https://example.nl">de wijk</a>' in html
    assert "<li>een</li>" in html
