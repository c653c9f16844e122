"""TOTP two-factor login: set-up with a QR code, a code as the second login step,
codes used once only, and admins cannot act before setting it up."""

from __future__ import annotations

import json
import re
import time

import pyotp
import pytest

from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    NeighbourhoodFactory,
    UserFactory,
    admin,
    moderator,
)
from wijkplatform.accounts import two_factor
from wijkplatform.extensions import db


def _log_in_with_password(client, user):
    db.session.commit()
    return client.post("/account/login", data={"email": user.email, "password": PASSWORD})


def test_login_with_two_factor_asks_for_a_code_and_accepts_the_right_one(client):
    user = admin(email="beheer@example.nl")
    response = _log_in_with_password(client, user)
    assert response.headers["Location"] == "/account/login/code"
    assert client.get("/account/").status_code == 302  # not logged in yet

    page = client.get("/account/login/code")
    assert 'autocomplete="one-time-code"' in page.get_data(as_text=True)
    response = client.post("/account/login/code", data={"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.headers["Location"] == "/account/"
    assert client.get("/account/").status_code == 200


def test_wrong_code_is_refused_with_a_message(client):
    user = admin()
    _log_in_with_password(client, user)
    response = client.post("/account/login/code", data={"code": "000000"})
    assert response.status_code == 422
    assert 'id="code-error"' in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 302


def test_a_code_cannot_be_used_twice(app):
    user = admin()
    code = pyotp.TOTP(TOTP_SECRET).now()
    assert two_factor.check_code(user, code)
    assert not two_factor.check_code(user, code)


def test_codes_of_the_neighbouring_time_steps_are_accepted_others_not(app):
    user = admin()
    now = time.time()
    totp = pyotp.TOTP(TOTP_SECRET)
    assert not two_factor.check_code(user, totp.at(now - 90), moment=now)
    assert two_factor.check_code(user, totp.at(now - 30), moment=now)
    assert two_factor.check_code(user, totp.at(now + 30), moment=now)


def test_code_step_expires_after_five_minutes(client):
    user = admin()
    _log_in_with_password(client, user)
    with client.session_transaction() as session:
        session["_2fa_at"] = time.time() - 301
    response = client.post("/account/login/code", data={"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.headers["Location"] == "/account/login"
    assert client.get("/account/").status_code == 302


def test_code_step_keeps_the_next_page(client):
    user = admin()
    db.session.commit()
    client.post(
        "/account/login",
        data={"email": user.email, "password": PASSWORD, "next": "/admin/places/"},
    )
    response = client.post("/account/login/code", data={"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.headers["Location"] == "/admin/places/"


def test_admin_without_two_factor_is_sent_to_set_it_up_first(client, login):
    user = admin(totp_secret=None)
    login(user)
    response = client.get("/admin/places/")
    assert response.headers["Location"].startswith("/account/two-factor?next=")
    response = client.post(
        "/admin/places/municipalities",
        data={"municipality-name": "Baarn", "municipality-cbs_code": "GM0308"},
    )
    assert response.headers["Location"].startswith("/account/two-factor")

    page = client.get("/account/two-factor?next=/admin/places/").get_data(as_text=True)
    secret = re.search(r'<code class="totp-secret">([A-Z2-7]+)</code>', page).group(1)
    assert f"otpauth://totp/Wijkplatform:{user.email.replace('@', '%40')}" in page
    assert 'src="data:image/svg+xml' in page  # the QR code, made on the server
    assert "style=" not in page

    wrong = client.post("/account/two-factor", data={"code": "123456", "next": "/admin/places/"})
    assert wrong.status_code == 422
    response = client.post(
        "/account/two-factor",
        data={"code": pyotp.TOTP(secret).now(), "next": "/admin/places/"},
    )
    # The recovery codes are shown once, with the way on to the page that was asked for.
    assert response.status_code == 200
    shown = response.get_data(as_text=True)
    assert len(re.findall(r"<li><code>[A-Z2-9]{5}-[A-Z2-9]{5}</code></li>", shown)) == 10
    assert 'href="/admin/places/"' in shown
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/admin/places/").status_code == 200
    db.session.refresh(user)
    assert user.totp_secret == secret


def test_moderator_may_set_up_two_factor_but_is_not_forced(client, login):
    user = moderator(NeighbourhoodFactory())
    login(user)
    overview = client.get("/account/").get_data(as_text=True)
    assert "/account/two-factor" in overview
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("role", ["resident"])
def test_resident_is_not_offered_two_factor(client, login, role):
    login(UserFactory())
    assert "/account/two-factor" not in client.get("/account/").get_data(as_text=True)


def _cookie_contents(app, client) -> str:
    """The session cookie as anybody holding it can read it (signed, not encrypted)."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    data = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    return json.dumps(data)


def test_the_key_being_set_up_is_never_in_the_session_cookie(app, client, login):
    user = moderator(NeighbourhoodFactory())
    login(user)
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'<code class="totp-secret">([A-Z2-7]+)</code>', page).group(1)

    assert secret not in _cookie_contents(app, client)
    wrong = client.post("/account/two-factor", data={"code": "000000"})
    assert wrong.status_code == 422
    assert secret in wrong.get_data(as_text=True)  # the same key, shown again
    assert secret not in _cookie_contents(app, client)
    # Opening the page again offers a new key (the old one was never turned on).
    page = client.get("/account/two-factor").get_data(as_text=True)
    renewed = re.search(r'<code class="totp-secret">([A-Z2-7]+)</code>', page).group(1)
    assert renewed != secret and len(renewed) == 32
    assert renewed not in _cookie_contents(app, client)
    secret = renewed
    client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    db.session.refresh(user)
    assert user.totp_secret == secret
    assert secret not in _cookie_contents(app, client)
