"""Mail that cannot be sent, and mail that is not sent (issue 14, point 8; issue 17): mail is
queued with the change and sent by the worker, so a mail server that refuses never gives a
500, never loses the message and never makes a page wait; without a mail server the links
are written where a developer reads them, and never to the log at INFO."""

from __future__ import annotations

import logging
import socket
import stat
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import mailed_link
from tests.factories import PASSWORD, NeighbourhoodFactory, UserFactory
from wijkplatform.accounts.models import User
from wijkplatform.core import mail
from wijkplatform.core.db import utcnow
from wijkplatform.core.mail import MailState, OutgoingMail
from wijkplatform.extensions import db

NEW = "lange wandeling langs de haven"


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def refusing_mail_server(make_app):
    app = make_app(
        REQUIRE_EMAIL_CONFIRMATION=True,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=_closed_port(),
        MAIL_USE_TLS=False,
    )
    with app.app_context():
        app.neighbourhood_id = NeighbourhoodFactory().id
        db.session.commit()
        yield app


def _register(client, neighbourhood_id, email="nieuw@example.nl"):
    return client.post(
        "/account/register",
        data={
            "email": email,
            "display_name": "Nieuwe buur",
            "password": NEW,
            "password_confirm": NEW,
            "neighbourhood_id": str(neighbourhood_id),
        },
    )


def test_a_refusing_mail_server_keeps_the_registration_and_the_mail_until_it_works(
    refusing_mail_server, caplog
):
    app = refusing_mail_server
    client = app.test_client()
    response = _register(client, app.neighbourhood_id)

    assert response.status_code == 302
    assert response.headers["Location"] == "/account/register/check-email"
    assert db.session.scalar(select(func.count()).where(User.email == "nieuw@example.nl")) == 1
    assert mail.send_queued().retried == 1
    assert "mail could not be sent (ConnectionRefusedError)" in caplog.text
    row = db.session.scalar(select(OutgoingMail))
    assert row.state == MailState.QUEUED
    assert row.last_error.startswith("ConnectionRefusedError")

    # Once the server works again, the next run of the worker sends the link, which confirms.
    app.config["MAIL_SERVER"] = ""
    assert mail.send_queued(now=utcnow() + timedelta(minutes=2)).sent == 1
    assert client.post(mailed_link(app, "/account/confirm/")).status_code == 302


def test_a_refusing_mail_server_never_changes_the_address_nor_fails_the_page(
    refusing_mail_server,
):
    app = refusing_mail_server
    user = UserFactory(email="henk@example.nl")
    db.session.commit()
    client = app.test_client()
    client.post("/account/login", data={"email": user.email, "password": PASSWORD})

    response = client.post(
        "/account/email", data={"email": "henk@nieuw.example", "current_password": PASSWORD}
    )

    assert response.status_code == 302
    page = client.get("/account/").get_data(as_text=True)
    assert "We hebben een link gestuurd naar henk@nieuw.example" in page
    assert mail.send_queued().retried == 2  # the link and the notice wait for the server
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "henk@example.nl"


def test_a_refusing_mail_server_does_not_fail_the_forgotten_password_page(refusing_mail_server):
    app = refusing_mail_server
    UserFactory(email="henk@example.nl")
    db.session.commit()
    response = app.test_client().post("/account/password/forgot", data={"email": "henk@example.nl"})
    response.close()  # the mail is sent once the response has gone out
    assert response.headers["Location"] == "/account/password/forgot/sent"


@pytest.fixture
def slow_mail_server():
    """Accepts connections and says nothing for two seconds, as an overloaded server does."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    connections = []

    def serve():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            connections.append(connection)
            time.sleep(2)
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()


def test_the_forgotten_password_answer_does_not_wait_for_the_mail_server(
    make_app, slow_mail_server
):
    """The time a mail takes would tell which addresses have an account."""
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=slow_mail_server, MAIL_USE_TLS=False)
    with app.app_context():
        UserFactory(email="henk@example.nl")
        db.session.commit()
        client = app.test_client()
        timings = {}
        for email in ("henk@example.nl", "niemand@example.nl"):
            started = time.perf_counter()
            response = client.post("/account/password/forgot", data={"email": email})
            timings[email] = time.perf_counter() - started
            assert response.headers["Location"] == "/account/password/forgot/sent"
            response.close()
        # A mail waits for the account, and none for the address without one.
        assert db.session.scalars(select(OutgoingMail.to_address)).all() == ["henk@example.nl"]
    assert timings["henk@example.nl"] < 1.0, timings


def _info_lines_with(caplog, secrets: list[str]) -> list[str]:
    info = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    return [line for line in info if any(secret in line for secret in secrets)]


def test_without_a_mail_server_no_link_reaches_the_log_at_info(make_app, caplog):
    app = make_app(REQUIRE_EMAIL_CONFIRMATION=True)
    caplog.set_level(logging.DEBUG)
    with app.app_context():
        neighbourhood_id = NeighbourhoodFactory().id
        UserFactory(email="henk@example.nl")
        db.session.commit()
        client = app.test_client()
        _register(client, neighbourhood_id)
        confirm = mailed_link(app, "/account/confirm/").rsplit("/", 1)[1]
        assert _info_lines_with(caplog, [confirm, "nieuw@example.nl"]) == []
        assert "mail not sent" in caplog.text  # the log says that a mail was made
        debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
        assert any(confirm in line for line in debug)  # where a developer looks for it

        client.post("/account/password/forgot", data={"email": "henk@example.nl"}).close()
        reset = mailed_link(app, "/account/password/reset/").rsplit("/", 1)[1]
        assert _info_lines_with(caplog, [reset, "henk@example.nl"]) == []


def test_without_a_mail_server_mails_are_files_only_the_owner_can_read(make_app, tmp_path, caplog):
    outbox_dir = tmp_path / "outbox"
    app = make_app(MAIL_OUTBOX_DIR=str(outbox_dir))
    caplog.set_level(logging.INFO)
    with app.app_context():
        UserFactory(email="henk@example.nl")
        db.session.commit()
        app.test_client().post(
            "/account/password/forgot", data={"email": "henk@example.nl"}
        ).close()
        link = mailed_link(app, "/account/password/reset/")
    [written] = list(outbox_dir.iterdir())
    assert written.suffix == ".eml"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert f"http://localhost{link}" in written.read_text()
    assert "To: henk@example.nl" in written.read_text()
    assert link.rsplit("/", 1)[1] not in caplog.text
    assert str(written) in caplog.text  # the log says where it is
