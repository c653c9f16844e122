"""Sessions end for real: a copied cookie stops working after logout or a password change,
and a session times out after 30 minutes idle or 12 hours in all."""

from __future__ import annotations

import time

import pytest

from tests.factories import PASSWORD, UserFactory
from wijkplatform.extensions import db


@pytest.fixture
def user(app):
    user = UserFactory(email="henk@example.nl")
    db.session.commit()
    return user


def _copy_session_cookie(source, target):
    cookie = source.get_cookie("session")
    target.set_cookie("session", cookie.value)


def test_login_gives_a_new_session_cookie(client, user):
    client.post("/account/language", data={"locale": "nl"})
    before = client.get_cookie("session").value
    client.post("/account/login", data={"email": user.email, "password": PASSWORD})
    after = client.get_cookie("session").value
    assert before != after
    with client.session_transaction() as session:
        assert session["_session_token"] == user.session_token


def test_copied_cookie_stops_working_after_logout(app, client, user, login):
    login(user)
    thief = app.test_client()
    _copy_session_cookie(client, thief)
    assert thief.get("/account/").status_code == 200  # the copy works while logged in

    client.post("/account/logout")

    assert thief.get("/account/").status_code == 302
    assert client.get("/account/").status_code == 302


def test_copied_cookie_stops_working_after_password_change(app, client, user, login):
    login(user)
    thief = app.test_client()
    _copy_session_cookie(client, thief)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a brand new long sentence",
            "new_password_confirm": "a brand new long sentence",
        },
    )
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200  # this device stays logged in
    assert thief.get("/account/").status_code == 302  # the copy does not


def test_session_without_a_token_is_not_accepted(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)  # a cookie forged without the token
        session["_started_at"] = session["_seen_at"] = time.time()
    assert client.get("/account/").status_code == 302


def _age_session(client, *, started_ago: float, seen_ago: float):
    with client.session_transaction() as session:
        session["_started_at"] = time.time() - started_ago
        session["_seen_at"] = time.time() - seen_ago


def test_session_ends_after_thirty_minutes_idle(client, user, login):
    login(user)
    _age_session(client, started_ago=29 * 60, seen_ago=29 * 60)
    assert client.get("/account/").status_code == 200
    _age_session(client, started_ago=31 * 60, seen_ago=31 * 60)
    response = client.get("/account/")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "omdat je een tijd weg was" in html


def test_activity_keeps_the_session_alive(client, user, login):
    login(user)
    _age_session(client, started_ago=60 * 60, seen_ago=20 * 60)
    assert client.get("/account/").status_code == 200
    with client.session_transaction() as session:
        assert time.time() - session["_seen_at"] < 5  # refreshed by the request


def test_session_ends_after_twelve_hours_even_when_active(client, user, login):
    login(user)
    _age_session(client, started_ago=12 * 3600 - 60, seen_ago=60)
    assert client.get("/account/").status_code == 200
    _age_session(client, started_ago=12 * 3600 + 60, seen_ago=60)
    assert client.get("/account/").status_code == 302


def test_timeouts_are_configurable(make_app):
    app = make_app(SESSION_IDLE_TIMEOUT_MINUTES=5)
    with app.app_context():
        user = UserFactory()
        db.session.commit()
        email = user.email
    client = app.test_client()
    client.post("/account/login", data={"email": email, "password": PASSWORD})
    _age_session(client, started_ago=6 * 60, seen_ago=6 * 60)
    assert client.get("/account/").status_code == 302


def test_language_choice_survives_the_timeout(client, user, login):
    client.post("/account/language", data={"locale": "en"})
    login(user)
    _age_session(client, started_ago=13 * 3600, seen_ago=13 * 3600)
    html = client.get("/account/login").get_data(as_text=True)
    assert '<html lang="en"' in html
