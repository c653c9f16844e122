"""The mail queue (core/mail.py): a mail is one row in the request's transaction, the
worker sends it through a real SMTP server, a failed try is kept and tried again, and two
workers never send one message twice, nor queue one notification's mail twice."""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select

from tests.factories import ContributionFactory, NeighbourhoodFactory, UserFactory
from tests.security.test_mail_delivery import _register
from tests.smtp_server import text_of
from wijkplatform.core import mail
from wijkplatform.core.db import utcnow
from wijkplatform.core.mail import MailState, OutgoingMail
from wijkplatform.extensions import db
from wijkplatform.notifications import mailing, queries
from wijkplatform.notifications.models import (
    Frequency,
    Notification,
    NotificationKind,
    SubjectType,
)


def _states():
    return dict(
        db.session.execute(
            select(OutgoingMail.state, func.count()).group_by(OutgoingMail.state)
        ).all()
    )


def test_a_registration_queues_its_mail_and_the_worker_delivers_it(make_app, smtp_server):
    app = make_app(REQUIRE_EMAIL_CONFIRMATION=True, **smtp_server.settings())
    with app.app_context():
        neighbourhood_id = NeighbourhoodFactory().id
        db.session.commit()
        response = _register(app.test_client(), neighbourhood_id)
        assert response.headers["Location"] == "/account/register/check-email"
        assert smtp_server.received == []  # the page did not wait for the mail server
        assert _states() == {MailState.QUEUED: 1}

        report = mail.send_queued()

        assert report.sent == 1
        [message] = smtp_server.received
        assert message["To"] == "nieuw@example.nl"
        assert message["Subject"] == "Bevestig je e-mailadres voor Wijkplatform"
        assert "http://localhost/account/confirm/" in text_of(message)
        assert _states() == {MailState.SENT: 1}
        assert mail.send_queued().sent == 0  # sent once, never again


def test_a_refused_mail_is_kept_tried_again_later_and_then_arrives(make_app, smtp_server):
    app = make_app(**smtp_server.settings())
    with app.app_context():
        mail.send("henk@example.nl", "Hallo", "Een bericht.")
        db.session.commit()
        smtp_server.refuse_next(1)

        first = mail.send_queued()

        assert (first.sent, first.retried) == (0, 1)
        row = db.session.scalar(select(OutgoingMail))
        assert row.state == MailState.QUEUED
        assert row.attempts == 1
        assert "451" in row.last_error
        assert mail.send_queued().sent == 0  # not due yet: it waits a minute
        later = mail.send_queued(now=utcnow() + timedelta(minutes=2))
        assert later.sent == 1
        [message] = smtp_server.received
        assert text_of(message).strip() == "Een bericht."


def test_a_server_that_keeps_refusing_leaves_the_mail_as_failed_not_lost(make_app, smtp_server):
    app = make_app(MAIL_MAX_ATTEMPTS=2, **smtp_server.settings())
    with app.app_context():
        mail.send("henk@example.nl", "Hallo", "Een bericht.")
        db.session.commit()
        smtp_server.refuse_next(5)
        mail.send_queued()
        report = mail.send_queued(now=utcnow() + timedelta(hours=1))
        assert report.failed == 1
        row = db.session.scalar(select(OutgoingMail))
        assert (row.state, row.attempts) == (MailState.FAILED, 2)

        smtp_server.refuse_next(0)
        assert mail.retry_failed() == 1
        db.session.commit()
        assert mail.send_queued().sent == 1
        assert len(smtp_server.received) == 1


def test_a_mail_of_a_change_that_was_rolled_back_is_never_sent(make_app, smtp_server):
    app = make_app(**smtp_server.settings())
    with app.app_context():
        mail.send("henk@example.nl", "Hallo", "Een bericht.")
        db.session.rollback()
        assert mail.send_queued().sent == 0
        assert smtp_server.received == []


def test_a_worker_that_died_gives_its_claim_back_after_a_while(make_app, smtp_server):
    app = make_app(**smtp_server.settings())
    with app.app_context():
        row = mail.send("henk@example.nl", "Hallo", "Een bericht.")
        row.state = MailState.SENDING
        row.claimed_by = "dead-worker"
        row.claimed_at = utcnow() - timedelta(minutes=5)
        db.session.commit()
        assert mail.send_queued().sent == 0  # another worker may still be busy with it
        row.claimed_at = utcnow() - timedelta(hours=1)
        db.session.commit()
        assert mail.send_queued().sent == 1


def test_html_and_unsubscribe_header_arrive(make_app, smtp_server):
    app = make_app(**smtp_server.settings())
    with app.app_context():
        mail.send(
            "henk@example.nl",
            "Hallo",
            "Tekst",
            html="<p>HTML</p>",
            unsubscribe_url="http://localhost/u/abc",
        )
        db.session.commit()
        mail.send_queued()
        [message] = smtp_server.received
        assert message["List-Unsubscribe"] == "<http://localhost/u/abc>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "<p>HTML</p>" in message.get_body(preferencelist=("html",)).get_content()


