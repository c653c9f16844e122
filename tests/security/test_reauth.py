"""Sensitive actions ask for the password again when the last check is old."""

from __future__ import annotations

import io
import time

import pytest
from sqlalchemy import func, select

from tests.factories import PASSWORD, UserFactory, admin
from tests.neighbourhoods.cbs_fixtures import kwb_bytes
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import AreaProfile, Municipality


def _password_checked_ago(client, seconds):
    with client.session_transaction() as session:
        session["_auth_at"] = time.time() - seconds


@pytest.fixture
def admin_client(client, login):
    login(admin())
    return client


MUNICIPALITY = {"municipality-name": "Baarn", "municipality-cbs_code": "GM0308"}


def test_admin_action_right_after_login_needs_no_second_password(admin_client):
    response = admin_client.post("/admin/places/municipalities", data=MUNICIPALITY)
    assert response.headers["Location"] == "/admin/places/"
    assert db.session.scalar(select(func.count()).select_from(Municipality)) == 1


def test_admin_action_after_twenty_minutes_asks_for_the_password(admin_client):
    _password_checked_ago(admin_client, 20 * 60)
    response = admin_client.post("/admin/places/municipalities", data=MUNICIPALITY)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/confirm-password?next=")
    assert db.session.scalar(select(func.count()).select_from(Municipality)) == 0

    page = admin_client.get(response.headers["Location"])
    assert "Vul je wachtwoord opnieuw in" in page.get_data(as_text=True)
    wrong = admin_client.post(
        "/account/confirm-password", data={"password": "niet goed", "next": "/admin/places/"}
    )
    assert wrong.status_code == 422
    right = admin_client.post(
        "/account/confirm-password", data={"password": PASSWORD, "next": "/admin/places/"}
    )
    assert right.headers["Location"] == "/admin/places/"
    response = admin_client.post("/admin/places/municipalities", data=MUNICIPALITY)
    assert db.session.scalar(select(func.count()).select_from(Municipality)) == 1


def _upload_profiles(client):
    form = {"file": (io.BytesIO(kwb_bytes()), "kwb-2023.csv"), "year": "2023", "level": "wijk",
            "create_missing": "y"}  # fmt: skip
    return client.post("/admin/profiles/", data=form, content_type="multipart/form-data")


def test_profile_upload_after_twenty_minutes_asks_for_the_password_and_imports_nothing(
    admin_client,
):
    _password_checked_ago(admin_client, 20 * 60)
    response = _upload_profiles(admin_client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/confirm-password?next=/admin/profiles/"
    assert db.session.scalar(select(func.count()).select_from(AreaProfile)) == 0
    assert db.session.scalar(select(func.count()).select_from(Municipality)) == 0
    # Opening the page asks first, so a chosen file is not lost after the upload.
    page = admin_client.get("/admin/profiles/")
    assert page.headers["Location"] == "/account/confirm-password?next=/admin/profiles/"

    admin_client.post(
        "/account/confirm-password", data={"password": PASSWORD, "next": "/admin/profiles/"}
    )
    assert _upload_profiles(admin_client).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(AreaProfile)) == 3


def test_confirm_password_never_sends_to_another_site(admin_client):
    response = admin_client.post(
        "/account/confirm-password", data={"password": PASSWORD, "next": "//evil.example/"}
    )
    assert response.headers["Location"] == "/account/"


@pytest.fixture
def user(app):
    user = UserFactory(email="henk@example.nl")
    db.session.commit()
    return user


def test_resident_asks_for_an_email_change_with_their_password(client, user, login):
    """The address itself changes when the link sent to it is opened
    (tests/accounts/test_email_change.py)."""
    login(user)
    response = client.post(
        "/account/email", data={"email": "Henk@Nieuw.example", "current_password": PASSWORD}
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.email == "henk@example.nl"
    assert "henk@nieuw.example" in client.get("/account/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "henk@nieuw.example", "current_password": "fout"}, "current_password",
         "Dit is niet je huidige wachtwoord"),
        ({"email": "geen-adres", "current_password": PASSWORD}, "email", "geldig e-mailadres"),
        ({"email": "ander@example.nl", "current_password": PASSWORD}, "email",
         "Er is al een account"),
    ],
)  # fmt: skip
def test_bad_email_change_is_refused_beside_the_field(client, user, login, data, field, message):
    UserFactory(email="ander@example.nl")
    login(user)
    response = client.post("/account/email", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html and message in html
    assert f'value="{data["email"]}"' in html  # typed address kept
    assert PASSWORD not in html  # the password is not
    db.session.refresh(user)
    assert user.email == "henk@example.nl"


def test_email_change_after_a_long_time_asks_for_the_password_first(client, user, login):
    login(user)
    _password_checked_ago(client, 60 * 60)
    response = client.get("/account/email")
    assert response.headers["Location"] == "/account/confirm-password?next=/account/email"
