"""No session cookie for a visitor who only reads (issue 18), while every form a visitor can
send keeps its CSRF protection."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, ContributionFactory, NeighbourhoodFactory, UserFactory
from wijkplatform.extensions import db

OWN_SITE = {"Origin": "http://localhost"}
OTHER_SITE = {"Origin": "https://evil.example"}


@pytest.fixture
def place(csrf_app):
    neighbourhood = NeighbourhoodFactory()
    contribution = ContributionFactory(neighbourhood=neighbourhood)
    db.session.commit()
    return neighbourhood, contribution


def _read_only_pages(neighbourhood, contribution):
    return [
        "/",
        "/neighbourhoods/",
        f"/neighbourhoods/{neighbourhood.slug}/",
        f"/neighbourhoods/{neighbourhood.slug}/contributions/",
        f"/neighbourhoods/{neighbourhood.slug}/contributions/?q=bijdrage&sort=new",
        f"/municipalities/{neighbourhood.municipality.cbs_code}/contributions/",
        f"/contributions/{contribution.id}",
    ]


def test_a_visitor_who_reads_gets_no_session_cookie(csrf_app, place):
    client = csrf_app.test_client()
    for url in _read_only_pages(*place):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
        html = response.get_data(as_text=True)
        assert "X-CSRFToken" not in html and 'name="csrf_token"' not in html, url
        # The language switch is still there, as a form.
        assert 'action="/account/language"' in html, url


def test_the_login_form_still_carries_a_token_and_works(csrf_app, place):
    user = UserFactory()
    db.session.commit()
    client = csrf_app.test_client()
    response = client.get("/account/login")
    assert "Set-Cookie" in response.headers  # the page has a form: the token is stored
    token = csrf_token_from(response.get_data(as_text=True))
    response = client.post(
        "/account/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    # Signed in, every page carries the token for htmx again.
    html = client.get(_read_only_pages(*place)[3]).get_data(as_text=True)
    assert "X-CSRFToken" in html


def test_login_without_a_token_is_still_refused(csrf_app):
    user = UserFactory()
    db.session.commit()
    client = csrf_app.test_client()
    response = client.post(
        "/account/login", data={"email": user.email, "password": PASSWORD}, headers=OWN_SITE
    )
    assert response.status_code == 400


def test_a_visitor_chooses_a_language_from_a_page_without_a_token(csrf_app, place):
    client = csrf_app.test_client()
    url = _read_only_pages(*place)[3]
    client.get(url)
    response = client.post(
        "/account/language", data={"locale": "en", "next": url}, headers=OWN_SITE
    )
    assert response.status_code == 302 and response.headers["Location"] == url
    assert "Set-Cookie" in response.headers  # now something is stored: the language
    assert 'lang="en"' in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize(
    "headers",
    [
        OTHER_SITE,
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Referer": "https://evil.example/page"},
        {},  # nothing says where it came from
    ],
)
def test_a_language_post_from_another_site_is_refused(csrf_app, headers):
    client = csrf_app.test_client()
    response = client.post("/account/language", data={"locale": "en"}, headers=headers)
    assert response.status_code == 400
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(
    "headers", [{"Sec-Fetch-Site": "same-origin"}, {"Referer": "http://localhost/privacy"}]
)
def test_older_signs_of_the_own_site_are_taken_too(csrf_app, headers):
    client = csrf_app.test_client()
    response = client.post("/account/language", data={"locale": "en"}, headers=headers)
    assert response.status_code == 302


def test_a_wrong_token_is_refused_even_from_the_own_site(csrf_app):
    client = csrf_app.test_client()
    response = client.post(
        "/account/language", data={"locale": "en", "csrf_token": "forged"}, headers=OWN_SITE
    )
    assert response.status_code == 400


def test_a_signed_in_user_needs_the_token_for_the_language(csrf_app, place):
    user = UserFactory()
    db.session.commit()
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    client.post("/account/login", data={"email": user.email, "password": PASSWORD,
                                         "csrf_token": token})  # fmt: skip
    response = client.post("/account/language", data={"locale": "en"}, headers=OWN_SITE)
    assert response.status_code == 400
    html = client.get(_read_only_pages(*place)[3]).get_data(as_text=True)
    token = csrf_token_from(html)
    response = client.post(
        "/account/language", data={"locale": "en", "csrf_token": token}, headers=OWN_SITE
    )
    assert response.status_code == 302


def test_the_public_address_counts_as_this_site_behind_a_proxy(make_app):
    """TLS ends at the proxy: the request looks like http://localhost, the browser's Origin
    is the public https address."""
    app = make_app(WTF_CSRF_ENABLED=True, PUBLIC_URL="https://wijk.example.nl")
    client = app.test_client()
    response = client.post(
        "/account/language", data={"locale": "en"}, headers={"Origin": "https://wijk.example.nl"}
    )
    assert response.status_code == 302
    response = client.post(
        "/account/language", data={"locale": "en"}, headers={"Origin": "http://wijk.example.nl"}
    )
    assert response.status_code == 400