def test_workers_running_at_once_never_send_a_message_twice(make_app, smtp_server):
    app = make_app(**smtp_server.settings())
    with app.app_context():
        for number in range(40):
            mail.send(f"buur{number}@example.nl", f"Bericht {number}", "Tekst")
        db.session.commit()
    reports = []

    def work():
        with app.app_context():
            reports.append(mail.send_queued(batch=3))
            db.session.remove()

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    subjects = sorted(message["Subject"] for message in smtp_server.received)
    assert subjects == sorted(f"Bericht {number}" for number in range(40))
    assert sum(report.sent for report in reports) == 40
    with app.app_context():
        assert _states() == {MailState.SENT: 40}


def test_sent_mail_is_pruned_after_its_days_and_queued_mail_is_kept(make_app, smtp_server):
    app = make_app(**smtp_server.settings())
    with app.app_context():
        mail.send("henk@example.nl", "Oud", "Tekst")
        db.session.commit()
        mail.send_queued()
        mail.send("henk@example.nl", "Wacht nog", "Tekst")
        db.session.commit()
        assert mail.prune(days=30) == 0
        assert mail.prune(days=30, now=utcnow() + timedelta(days=31)) == 1
        db.session.commit()
        assert db.session.scalars(select(OutgoingMail.subject)).all() == ["Wacht nog"]


def test_erasing_an_account_removes_the_mail_to_its_address(make_app):
    from tests.factories import PASSWORD, UserFactory
    from wijkplatform.accounts.personal_data import erase_account

    app = make_app()
    with app.app_context():
        user = UserFactory(email="henk@example.nl")
        mail.send("henk@example.nl", "Voor Henk", "Tekst")
        mail.send("ander@example.nl", "Voor een ander", "Tekst")
        erase_account(user, password=PASSWORD)
        db.session.commit()
        assert db.session.scalars(select(OutgoingMail.subject)).all() == ["Voor een ander"]


def test_a_text_mail_also_arrives_as_html_with_its_links(make_app, smtp_server):
    app = make_app(**smtp_server.settings())
    with app.app_context():
        mail.send(
            "henk@example.nl",
            "Hallo",
            "Hallo Henk & Co,\n\nOpen http://localhost/a?b=1&c=2 <nu>. Of http://localhost/b.",
            locale="en",
        )
        db.session.commit()
        mail.send_queued()
        [message] = smtp_server.received
        html = message.get_body(preferencelist=("html",)).get_content()
        assert '<html lang="en">' in html
        assert "<p>Hallo Henk &amp; Co,</p>" in html
        assert '<a href="http://localhost/a?b=1&amp;c=2">' in html
        assert "&lt;nu&gt;" in html
        assert '<a href="http://localhost/b">http://localhost/b</a>.' in html


@pytest.mark.parametrize(
    ("frequency", "kind"),
    [
        (Frequency.IMMEDIATELY, NotificationKind.CONTRIBUTION_ANSWERED),  # `mail send`
        (Frequency.DAILY, NotificationKind.COMMENT_REPLY),  # `mail digest --daily`
    ],
)
def test_two_workers_queue_each_notification_once(app, monkeypatch, frequency, kind):
    """Two hosts turn the same notifications into mail at the same moment: every person
    gets one mail with each of their notifications in it, never a second one."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: run with TEST_DATABASE_URL")
    people = UserFactory.create_batch(30)
    contribution = ContributionFactory()
    db.session.execute(
        insert(Notification),
        [
            {
                "recipient_id": person.id,
                "kind": kind,
                "subject_type": SubjectType.CONTRIBUTION,
                "subject_id": contribution.id,
                "detail": "1",
                "created_at": utcnow(),
            }
            for person in people
            for _ in range(3)
        ],
    )
    db.session.commit()
    addresses = sorted(person.email for person in people)

    # Both workers have read their first batch before either writes: without a claim they
    # would both build a mail for the same people.
    both_read = threading.Barrier(2, timeout=3)
    things_for = queries.things_for
    first_batch = threading.local()

    def things_for_after_both_read(rows):
        rows = list(rows)
        if not getattr(first_batch, "passed", False):
            first_batch.passed = True
            # Broken: the other worker had nothing to build in its first batch.
            with contextlib.suppress(threading.BrokenBarrierError):
                both_read.wait()
        return things_for(rows)

    monkeypatch.setattr(queries, "things_for", things_for_after_both_read)
    reports = []

    def work():
        with app.app_context():
            reports.append(mailing.queue_mails(frequency, batch=10))
            db.session.remove()

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)

    db.session.commit()  # a fresh snapshot
    assert len(reports) == 2
    assert sorted(db.session.scalars(select(OutgoingMail.to_address))) == addresses
    assert sum(report.people for report in reports) == 30  # each person claimed once
    assert sum(report.mails for report in reports) == 30
    assert sum(report.notifications for report in reports) == 90
    subjects = set(db.session.scalars(select(OutgoingMail.subject)))
    assert all(subject.endswith("(3)") for subject in subjects), subjects  # not split
    waiting = select(func.count()).where(Notification.mailed_at.is_(None))
    assert db.session.scalar(waiting) == 0
    assert mailing.queue_mails(frequency).mails == 0  # and a later run finds nothing
