"""With REQUIRE_EMAIL_CONFIRMATION (the default in production), registering never tells
whether an address already has an account: every registration ends on the same page, and
the mail to the address says what happened. The link in it confirms the address once and
logs nobody in (the attacks it must resist are in tests/security/test_mailed_links.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import mailed_link, sent_mails
from tests.factories import PASSWORD, NeighbourhoodFactory, UserFactory
from wijkplatform.accounts.models import User
from wijkplatform.extensions import db


@pytest.fixture
def confirming(make_app):
    app = make_app(REQUIRE_EMAIL_CONFIRMATION=True)
    with app.app_context():
        neighbourhood = NeighbourhoodFactory(name="Lombok")
        UserFactory(email="bestaat@example.nl", display_name="Henk")
        db.session.commit()
        yield app, neighbourhood.id


def _register(client, neighbourhood_id, email, name="Nieuwe buur"):
    return client.post(
        "/account/register",
        data={
            "email": email,
            "display_name": name,
            "password": "lange wandeling langs de haven",
            "password_confirm": "lange wandeling langs de haven",
            "neighbourhood_id": str(neighbourhood_id),
        },
    )


def _link(app) -> str:
    return mailed_link(app, "/account/confirm/")


def test_a_new_and_a_taken_address_get_the_same_answer(confirming):
    app, neighbourhood_id = confirming
    client = app.test_client()
    new = _register(client, neighbourhood_id, "nieuw@example.nl")
    taken = _register(client, neighbourhood_id, "bestaat@example.nl")
    assert new.status_code == taken.status_code == 302
    assert new.headers["Location"] == taken.headers["Location"] == "/account/register/check-email"
    page = client.get("/account/register/check-email").get_data(as_text=True)
    assert "Kijk in je mail" in page
    # Nobody is logged in, and the taken address still has its one account.
    assert "/account/logout" not in page
    assert db.session.scalar(select(func.count()).select_from(User)) == 2
    sent = sent_mails(app)
    assert [m.to for m in sent[-2:]] == ["nieuw@example.nl", "bestaat@example.nl"]
    assert "/account/confirm/" in sent[-2].body
    assert "/account/confirm/" not in sent[-1].body  # the owner is told, not given a link


def test_the_link_confirms_the_address_and_sends_to_the_login_page(confirming):
    app, neighbourhood_id = confirming
    client = app.test_client()
    _register(client, neighbourhood_id, "nieuw@example.nl")
    link = _link(app)
    refused = client.post(
        "/account/login",
        data={"email": "nieuw@example.nl", "password": "lange wandeling langs de haven"},
    )
    assert refused.status_code == 422  # the right password, but not confirmed yet
    page = client.get(link)
    assert page.status_code == 200
    assert f'action="{link}"' in page.get_data(as_text=True)  # a button; the GET changes nothing
    user = db.session.scalar(select(User).where(User.email == "nieuw@example.nl"))
    assert user.email_confirmed_at is None

    response = client.post(link)
    assert response.status_code == 302 and response.headers["Location"] == "/account/login"
    assert "Je kunt nu inloggen" in client.get("/account/login").get_data(as_text=True)
    assert client.get("/account/").status_code == 302  # the link logged nobody in
    db.session.refresh(user)
    assert user.email_confirmed_at is not None
    again = client.post(
        "/account/login",
        data={"email": "nieuw@example.nl", "password": "lange wandeling langs de haven"},
    )
    assert again.status_code == 302
    assert "Nieuwe buur" in client.get("/account/").get_data(as_text=True)


def test_registering_again_before_confirming_sends_a_new_link(confirming):
    app, neighbourhood_id = confirming
    client = app.test_client()
    _register(client, neighbourhood_id, "nieuw@example.nl")
    first = _link(app)
    _register(client, neighbourhood_id, "nieuw@example.nl", name="Andere naam")
    newest = _link(app)
    assert newest != first
    assert db.session.scalar(select(func.count()).where(User.email == "nieuw@example.nl")) == 1
    # Only the newest link works.
    assert client.get(first).status_code == 400
    assert "nieuwere link" in client.get(first).get_data(as_text=True)
    assert client.post(newest).status_code == 302


def test_send_the_link_again_mails_a_new_link_and_answers_every_address_the_same(confirming):
    app, neighbourhood_id = confirming
    client = app.test_client()
    _register(client, neighbourhood_id, "nieuw@example.nl")
    sent_before = len(sent_mails(app))
    page = client.get("/account/register/send-again").get_data(as_text=True)
    assert 'name="email"' in page
    answers = [
        client.post("/account/register/send-again", data={"email": email})
        for email in ("nieuw@example.nl", "bestaat@example.nl", "niemand@example.nl")
    ]
    assert {answer.headers["Location"] for answer in answers} == {"/account/register/check-email"}
    # Only the address that still waits for confirmation gets a mail.
    assert [m.to for m in sent_mails(app)[sent_before:]] == ["nieuw@example.nl"]
    assert client.post(_link(app)).headers["Location"] == "/account/login"


@pytest.mark.parametrize("token", ["not-a-token", "eyJ1c2VyIjoxfQ.bad.signature", "x" * 500])
def test_a_broken_link_gets_a_friendly_page_and_confirms_nothing(confirming, token):
    app, _ = confirming
    client = app.test_client()
    for response in (
        client.get(f"/account/confirm/{token}"),
        client.post(f"/account/confirm/{token}"),
    ):
        assert response.status_code == 400
        assert 'href="/account/register/send-again"' in response.get_data(as_text=True)


def test_an_old_link_has_expired(confirming):
    from wijkplatform.accounts.models import MailedToken

    app, neighbourhood_id = confirming
    client = app.test_client()
    _register(client, neighbourhood_id, "nieuw@example.nl")
    link = _link(app)
    user = db.session.scalar(select(User).where(User.email == "nieuw@example.nl"))
    row = db.session.scalar(select(MailedToken).where(MailedToken.user_id == user.id))
    assert row.expires_at - row.created_at == timedelta(hours=48)
    row.expires_at = row.created_at - timedelta(seconds=1)
    db.session.commit()
    response = client.post(link)
    assert response.status_code == 410
    assert "te oud" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email_confirmed_at is None


def test_a_link_for_an_address_that_changed_since_does_not_confirm(confirming):
    app, neighbourhood_id = confirming
    client = app.test_client()
    _register(client, neighbourhood_id, "nieuw@example.nl")
    link = _link(app)
    user = db.session.scalar(select(User).where(User.email == "nieuw@example.nl"))
    user.email = "anders@example.nl"
    db.session.commit()
    assert client.get(link).status_code == 400
    assert client.post(link).status_code == 400
    db.session.refresh(user)
    assert user.email_confirmed_at is None


def test_existing_accounts_and_admin_made_accounts_count_as_confirmed(confirming):
    app, _ = confirming
    client = app.test_client()
    response = client.post(
        "/account/login", data={"email": "bestaat@example.nl", "password": PASSWORD}
    )
    assert response.status_code == 302
