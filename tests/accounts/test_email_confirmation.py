"""With REQUIRE_EMAIL_CONFIRMATION (the default in production), registering never tells
whether an address already has an account: every registration ends on the same page, and
the mail to the address says what happened."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.factories import PASSWORD, NeighbourhoodFactory, UserFactory
from wijkplatform.accounts.models import User
from wijkplatform.core import mail
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
    body = mail.outbox(app)[-1].body
    return re.search(r"http://localhost(/account/confirm/\S+)", body).group(1)


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
    sent = list(mail.outbox(app))
    assert [m.to for m in sent[-2:]] == ["nieuw@example.nl", "bestaat@example.nl"]
    assert "/account/confirm/" in sent[-2].body
    assert "/account/confirm/" not in sent[-1].body  # the owner is told, not given a link


def test_the_link_confirms_the_address_and_logs_in(confirming):
    app, neighbourhood_id = confirming
    client = app.test_client()
    _register(client, neighbourhood_id, "nieuw@example.nl")
    link = _link(app)
    refused = client.post(
        "/account/login",
        data={"email": "nieuw@example.nl", "password": "lange wandeling langs de haven"},
    )
    assert refused.status_code == 422  # the right password, but not confirmed yet
    response = client.get(link)
    assert response.status_code == 302 and response.headers["Location"] == "/account/"
    assert "Nieuwe buur" in client.get("/account/").get_data(as_text=True)
    user = db.session.scalar(select(User).where(User.email == "nieuw@example.nl"))
    assert user.email_confirmed_at is not None
    client.post("/account/logout")
    again = client.post(
        "/account/login",
        data={"email": "nieuw@example.nl", "password": "lange wandeling langs de haven"},
    )
    assert again.status_code == 302


def test_registering_again_before_confirming_sends_a_new_link(confirming):
    app, neighbourhood_id = confirming
    client = app.test_client()
    _register(client, neighbourhood_id, "nieuw@example.nl")
    _register(client, neighbourhood_id, "nieuw@example.nl", name="Andere naam")
    assert "/account/confirm/" in mail.outbox(app)[-1].body
    assert db.session.scalar(select(func.count()).where(User.email == "nieuw@example.nl")) == 1


@pytest.mark.parametrize("token", ["not-a-token", "eyJ1c2VyIjoxfQ.bad.signature", "x" * 500])
def test_a_broken_link_gets_a_friendly_page_and_confirms_nothing(confirming, token):
    app, _ = confirming
    client = app.test_client()
    response = client.get(f"/account/confirm/{token}")
    assert response.status_code == 400
    assert 'href="/account/register"' in response.get_data(as_text=True)


def test_an_old_link_has_expired(confirming):
    app, neighbourhood_id = confirming
    client = app.test_client()
    _register(client, neighbourhood_id, "nieuw@example.nl")
    link = _link(app)
    app.config["EMAIL_CONFIRMATION_HOURS"] = 0
    import time

    time.sleep(1.1)
    response = client.get(link)
    assert response.status_code == 400
    user = db.session.scalar(select(User).where(User.email == "nieuw@example.nl"))
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


def test_existing_accounts_and_admin_made_accounts_count_as_confirmed(confirming):
    app, _ = confirming
    client = app.test_client()
    response = client.post(
        "/account/login", data={"email": "bestaat@example.nl", "password": PASSWORD}
    )
    assert response.status_code == 302
