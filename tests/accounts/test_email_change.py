"""Changing the e-mail address (issue 14, point 8): the new address gets a one-time link, the
old one a notice, and the account keeps its old address until the link is opened."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import mailed_link, sent_mails
from tests.factories import PASSWORD, UserFactory
from wijkplatform.accounts.models import User
from wijkplatform.extensions import db


def _ask_change(client, new_email="henk@nieuw.example"):
    return client.post("/account/email", data={"email": new_email, "current_password": PASSWORD})


def _henk(login) -> User:
    user = UserFactory(email="henk@example.nl", display_name="Henk")
    db.session.commit()
    login(user)
    return user


def _address(user) -> str:
    db.session.expire_all()
    return db.session.get(User, user.id).email


def test_the_new_address_gets_a_link_and_the_old_one_a_notice(app, client, login):
    user = _henk(login)
    sent_before = len(sent_mails(app))

    response = _ask_change(client)

    assert response.headers["Location"] == "/account/"
    sent = sent_mails(app)[sent_before:]
    assert sorted(m.to for m in sent) == ["henk@example.nl", "henk@nieuw.example"]
    to_new = next(m for m in sent if m.to == "henk@nieuw.example")
    to_old = next(m for m in sent if m.to == "henk@example.nl")
    assert "http://localhost/account/email/confirm/" in to_new.body
    assert "henk@nieuw.example" in to_old.body  # what it is being changed to
    assert "/account/email/confirm/" not in to_old.body  # the old address cannot confirm it
    assert "http://localhost/account/password/forgot" in to_old.body  # "not you?"
    page = client.get("/account/").get_data(as_text=True)
    assert "Tot dan blijft je adres henk@example.nl" in page
    assert _address(user) == "henk@example.nl"  # until the link is opened


def test_opening_the_link_changes_the_address_once(app, client, login):
    user = _henk(login)
    _ask_change(client)
    link = mailed_link(app, "/account/email/confirm/")

    phone = app.test_client()  # the mail is opened somewhere else, where nobody is logged in
    assert "henk@nieuw.example" in phone.get(link).get_data(as_text=True)
    assert _address(user) == "henk@example.nl"
    response = phone.post(link)

    assert response.headers["Location"] == "/account/login"
    assert phone.get("/account/").status_code == 302  # the link logged nobody in
    db.session.expire_all()
    changed = db.session.get(User, user.id)
    assert changed.email == "henk@nieuw.example" and changed.email_confirmed_at is not None
    assert phone.post(link).status_code == 410
    assert client.get("/account/").status_code == 200  # the owner's own session goes on
    login_new = app.test_client().post(
        "/account/login", data={"email": "henk@nieuw.example", "password": PASSWORD}
    )
    assert login_new.headers["Location"] == "/account/"


def test_a_link_for_an_address_that_was_taken_meanwhile_changes_nothing(app, client, login):
    user = _henk(login)
    _ask_change(client)
    link = mailed_link(app, "/account/email/confirm/")
    UserFactory(email="henk@nieuw.example")
    db.session.commit()

    response = app.test_client().post(link)

    assert response.status_code == 409
    assert "Een ander account gebruikt dit e-mailadres nu" in response.get_data(as_text=True)
    assert _address(user) == "henk@example.nl"


def test_a_password_reset_stops_a_pending_change(app, client, login):
    """The notice to the old address says: not you? choose a new password; that stops it."""
    user = _henk(login)
    _ask_change(client)
    change = mailed_link(app, "/account/email/confirm/")
    stranger = app.test_client()
    stranger.post("/account/password/forgot", data={"email": "henk@example.nl"})
    reset = mailed_link(app, "/account/password/reset/")
    stranger.post(
        reset,
        data={
            "new_password": "mijn eigen nieuwe zin",
            "new_password_confirm": "mijn eigen nieuwe zin",
        },
    )

    assert app.test_client().post(change).status_code == 400
    assert _address(user) == "henk@example.nl"


def test_a_changed_address_voids_older_links(app, client, login):
    user = _henk(login)
    app.test_client().post("/account/password/forgot", data={"email": "henk@example.nl"})
    reset = mailed_link(app, "/account/password/reset/")
    _ask_change(client)
    app.test_client().post(mailed_link(app, "/account/email/confirm/"))
    assert _address(user) == "henk@nieuw.example"

    assert app.test_client().get(reset).status_code == 400


def test_a_second_request_replaces_the_first_link(app, client, login):
    user = _henk(login)
    _ask_change(client, "eerste@example.nl")
    first = mailed_link(app, "/account/email/confirm/")
    _ask_change(client, "tweede@example.nl")
    assert app.test_client().post(first).status_code == 400
    app.test_client().post(mailed_link(app, "/account/email/confirm/"))
    assert _address(user) == "tweede@example.nl"
    assert db.session.scalar(select(User).where(User.email == "eerste@example.nl")) is None
