"""'Wachtwoord vergeten?': the same answer for every address, a one-time link by mail, the
rules of registration for the new password, every session ended, and logging in afterwards
as usual (with the code when two-factor login is on)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import mailed_link, sent_mails
from tests.factories import PASSWORD, UserFactory, admin
from wijkplatform.accounts import personal_data, services
from wijkplatform.accounts.models import User
from wijkplatform.extensions import db

NEW_PASSWORD = "fietsen langs de vecht"


@pytest.fixture
def henk(app):
    user = UserFactory(email="henk@example.nl", display_name="Henk")
    db.session.commit()
    return user


def _ask(client, email="henk@example.nl", **kwargs):
    return client.post("/account/password/forgot", data={"email": email}, **kwargs)


def _reset_link(app) -> str:
    return mailed_link(app, "/account/password/reset/")


def _choose(client, link, password=NEW_PASSWORD, again=None):
    return client.post(
        link, data={"new_password": password, "new_password_confirm": again or password}
    )


def test_the_login_page_offers_a_new_password(client):
    page = client.get("/account/login").get_data(as_text=True)
    assert 'href="/account/password/forgot"' in page and "Wachtwoord vergeten?" in page
    assert 'name="email"' in client.get("/account/password/forgot").get_data(as_text=True)


def test_every_address_gets_the_same_answer_and_only_an_account_gets_a_mail(app, client, henk):
    erased = UserFactory(email="weg@example.nl")
    db.session.commit()
    personal_data.erase_account(erased, password=PASSWORD)
    db.session.commit()
    sent_before = len(sent_mails(app))

    answers = [
        _ask(client, email) for email in ("henk@example.nl", "niemand@example.nl", "weg@example.nl")
    ]

    assert {answer.status_code for answer in answers} == {302}
    assert {answer.headers["Location"] for answer in answers} == {"/account/password/forgot/sent"}
    page = client.get("/account/password/forgot/sent").get_data(as_text=True)
    assert "Als er een account is met dit adres" in page
    assert [m.to for m in sent_mails(app)[sent_before:]] == ["henk@example.nl"]


def test_a_new_password_works_ends_every_session_and_logs_nobody_in(app, client, henk, login):
    login(henk)
    elsewhere = app.test_client()
    _ask(elsewhere)
    link = _reset_link(app)

    assert elsewhere.get(link).status_code == 200
    response = _choose(elsewhere, link)

    assert response.headers["Location"] == "/account/login"
    assert elsewhere.get("/account/").status_code == 302  # the link logged nobody in
    assert client.get("/account/").status_code == 302  # the other session has ended
    old = client.post("/account/login", data={"email": henk.email, "password": PASSWORD})
    assert old.status_code == 422
    new = client.post("/account/login", data={"email": henk.email, "password": NEW_PASSWORD})
    assert new.headers["Location"] == "/account/"


def test_a_reset_link_works_once(app, client, henk):
    _ask(client)
    link = _reset_link(app)
    _choose(client, link)
    for response in (
        client.get(link),
        _choose(app.test_client(), link, "nog een ander wachtwoord"),
    ):
        assert response.status_code == 410
        assert 'href="/account/password/forgot"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert services.verify_password(db.session.get(User, henk.id), NEW_PASSWORD)


def test_only_the_newest_reset_link_works(app, client, henk):
    _ask(client)
    first = _reset_link(app)
    _ask(client)
    assert _reset_link(app) != first
    assert client.get(first).status_code == 400


def test_a_reset_link_expires_after_an_hour(app, client, henk):
    from wijkplatform.accounts.models import MailedToken

    _ask(client)
    link = _reset_link(app)
    row = db.session.scalar(select(MailedToken))
    assert row.expires_at - row.created_at == timedelta(minutes=60)
    row.expires_at = row.created_at - timedelta(seconds=1)
    db.session.commit()
    assert _choose(client, link).status_code == 410


def test_two_factor_login_stays_on_after_a_reset(app, client):
    user = admin(email="beheer@example.nl")
    db.session.commit()
    _ask(client, user.email)
    _choose(client, _reset_link(app))
    response = client.post("/account/login", data={"email": user.email, "password": NEW_PASSWORD})
    assert response.headers["Location"] == "/account/login/code"
    assert client.get("/account/").status_code == 302


@pytest.mark.parametrize(
    ("password", "again", "message"),
    [
        ("kort", None, "minstens 10 tekens"),
        ("wachtwoord123", None, "te makkelijk"),
        ("henk@example.nl", None, "e-mailadres niet als wachtwoord"),
        (NEW_PASSWORD, "iets anders dan dat", "niet hetzelfde"),
    ],
)
def test_a_weak_new_password_is_refused_beside_the_field_and_the_link_keeps_working(
    app, client, henk, password, again, message
):
    _ask(client)
    link = _reset_link(app)
    response = _choose(client, link, password, again)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="new_password-error"' in html or 'id="new_password_confirm-error"' in html
    assert message in html
    assert _choose(client, link).headers["Location"] == "/account/login"


def test_asking_for_links_is_rate_limited_per_client_and_per_address(make_app):
    app = make_app(MAIL_LINK_RATE_LIMIT="2 per minute")
    with app.app_context():
        client = app.test_client()
        statuses = [_ask(client, f"iemand{n}@example.nl").status_code for n in range(3)]
        assert statuses == [302, 302, 429]
        # The same address from other places: the address's own limit holds.
        statuses = [
            _ask(
                app.test_client(), "henk@example.nl", environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}
            ).status_code
            for n in range(3)
        ]
        assert statuses == [302, 302, 429]
        # "Send the link again" counts for the same address.
        response = app.test_client().post(
            "/account/register/send-again",
            data={"email": "henk@example.nl"},
            environ_base={"REMOTE_ADDR": "10.0.1.1"},
        )
        assert response.status_code == 429


def test_every_address_gets_its_answer_in_the_same_time(make_app):
    """Making a link is a database write an unknown address does not cause: without care the
    time of the answer tells which addresses have an account."""
    app = make_app(RATELIMIT_ENABLED=False)
    with app.app_context():
        UserFactory(email="henk@example.nl")
        db.session.commit()
        client = app.test_client()

        def median(email, rounds=5):
            times = []
            for _ in range(rounds):
                started = time.perf_counter()
                _ask(client, email).close()
                times.append(time.perf_counter() - started)
            return sorted(times)[rounds // 2]

        median("niemand@example.nl", rounds=1)  # warm up
        known, unknown = median("henk@example.nl"), median("niemand@example.nl")
    assert 0.8 < unknown / known < 1.25, (known, unknown)
