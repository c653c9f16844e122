"""Changing a password."""

from __future__ import annotations

from werkzeug.security import check_password_hash

from tests.factories import PASSWORD, UserFactory
from wijkplatform.extensions import db


def test_resident_changes_password_and_can_log_in_with_the_new_one(client, login):
    user = UserFactory()
    login(user)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "nieuwe lange zin",
            "new_password_confirm": "nieuwe lange zin",
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert check_password_hash(user.password_hash, "nieuwe lange zin")


def test_wrong_current_password_is_refused_beside_the_field(client, login):
    user = UserFactory()
    login(user)
    old_hash = user.password_hash
    response = client.post(
        "/account/password",
        data={
            "current_password": "niet mijn wachtwoord",
            "new_password": "nieuwe lange zin",
            "new_password_confirm": "nieuwe lange zin",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="current_password-error"' in html
    db.session.refresh(user)
    assert user.password_hash == old_hash


def test_too_short_new_password_is_refused(client, login):
    user = UserFactory()
    login(user)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "kort", "new_password_confirm": "kort"},
    )
    assert response.status_code == 422
    assert 'id="new_password-error"' in response.get_data(as_text=True)


def test_password_page_needs_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
