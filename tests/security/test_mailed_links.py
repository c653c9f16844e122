"""Links in mail (issue 14, point 1): a confirmation link confirms an address once and is then
spent; no mailed link signs anybody in, gets past two-factor login or counts as a fresh
password check; changing the address or the password voids older links; a link made for
one purpose does not work for another; and two browsers using a link at the same moment
cannot both succeed."""

from __future__ import annotations

import hashlib
import http.cookiejar
import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.conftest import mailed_link, sent_mails
from tests.factories import PASSWORD, TOTP_SECRET, NeighbourhoodFactory, UserFactory, membership
from wijkplatform.accounts import services, sessions
from wijkplatform.accounts.models import Role, User
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Neighbourhood

OWNER_PASSWORD = "lange wandeling langs de haven"


@pytest.fixture
def confirming(make_app):
    app = make_app(REQUIRE_EMAIL_CONFIRMATION=True)
    with app.app_context():
        neighbourhood = NeighbourhoodFactory()
        db.session.commit()
        app.neighbourhood_id = neighbourhood.id
        yield app


def _register(app, email="eigenaar@example.nl", name="Eigenaar") -> str:
    """Register through the form in a browser of its own; the confirmation link's path."""
    response = app.test_client().post(
        "/account/register",
        data={
            "email": email,
            "display_name": name,
            "password": OWNER_PASSWORD,
            "password_confirm": OWNER_PASSWORD,
            "neighbourhood_id": str(app.neighbourhood_id),
        },
    )
    assert response.headers["Location"] == "/account/register/check-email"
    return mailed_link(app, "/account/confirm/", to=email)


def _account(email="eigenaar@example.nl") -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def _session_of(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def _signed_in_as(client):
    """The display name on the account page, or None when the browser is not logged in."""
    response = client.get("/account/")
    if response.status_code != 200:
        return None
    return response.get_data(as_text=True)


def test_a_confirmation_link_opened_in_two_browsers_works_once_and_logs_nobody_in(confirming):
    link = _register(confirming)
    first, second = confirming.test_client(), confirming.test_client()

    assert first.post(link).headers["Location"] == "/account/login"
    assert _account().email_confirmed_at is not None

    page = second.get(link)
    assert page.status_code == 410
    assert "Deze link is al gebruikt" in page.get_data(as_text=True)
    assert second.post(link).status_code == 410
    for browser in (first, second):
        assert _signed_in_as(browser) is None
        assert sessions.USER_ID_KEY not in _session_of(browser)


def test_opening_the_page_of_a_link_does_not_use_it_up(confirming):
    """Mail scanners and link previews fetch links with GET: only the button uses a link."""
    link = _register(confirming)
    scanner = confirming.test_client()
    assert scanner.get(link).status_code == 200
    assert scanner.get(link).status_code == 200
    assert _account().email_confirmed_at is None
    assert confirming.test_client().post(link).status_code == 302


def test_a_used_link_stays_dead_after_password_change_logout_and_two_factor(confirming, login):
    """The issue's case: the link still logged in after all this, past two-factor login."""
    link = _register(confirming)
    owner = confirming.test_client()
    owner.post(link)
    owner.post("/account/login", data={"email": "eigenaar@example.nl", "password": OWNER_PASSWORD})
    owner.post(
        "/account/password",
        data={
            "current_password": OWNER_PASSWORD,
            "new_password": "een heel nieuw wachtwoord",
            "new_password_confirm": "een heel nieuw wachtwoord",
        },
    )
    user = _account()
    neighbourhood = db.session.get(Neighbourhood, confirming.neighbourhood_id)
    membership(user, Role.MODERATOR, neighbourhood=neighbourhood)  # may use two-factor
    user.totp_secret = TOTP_SECRET
    db.session.commit()
    owner.post("/account/logout")

    attacker = confirming.test_client()
    assert attacker.get(link).status_code == 410
    assert attacker.post(link).status_code == 410
    assert _signed_in_as(attacker) is None
    assert sessions.AUTH_AT_KEY not in _session_of(attacker)


@pytest.mark.parametrize("change", ["password", "email"])
def test_an_unused_link_dies_when_the_address_or_password_changes(confirming, change):
    link = _register(confirming)
    user = _account()
    if change == "password":
        user.password_hash = services.hash_password("een heel ander wachtwoord")
    else:
        user.email = "ander-adres@example.nl"
    db.session.commit()
    browser = confirming.test_client()
    response = browser.post(link)
    assert response.status_code == 400
    assert "werkt niet meer" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).email_confirmed_at is None
    assert _signed_in_as(browser) is None


