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
