"""`next=` only ever leads to a page on this site."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, UserFactory
from wijkplatform.core.urls import is_local_path
from wijkplatform.extensions import db

HOSTILE = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example/",
    "///evil.example/",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/%5Cevil.example",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "/%09/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/\t/evil.example",
    "/\r\nSet-Cookie: x=1",
    "/ok\nLocation: https://evil.example",
    " //evil.example",
    "evil.example",
    "https:evil.example",
    "/\x00/evil.example",
    "",
]
SAFE = ["/", "/account/", "/neighbourhoods/wijk-1/?sort=new&page=2", "/admin/places/"]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_are_not_local(target):
    assert not is_local_path(target)


@pytest.mark.parametrize("target", SAFE)
def test_paths_on_this_site_are_local(target):
    assert is_local_path(target)


@pytest.mark.parametrize("target", HOSTILE)
def test_login_with_hostile_next_goes_to_the_account_page(client, target):
    UserFactory(email="henk@example.nl")
    db.session.commit()
    response = client.post(
        "/account/login", data={"email": "henk@example.nl", "password": PASSWORD, "next": target}
    )
    if "\x00" in target:  # no form may carry a NUL byte: refused before anything happens
        assert response.status_code == 400
        return
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/"


@pytest.mark.parametrize("target", HOSTILE)
def test_language_switch_with_hostile_next_stays_on_this_site(client, target):
    response = client.post("/account/language", data={"locale": "en", "next": target})
    if "\x00" in target:
        assert response.status_code == 400
        return
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_language_switch_with_a_foreign_referrer_stays_on_this_site(client):
    response = client.post(
        "/account/language", data={"locale": "en"}, headers={"Referer": "https://evil.example/x"}
    )
    assert response.headers["Location"] == "/"