def test_a_confirmation_never_logs_in_an_account_with_two_factor_nor_marks_a_fresh_password(
    confirming,
):
    link = _register(confirming)
    user = _account()
    user.totp_secret = TOTP_SECRET
    db.session.commit()
    browser = confirming.test_client()
    browser.get(link)
    response = browser.post(link)
    assert response.headers["Location"] == "/account/login"
    session = _session_of(browser)
    assert sessions.USER_ID_KEY not in session
    assert sessions.AUTH_AT_KEY not in session  # never counts as re-authentication
    assert browser.get("/account/two-factor").headers["Location"].startswith("/account/login")


def test_a_victim_who_opens_an_attackers_link_stays_in_their_own_account(confirming):
    attackers_link = _register(confirming, "aanvaller@example.nl", "Aanvaller")
    victim = UserFactory(email="slachtoffer@example.nl", display_name="Slachtoffer")
    db.session.commit()
    browser = confirming.test_client()
    browser.post("/account/login", data={"email": victim.email, "password": PASSWORD})
    assert "Slachtoffer" in _signed_in_as(browser)

    browser.get(attackers_link)
    response = browser.post(attackers_link)

    assert response.status_code == 302
    page = _signed_in_as(browser)
    assert "Slachtoffer" in page and "Aanvaller" not in page
    assert "aanvaller@example.nl" not in page


def test_a_link_of_one_purpose_does_not_work_for_another(confirming):
    from wijkplatform.accounts import mailed_links
    from wijkplatform.accounts.models import LinkPurpose

    link = _register(confirming)
    token = link.rsplit("/", 1)[1]
    browser = confirming.test_client()
    assert browser.get(f"/account/password/reset/{token}").status_code == 400
    assert browser.get(f"/account/email/confirm/{token}").status_code == 400
    reset = mailed_links.issue(_account(), LinkPurpose.RESET_PASSWORD)
    db.session.commit()
    assert browser.post(f"/account/confirm/{reset}").status_code == 400
    assert _account().email_confirmed_at is None


def test_links_in_mail_point_at_the_public_address_not_at_the_request_host(make_app):
    app = make_app(REQUIRE_EMAIL_CONFIRMATION=True, PUBLIC_URL="https://wijk.example/")
    with app.app_context():
        app.neighbourhood_id = NeighbourhoodFactory().id
        UserFactory(email="henk@example.nl")
        db.session.commit()
        client = app.test_client()
        _register(app, "nieuw@example.nl")
        client.post("/account/password/forgot", data={"email": "henk@example.nl"}).close()
        bodies = [sent.body for sent in sent_mails(app)]
    assert "https://wijk.example/account/confirm/" in bodies[-2]
    assert "https://wijk.example/account/password/reset/" in bodies[-1]
    assert not any("http://localhost" in body for body in bodies)


def test_only_a_hash_of_the_token_is_stored(confirming):
    from wijkplatform.accounts.models import MailedToken

    link = _register(confirming)
    token = link.rsplit("/", 1)[1]
    row = db.session.scalar(select(MailedToken))
    stored = " ".join(str(getattr(row, column.key)) for column in MailedToken.__table__.columns)
    assert token not in stored
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_erasing_the_account_removes_its_links_and_the_addresses_in_them(app, client, login):
    from wijkplatform.accounts.models import MailedToken

    user = UserFactory(email="henk@example.nl")
    db.session.commit()
    login(user)
    client.post("/account/email", data={"email": "nieuw@example.nl", "current_password": PASSWORD})
    assert db.session.scalar(select(MailedToken.email)) == "nieuw@example.nl"
    export = client.get("/account/data/export.json").get_json()
    assert export["mailed_links"][0]["sent_to"] == "nieuw@example.nl"

    client.post("/account/data/erase", data={"password": PASSWORD, "confirm": "y"})

    assert db.session.scalars(select(MailedToken)).all() == []


# --- two browsers at the same moment -----------------------------------------------------


@pytest.fixture
def live_server(make_app):
    app = make_app(REQUIRE_EMAIL_CONFIRMATION=True, RATELIMIT_ENABLED=False)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


BROWSERS = 8


def test_browsers_that_use_the_same_link_at_the_same_moment_cannot_both_succeed(live_server):
    app, base_url = live_server
    with app.app_context():
        app.neighbourhood_id = NeighbourhoodFactory().id
        db.session.commit()
        link = _register(app, "tegelijk@example.nl")
        url = base_url + link
        barrier = threading.Barrier(BROWSERS)
        answers: list[str] = []

        def open_link():
            opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
            )
            barrier.wait(timeout=30)
            try:
                with opener.open(url, data=b"", timeout=60) as response:
                    answers.append(str(response.status))
            except urllib.error.HTTPError as error:
                answers.append(str(error.code))
            except Exception as error:  # pragma: no cover - reported below
                answers.append(repr(error))

        threads = [threading.Thread(target=open_link) for _ in range(BROWSERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

        assert Counter(answers) == {"302": 1, "410": BROWSERS - 1}, answers
        assert _account("tegelijk@example.nl").email_confirmed_at is not None
