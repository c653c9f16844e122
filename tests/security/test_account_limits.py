"""Guessing one account's password or two-factor code stops after a few refused tries,
whichever addresses the guesses come from; known and unknown addresses are treated alike,
and the owner's own successful logins use up nothing."""

from __future__ import annotations

import time

import pyotp
import pytest

from tests.factories import PASSWORD, TOTP_SECRET, UserFactory, admin
from wijkplatform.extensions import db

TOO_OFTEN = "Te vaak geprobeerd"


def _login(client, email, password, address):
    return client.post(
        "/account/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


@pytest.fixture
def limited(make_app):
    """An app with a per-address limit that the test never reaches from one address."""

    def build(**limits):
        app = make_app(LOGIN_RATE_LIMIT="3 per minute", **limits)
        with app.app_context():
            UserFactory(email="henk@example.nl")
            UserFactory(email="fatima@example.nl")
            db.session.commit()
        return app

    return build


@pytest.mark.parametrize("email", ["henk@example.nl", "niemand@example.nl"])
def test_wrong_passwords_for_one_account_from_many_addresses_are_stopped(limited, email):
    app = limited(LOGIN_ACCOUNT_RATE_LIMIT="4 per hour")
    client = app.test_client()
    statuses = [
        _login(client, email, "fout fout fout", f"10.0.0.{n}").status_code for n in range(5)
    ]
    # The same for an address without an account: the limit tells nothing about who has one.
    assert statuses == [422, 422, 422, 422, 429]
    refused = _login(client, email.upper() + " ", PASSWORD, "10.0.1.1")
    assert refused.status_code == 429  # also the right password, and however it is typed
    assert TOO_OFTEN in refused.get_data(as_text=True)
    # Another account, from the very same addresses, is not held back.
    assert _login(client, "fatima@example.nl", PASSWORD, "10.0.0.1").status_code == 302


def test_the_owner_logging_in_normally_uses_up_nothing(limited):
    app = limited(LOGIN_ACCOUNT_RATE_LIMIT="2 per hour")
    client = app.test_client()
    for n in range(4):
        assert _login(client, "henk@example.nl", PASSWORD, f"10.0.0.{n}").status_code == 302
        client.post("/account/logout")
    assert _login(client, "henk@example.nl", "fout fout fout", "10.0.0.9").status_code == 422


def _wrong_code() -> str:
    totp, now = pyotp.TOTP(TOTP_SECRET), time.time()
    valid = {totp.at(now + 30 * step) for step in (-1, 0, 1)}
    return next(code for n in range(10) if (code := f"{n}{n}{n}{n}{n}{n}") not in valid)


def test_wrong_two_factor_codes_are_limited_per_account_across_logins(limited):
    app = limited(TWO_FACTOR_ACCOUNT_RATE_LIMIT="3 per hour")
    with app.app_context():
        admin(email="beheer@example.nl")
        db.session.commit()
    statuses = []
    for n in range(4):
        client = app.test_client()  # a new login each time, from another address
        address = f"10.0.0.{n}"
        response = _login(client, "beheer@example.nl", PASSWORD, address)
        assert response.headers["Location"] == "/account/login/code"
        response = client.post(
            "/account/login/code",
            data={"code": _wrong_code()},
            environ_base={"REMOTE_ADDR": address},
        )
        statuses.append(response.status_code)
    assert statuses == [422, 422, 422, 429]
    right = client.post(
        "/account/login/code",
        data={"code": pyotp.TOTP(TOTP_SECRET).now()},
        environ_base={"REMOTE_ADDR": "10.0.0.3"},
    )
    assert right.status_code == 429
    assert client.get("/account/").status_code == 302  # not logged in


def test_password_checks_after_login_share_the_account_limit(make_app):
    """A stolen session cannot guess the password at the password change, the confirmation or
    the erasure (and then change the address): they count with the login's wrong passwords."""
    app = make_app(LOGIN_ACCOUNT_RATE_LIMIT="3 per hour")
    with app.app_context():
        UserFactory(email="henk@example.nl")
        db.session.commit()
    client = app.test_client()
    assert _login(client, "henk@example.nl", PASSWORD, "10.0.0.1").status_code == 302
    wrong_change = {
        "current_password": "fout fout fout",
        "new_password": "een heel nieuw wachtwoord",
        "new_password_confirm": "een heel nieuw wachtwoord",
    }
    assert client.post("/account/password", data=wrong_change).status_code == 422
    assert client.post("/account/confirm-password", data={"password": "fout"}).status_code == 422
    assert client.post("/account/data/erase", data={"password": "fout"}).status_code == 422
    assert client.post("/account/password", data=wrong_change).status_code == 429
    assert client.post("/account/confirm-password", data={"password": PASSWORD}).status_code == 429
    other = app.test_client()
    assert _login(other, "henk@example.nl", PASSWORD, "10.0.0.2").status_code == 429


def test_password_changes_are_limited_per_address(make_app):
    app = make_app(LOGIN_RATE_LIMIT="2 per minute")
    with app.app_context():
        UserFactory(email="henk@example.nl")
        db.session.commit()
    client = app.test_client()
    assert _login(client, "henk@example.nl", PASSWORD, "10.0.0.1").status_code == 302
    data = {"current_password": "fout fout fout", "new_password": "x", "new_password_confirm": "x"}
    statuses = [
        client.post(
            "/account/password", data=data, environ_base={"REMOTE_ADDR": "10.0.0.1"}
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [422, 422, 429]


def test_the_account_limit_counts_across_servers_with_redis(limited):
    """Production keeps the counts in Redis, so guesses spread over app servers add up."""
    import os
    import secrets

    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    store = redis.Redis(host="127.0.0.1", port=6379, db=5)
    store.flushdb()
    app = limited(
        LOGIN_ACCOUNT_RATE_LIMIT="2 per hour",
        # A database of its own: another test's limiter reset empties every limiter key in
        # the database it uses.
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/5",
        RATELIMIT_KEY_PREFIX=f"wijkplatform-test-{secrets.token_hex(4)}",
    )
    client = app.test_client()
    statuses = [
        _login(client, "henk@example.nl", "fout fout fout", f"10.0.0.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [422, 422, 429]
    # Flask-Limiter keeps the first key prefix it saw in this process, so read the whole
    # database this test has to itself.
    stored = store.keys("*")
    assert stored and not any(b"henk" in key for key in stored)  # no address in the store
