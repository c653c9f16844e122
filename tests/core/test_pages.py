"""Public pages: landmarks, skip link, footer links, headers, and nothing from other hosts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.factories import NeighbourhoodFactory
from wijkplatform.extensions import db

PUBLIC_PAGES = ["/", "/neighbourhoods/", "/privacy", "/toegankelijkheid", "/account/login",
                "/account/register"]  # fmt: skip


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_landmarks_skip_link_and_footer_links(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="nl"' in html
    assert 'href="#main"' in html and 'id="main"' in html
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert 'href="/privacy"' in html and 'href="/toegankelijkheid"' in html
    assert re.search(r"<h1[^>]*>", html), "every page has one main heading"
    assert html.count("<h1") == 1


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_sends_security_headers(client, path):
    headers = client.get(path).headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_neighbourhood_page_shows_name_and_municipality(client):
    neighbourhood = NeighbourhoodFactory(name="Oude Haven", slug="oude-haven")
    db.session.commit()
    html = client.get("/neighbourhoods/oude-haven/").get_data(as_text=True)
    assert "Oude Haven" in html
    assert neighbourhood.municipality.name in html


def test_neighbourhood_index_lists_neighbourhoods_grouped_by_municipality(client, count_queries):
    first = NeighbourhoodFactory(name="Lindenhof")
    NeighbourhoodFactory(name="Molenwijk", municipality=first.municipality)
    NeighbourhoodFactory(name="Elders")
    db.session.commit()
    with count_queries() as statements:
        html = client.get("/neighbourhoods/").get_data(as_text=True)
    assert html.index("Lindenhof") < html.index("Molenwijk")
    assert "Elders" in html
    assert len(statements) == 1, statements


def test_empty_platform_says_there_are_no_neighbourhoods(client):
    html = client.get("/neighbourhoods/").get_data(as_text=True)
    assert "Er zijn nog geen wijken" in html


def test_unknown_neighbourhood_is_a_friendly_404(client):
    response = client.get("/neighbourhoods/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates"
STATIC_DIR = Path(__file__).resolve().parents[2] / "wijkplatform" / "static"
# What makes the browser fetch or send something: a source, a stylesheet or icon (<link
# href>), a form's action. A link people choose to follow (<a href>, e.g. "share on
# WhatsApp") loads nothing by itself.
EXTERNAL = re.compile(r"""(?:<link\b[^>]*?\bhref|\bsrc|\baction)\s*=\s*["'](?:https?:)?//""", re.I)
CSS_EXTERNAL = re.compile(r"""(?:url\(|@import)\s*["']?(?:https?:)?//""", re.I)


def test_the_external_check_tells_loading_from_linking():
    assert EXTERNAL.search('<script src="https://cdn.example/x.js">')
    assert EXTERNAL.search('<link rel="stylesheet" href="//cdn.example/x.css">')
    assert EXTERNAL.search('<form action="https://elsewhere.example/">')
    assert not EXTERNAL.search('<a class="utrecht-link" href="https://wa.me/?text=x">')


def test_no_template_loads_anything_from_another_host():
    offenders = [
        str(path.relative_to(TEMPLATE_DIR))
        for path in TEMPLATE_DIR.rglob("*.html")
        if EXTERNAL.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_stylesheet_loads_anything_from_another_host():
    offenders = [
        str(path)
        for path in STATIC_DIR.rglob("*.css")
        if CSS_EXTERNAL.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_templates_have_no_inline_scripts_or_event_handlers():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=", re.I)
    offenders = [
        str(path.relative_to(TEMPLATE_DIR))
        for path in TEMPLATE_DIR.rglob("*.html")
        if inline_script.search(text := path.read_text(encoding="utf-8")) or handler.search(text)
    ]
    assert offenders == []


def test_rendered_home_page_references_only_local_assets(client):
    html = client.get("/").get_data(as_text=True)
    assert not EXTERNAL.search(html)
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert len(assets) >= 4  # design system CSS, tokens, layout CSS, htmx, our script
    for asset in assets:
        response = client.get(asset)
        response.close()
        assert response.status_code == 200, asset
