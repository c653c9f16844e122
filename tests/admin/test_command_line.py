"""`flask users create` gives roles the admin area gives too: they land in the same audit
log (moderation_event about the person), with "the command line" as who did it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.factories import NeighbourhoodFactory, admin
from wijkplatform.accounts.models import User
from wijkplatform.extensions import db
from wijkplatform.moderation.models import Action, ModerationEvent


def _create(app, *args):
    return app.test_cli_runner().invoke(
        args=["users", "create", "--password", "lange zomeravond", *args]
    )


def _events_about(email):
    user = db.session.scalar(select(User).where(User.email == email))
    return db.session.scalars(
        select(ModerationEvent).where(
            ModerationEvent.target_type == "user", ModerationEvent.target_id == user.id
        )
    ).all()


def test_an_admin_made_on_the_command_line_is_in_the_audit_log(app, client, login):
    result = _create(
        app, "--email", "beheer@gemeente.example", "--role", "admin", "--reason", "Installatie"
    )
    assert result.exit_code == 0, result.output
    [event] = _events_about("beheer@gemeente.example")
    assert event.action == Action.ADMIN_GRANTED
    assert event.actor_id is None and event.by_command_line
    assert "Installatie" in event.reason

    # Another administrator sees who did it on the person's page in the admin area.
    login(admin(display_name="Beheerder Bea"))
    user_id = db.session.scalar(select(User.id).where(User.email == "beheer@gemeente.example"))
    page = client.get(f"/admin/users/{user_id}").get_data(as_text=True)
    row = page.split('id="admin-event-', 1)[1].split("</tr>", 1)[0]
    assert "de opdrachtregel" in row
    assert ">het platform<" not in row
    assert "Installatie" in row


def test_a_neighbourhood_worker_role_names_the_neighbourhood_and_is_logged_once(app):
    neighbourhood = NeighbourhoodFactory(slug="lombok")
    db.session.commit()
    args = ["--email", "werker@gemeente.example", "--role", "moderator"]
    assert _create(app, *args, "--neighbourhood", "lombok").exit_code == 0
    [event] = _events_about("werker@gemeente.example")
    assert event.action == Action.MODERATOR_GRANTED
    assert event.neighbourhood_id == neighbourhood.id
    assert "flask users create" in event.reason  # the default reason

    # The same role again changes nothing and logs nothing.
    assert _create(app, *args, "--neighbourhood", "lombok").exit_code == 0
    assert len(_events_about("werker@gemeente.example")) == 1


def test_a_resident_account_writes_no_role_event(app):
    NeighbourhoodFactory(slug="lombok")
    db.session.commit()
    result = _create(
        app, "--email", "bewoner@example.nl", "--role", "resident", "--neighbourhood", "lombok"
    )
    assert result.exit_code == 0, result.output
    assert _events_about("bewoner@example.nl") == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_empty_reason_is_refused_and_nothing_is_saved(app, reason):
    result = _create(
        app, "--email", "beheer@gemeente.example", "--role", "admin", "--reason", reason
    )
    assert result.exit_code != 0
    assert "reason" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0
    assert db.session.scalar(select(func.count(ModerationEvent.id))) == 0
