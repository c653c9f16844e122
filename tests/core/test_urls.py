"""`current_path()`: the one way a page says where a `next=` brings the visitor back to."""

from __future__ import annotations

import re

import pytest

from tests.factories import NeighbourhoodFactory
from wijkplatform.core.urls import current_path
from wijkplatform.extensions import db


@pytest.mark.parametrize(
    ("method", "url", "headers", "expected"),
    [
        ("GET", "/neighbourhoods/?page=2", {}, "/neighbourhoods/?page=2"),
        ("GET", "/neighbourhoods/", {}, "/neighbourhoods/"),  # no stray "?"
        ("HEAD", "/privacy", {}, "/privacy"),
        # A POST cannot be asked for again: the page the form was on.
        ("POST", "/opgaven/7/decision", {"Referer": "http://localhost/opgaven/7?x=1"},
         "/opgaven/7?x=1"),
        ("POST", "/opgaven/7/decision", {"Referer": "https://evil.example/opgaven/7"}, "/"),
        ("POST", "/opgaven/7/decision", {"Referer": "http://localhost//evil.example/"}, "/"),
        ("POST", "/opgaven/7/decision", {}, "/"),
    ],
)  # fmt: skip
def test_current_path(app, method, url, headers, expected):
    with app.test_request_context(url, method=method, headers=headers):
        assert current_path() == expected


def test_a_post_without_a_page_to_return_to_uses_the_fallback(app):
    with app.test_request_context("/contributions/3/support", method="POST"):
        assert current_path("/contributions/3") == "/contributions/3"


def _language_next(html: str) -> str:
    form = re.search(r'<form[^>]*class="language-switch".*?</form>', html, re.S).group(0)
    return re.search(r'name="next" value="([^"]*)"', form).group(1)


def test_language_switch_returns_to_the_list_with_its_filters(client):
    neighbourhood = NeighbourhoodFactory()
    db.session.commit()
    url = f"/neighbourhoods/{neighbourhood.slug}/contributions/?kind=issue&amp;sort=new"
    html = client.get(url.replace("&amp;", "&")).get_data(as_text=True)
    assert _language_next(html) == url


def test_log_in_to_add_a_contribution_comes_back_to_the_list(client):
    neighbourhood = NeighbourhoodFactory()
    db.session.commit()
    html = client.get(f"/neighbourhoods/{neighbourhood.slug}/contributions/").get_data(as_text=True)
    link = f'href="/account/login?next=/neighbourhoods/{neighbourhood.slug}/contributions/"'
    assert link in html
