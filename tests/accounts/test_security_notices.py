"""Security notices: turning two-factor login off, logging in with a recovery code and making
new recovery codes each send a mail to the account's own address ("was it not you? …"),
queued with the change itself, so nothing is mailed when the change is refused."""

from __future__ import annotations

import time

from tests.accounts.test_recovery_codes import _codes_for, _half_logged_in
from tests.conftest import sent_mails
from tests.factories import TOTP_SECRET, NeighbourhoodFactory, admin, moderator
from wijkplatform.extensions import db

FORGOT = "/account/password/forgot"


def _new_mails(app, before: int):
    return sent_mails(app)[before:]


def test_turning_two_factor_login_off_mails_a_notice(app, client, login):
    user = moderator(NeighbourhoodFactory(), totp_secret=TOTP_SECRET, email="wim@example.nl")
    _codes_for(user)
    login(user)
    before = len(sent_mails(app))
    client.post("/account/two-factor/off")
    [notice] = _new_mails(app, before)
    assert notice.to == "wim@example.nl"
    assert notice.subject == "Inloggen in twee stappen staat uit voor je Wijkplatform-account"
    assert "Was jij het niet?" in notice.body
    assert FORGOT in notice.body


def test_no_notice_when_the_role_keeps_two_factor_login_on(app, client, login):
    user = admin()
    _codes_for(user)
    login(user)
    before = len(sent_mails(app))
    client.post("/account/two-factor/off")
    db.session.refresh(user)
    assert user.totp_secret == TOTP_SECRET  # refused ...
    assert _new_mails(app, before) == []  # ... and nothing mailed


def test_no_notice_when_the_password_check_is_old(app, client, login):
    user = moderator(NeighbourhoodFactory(), totp_secret=TOTP_SECRET)
    login(user)
    with client.session_transaction() as session:
        session["_auth_at"] = time.time() - 20 * 60
    before = len(sent_mails(app))
    response = client.post("/account/two-factor/off")
    assert "/account/confirm-password" in response.headers["Location"]
    assert _new_mails(app, before) == []


def test_logging_in_with_a_recovery_code_mails_a_notice_with_the_codes_left(app, client):
    user = admin(email="bea@example.nl")
    codes = _codes_for(user)
    _half_logged_in(client, user)
    before = len(sent_mails(app))
    assert client.post("/account/login/code", data={"code": codes[0]}).status_code == 302
    [notice] = _new_mails(app, before)
    assert notice.to == "bea@example.nl"
    assert notice.subject == "Er is een herstelcode gebruikt voor je Wijkplatform-account"
    assert "Je hebt nog 9 herstelcodes." in notice.body
    assert FORGOT in notice.body


def test_a_wrong_recovery_code_mails_nothing(app, client):
    user = admin()
    _codes_for(user)
    _half_logged_in(client, user)
    before = len(sent_mails(app))
    response = client.post("/account/login/code", data={"code": "AAAAA-AAAAA"})
    assert response.status_code == 422
    assert _new_mails(app, before) == []


def test_the_app_code_mails_nothing(app, client):
    import pyotp

    user = admin()
    _half_logged_in(client, user)
    before = len(sent_mails(app))
    response = client.post("/account/login/code", data={"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.status_code == 302
    assert _new_mails(app, before) == []


def test_making_new_recovery_codes_mails_a_notice(app, client, login):
    user = admin(email="bea@example.nl")
    _codes_for(user)
    login(user)
    before = len(sent_mails(app))
    assert client.post("/account/two-factor/recovery-codes").status_code == 200
    [notice] = _new_mails(app, before)
    assert notice.to == "bea@example.nl"
    assert notice.subject == "Nieuwe herstelcodes voor je Wijkplatform-account"
    assert "De oude codes werken niet meer." in notice.body


def test_the_notice_is_in_the_account_language(app, client, login):
    user = moderator(NeighbourhoodFactory(), totp_secret=TOTP_SECRET, locale="en")
    login(user)
    before = len(sent_mails(app))
    client.post("/account/two-factor/off")
    [notice] = _new_mails(app, before)
    assert notice.subject == "Two-factor login is off for your Wijkplatform account"
    assert "Was it not you?" in notice.body
