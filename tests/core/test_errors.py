"""Friendly error pages, CSRF rejection and a 503 when the database cannot be reached."""

from __future__ import annotations

import time

import pytest

from tests.conftest import csrf_token_from
from tests.factories import UserFactory
from wijkplatform.extensions import db


def test_404_page_is_friendly_and_translated(client):
    response = client.get("/bestaat/niet")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html
    assert 'href="/"' in html
    assert "Traceback" not in html


def test_404_page_in_english_after_choosing_english(client):
    client.post("/account/language", data={"locale": "en"})
    html = client.get("/bestaat/niet").get_data(as_text=True)
    assert "Page not found" in html
    assert '<html lang="en"' in html


def test_method_not_allowed_gets_a_friendly_page(client):
    response = client.get("/account/language")
    assert response.status_code == 405
    assert "<h1" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-directory/for/sure/wijkplatform.sqlite",
        "postgresql+psycopg://postgres@127.0.0.1:1/unreachable?connect_timeout=2",
    ],
)
def test_unreachable_database_gives_a_503_page_not_a_stack_trace(make_app, url):
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    response = app.test_client().get("/neighbourhoods/")
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Het platform werkt nu even niet" in html
    assert "Traceback" not in html and "OperationalError" not in html


def test_503_for_a_logged_in_user_does_not_touch_the_database_again(app, make_app):
    """The layout would load the user from the database; with the database gone it must not."""
    user = UserFactory()
    db.session.commit()
    broken = make_app(SQLALCHEMY_DATABASE_URI="sqlite:////nonexistent-directory/x.sqlite")
    client = broken.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_session_token"] = user.session_token
        session["_started_at"] = session["_seen_at"] = time.time()
    response = client.get("/account/")
    assert response.status_code == 503
    assert "Het platform werkt nu even niet" in response.get_data(as_text=True)


def test_form_posted_without_csrf_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    UserFactory(email="henk@example.nl")
    db.session.commit()
    response = client.post(
        "/account/login", data={"email": "henk@example.nl", "password": "correct horse battery"}
    )
    assert response.status_code == 400
    assert "Dit formulier is verlopen" in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 302  # not logged in


def test_form_posted_with_csrf_token_is_accepted(csrf_app):
    client = csrf_app.test_client()
    UserFactory(email="henk@example.nl")
    db.session.commit()
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    response = client.post(
        "/account/login",
        data={"email": "henk@example.nl", "password": "correct horse battery", "csrf_token": token},
    )
    assert response.status_code == 302


def test_htmx_request_gets_an_error_fragment_not_a_page(client):
    response = client.get("/bestaat/niet", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<html" not in html
    assert 'id="error-message"' in html


def test_unexpected_error_in_production_mode_gets_a_friendly_500(make_app):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.route("/kapot")
    def broken():
        raise RuntimeError("boom")

    response = app.test_client().get("/kapot")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "boom" not in html and "Traceback" not in html
    assert "<h1" in html
