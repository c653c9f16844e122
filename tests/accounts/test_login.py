"""Logging in and out, redirects after login, and the login rate limit."""

from __future__ import annotations

import os

import pytest

from tests.factories import PASSWORD, UserFactory
from wijkplatform.extensions import db


@pytest.fixture
def user(app):
    user = UserFactory(email="henk@example.nl", display_name="Henk")
    db.session.commit()
    return user


def test_resident_logs_in_and_sees_their_account(client, user):
    response = client.post(
        "/account/login", data={"email": "Henk@Example.nl", "password": PASSWORD}
    )
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Henk" in html
    assert "henk@example.nl" in html


@pytest.mark.parametrize(
    ("email", "password"),
    [("henk@example.nl", "verkeerd wachtwoord"), ("niemand@example.nl", PASSWORD)],
)
def test_wrong_password_and_unknown_address_get_the_same_message(client, user, email, password):
    response = client.post("/account/login", data={"email": email, "password": password})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Het e-mailadres of het wachtwoord klopt niet" in html
    assert f'value="{email}"' in html  # typed address kept
    assert client.get("/account/").status_code == 302  # still logged out


def test_inactive_account_cannot_log_in(client, user):
    user.active = False
    db.session.commit()
    response = client.post("/account/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 422


def test_login_returns_to_the_page_that_asked_for_it(client, user):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert "/account/login?next=" in response.headers["Location"]
    response = client.post(
        "/account/login",
        data={"email": user.email, "password": PASSWORD, "next": "/account/password"},
    )
    assert response.headers["Location"] == "/account/password"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_login_never_redirects_to_another_site(client, user, target):
    response = client.post(
        "/account/login", data={"email": user.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/"


def test_logout_needs_a_post_and_ends_the_session(client, user, login):
    login(user)
    # A link from another site cannot log anyone out: GET only asks.
    response = client.get("/account/logout")
    assert response.status_code == 200
    assert client.get("/account/").status_code == 200

    response = client.post("/account/logout")
    assert response.status_code == 302
    assert client.get("/account/").status_code == 302


def test_logins_are_rate_limited(make_app):
    app = make_app(LOGIN_RATE_LIMIT="3 per minute")
    with app.app_context():
        UserFactory(email="henk@example.nl")
        db.session.commit()
    client = app.test_client()
    statuses = [
        client.post(
            "/account/login", data={"email": "henk@example.nl", "password": "fout fout fout"}
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [422, 422, 422, 429]
    # Even the right password is refused until the window has passed.
    response = client.post(
        "/account/login", data={"email": "henk@example.nl", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Te vaak geprobeerd" in response.get_data(as_text=True)


def test_login_rate_limit_works_with_redis_storage(make_app):
    """Production keeps rate limits in Redis so every app server sees the same counts."""
    import secrets

    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    app = make_app(
        LOGIN_RATE_LIMIT="2 per minute",
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
        RATELIMIT_KEY_PREFIX=f"wijkplatform-test-{secrets.token_hex(4)}",
    )
    client = app.test_client()
    statuses = [
        client.post("/account/login", data={"email": "x@example.nl", "password": "y"}).status_code
        for _ in range(3)
    ]
    assert statuses == [422, 422, 429]
