"""Notification mails through a real SMTP server: right away and in digests, grouped by
what they are about and newest first, in the recipient's language, text and HTML, with a
one-click unsubscribe link that works without logging in (issue 17)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tests.factories import resident
from tests.opgaven.conftest import make_world
from tests.smtp_server import html_of, text_of
from wijkplatform.contributions import services as contribution_services
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation
from wijkplatform.notifications import services as notification_services
from wijkplatform.notifications.models import Frequency, Notification, NotificationKind


def _run(app, *args):
    """`flask mail …` with a session of its own, as from cron."""
    db.session.commit()
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["mail", *args])
        db.session.remove()
    assert result.exit_code == 0, result.output
    return result.output


def _mail_app(make_app, smtp_server):
    app = make_app(**smtp_server.settings())
    return app


def test_an_answer_is_mailed_right_away_in_the_recipients_language(make_app, smtp_server):
    app = _mail_app(make_app, smtp_server)
    with app.app_context():
        world = make_world()
        supporter = resident(world.neighbourhood, display_name="Sam", locale="en")
        contribution_services.set_support(supporter, world.issue, True)
        moderation.answer(world.moderator, world.issue, status="under_consideration", body="Ja.")
        db.session.commit()

        _run(app, "send")

        by_address = {message["To"]: message for message in smtp_server.received}
        assert set(by_address) == {world.author.email, supporter.email}
        dutch = by_address[world.author.email]
        assert dutch["Subject"] == "Wijkplatform: nieuws over je bijdragen (1)"
        assert "Een wijkwerker gaf antwoord op “Ouderen in de wijk zijn eenzaam”" in text_of(dutch)
        link = f"http://localhost/contributions/{world.issue.id}"
        assert link in text_of(dutch)
        assert f'<a href="{link}">' in html_of(dutch)
        english = by_address[supporter.email]
        assert english["Subject"] == "Wijkplatform: news about your contributions (1)"
        assert "A neighbourhood worker answered “Ouderen in de wijk zijn eenzaam”" in text_of(
            english
        )
        _run(app, "send")
        assert len(smtp_server.received) == 2  # once only


def test_the_daily_digest_groups_by_contribution_newest_first(make_app, smtp_server):
    app = _mail_app(make_app, smtp_server)
    with app.app_context():
        world = make_world()
        first = contribution_services.add_comment(world.resident, world.issue, body="Ja.")
        contribution_services.add_comment(world.resident, world.resource, body="Mooi.")
        contribution_services.add_comment(world.moderator, world.issue, body="Klopt.")
        db.session.commit()

        _run(app, "send")
        assert smtp_server.received == []  # reactions come in the daily digest
        assert "Queued 1 mails about 3 notifications." in _run(app, "digest", "--daily")
        _run(app, "send")

        [digest] = smtp_server.received
        assert digest["To"] == world.author.email
        assert digest["Subject"] == "Wijkplatform: wat er vandaag gebeurde (3)"
        text = text_of(digest).replace("\r\n", "\n")
        titles = re.findall(r"^== (.+) ==$", text, re.M)
        assert titles == ["Ouderen in de wijk zijn eenzaam", "Koffieochtend in het buurthuis"]
        assert text.index("Karim reageerde") < text.index("Bewoner reageerde op “Ouderen")
        assert (
            f"http://localhost/contributions/{world.issue.id}?comment={first.id}#comment-{first.id}"
            in text
        )
        assert "<h2>" in html_of(digest)
        _run(app, "digest", "--daily")
        _run(app, "send")
        assert len(smtp_server.received) == 1  # a notification is mailed once


def test_weekly_never_and_already_read_are_left_out_of_the_daily_digest(make_app, smtp_server):
    app = _mail_app(make_app, smtp_server)
    with app.app_context():
        world = make_world()
        weekly = resident(world.neighbourhood, display_name="Wekelijks")
        never = resident(world.neighbourhood, display_name="Nooit")
        reader = resident(world.neighbourhood, display_name="Lezer")
        notification_services.set_frequencies(
            weekly, {NotificationKind.CONTRIBUTION_ANSWERED: Frequency.WEEKLY}
        )
        notification_services.set_frequencies(
            never, {NotificationKind.CONTRIBUTION_ANSWERED: Frequency.NEVER}
        )
        notification_services.set_frequencies(
            reader, {NotificationKind.CONTRIBUTION_ANSWERED: Frequency.DAILY}
        )
        notification_services.set_frequencies(
            world.author, {NotificationKind.CONTRIBUTION_ANSWERED: Frequency.DAILY}
        )
        for person in (weekly, never, reader):
            contribution_services.set_follow(person, world.issue, True)
        moderation.answer(world.moderator, world.issue, status="answered", body="Geregeld.")
        notification_services.mark_read(reader)
        db.session.commit()

        _run(app, "digest", "--daily")
        _run(app, "send")
        assert [m["To"] for m in smtp_server.received] == [world.author.email]

        _run(app, "digest", "--weekly")
        _run(app, "send")
        assert [m["To"] for m in smtp_server.received][1:] == [weekly.email]
        assert "deze week" in smtp_server.received[1]["Subject"]
        unmailed = db.session.scalars(
            select(Notification.recipient_id).where(Notification.mailed_at.is_(None))
        ).all()
        assert unmailed == [never.id]  # the read one is dealt with; "never" is never mailed
        _run(app, "send")
        assert len(smtp_server.received) == 2


def test_the_unsubscribe_link_in_the_mail_stops_that_kind_without_logging_in(make_app, smtp_server):
    app = _mail_app(make_app, smtp_server)
    with app.app_context():
        world = make_world()
        moderation.answer(world.moderator, world.issue, status="answered", body="Geregeld.")
        db.session.commit()
        _run(app, "send")
        [message] = smtp_server.received
        header = message["List-Unsubscribe"].strip("<>")
        assert header in text_of(message)

        response = app.test_client().post(header.removeprefix("http://localhost"))
        assert response.status_code == 200
        assert "Je krijgt geen e-mail meer over" in response.get_data(as_text=True)

        moderation.answer(world.moderator, world.issue, status="included", body="In de opgave.")
        db.session.commit()
        _run(app, "send")
        assert len(smtp_server.received) == 1  # no second mail
        # Still on the notifications page.
        assert (
            db.session.scalar(
                select(db.func.count()).where(Notification.recipient_id == world.author.id)
            )
            == 2
        )


def test_a_refused_notification_mail_is_retried_and_not_lost(make_app, smtp_server):
    app = _mail_app(make_app, smtp_server)
    with app.app_context():
        world = make_world()
        moderation.hide(world.moderator, world.issue, reason="Persoonlijke gegevens.")
        db.session.commit()
        smtp_server.refuse_next(1)
        assert "to retry 1" in _run(app, "send")
        assert smtp_server.received == []
        from wijkplatform.core import mail

        assert mail.send_queued(now=utcnow() + timedelta(minutes=5)).sent == 1
        [message] = smtp_server.received
        assert "Reden: Persoonlijke gegevens." in text_of(message)


def test_a_moderator_gets_a_link_to_act_on_a_report(make_app, smtp_server):
    app = _mail_app(make_app, smtp_server)
    with app.app_context():
        world = make_world()
        comment = contribution_services.add_comment(world.author, world.issue, body="Hmm.")
        moderation.flag(world.resident, comment, reason="offensive")
        db.session.commit()
        _run(app, "send")
        to_karim = [m for m in smtp_server.received if m["To"] == world.moderator.email]
        assert len(to_karim) == 1
        link = f"http://localhost/moderation/oude-haven/comment/{comment.id}"
        assert link in text_of(to_karim[0])


def test_the_right_away_pass_does_not_read_rows_waiting_for_a_digest(app):
    from wijkplatform.notifications import mailing

    world = make_world()
    for _ in range(3):
        contribution_services.add_comment(resident(world.neighbourhood), world.issue, body="Ja.")
    db.session.commit()
    assert mailing.queue_mails(Frequency.IMMEDIATELY).people == 0
    assert mailing.queue_mails(Frequency.DAILY).people == 1
