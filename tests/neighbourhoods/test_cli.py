"""Command-line set-up of municipalities, neighbourhoods and accounts."""

from __future__ import annotations

from sqlalchemy import select

from wijkplatform.accounts import permissions
from wijkplatform.accounts.models import User
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Neighbourhood


def _run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_municipality_neighbourhood_and_moderator_from_the_command_line(app):
    assert (
        _run(app, "municipalities", "create", "--name", "Baarn", "--code", "GM0308").exit_code == 0
    )
    result = _run(
        app, "neighbourhoods", "create", "--municipality", "GM0308", "--name", "Baarn-Noord",
        "--code", "WK030801",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "/neighbourhoods/baarn-noord/" in result.output

    result = _run(
        app, "users", "create", "--email", "Wijkwerker@Baarn.example", "--role", "moderator",
        "--neighbourhood", "baarn-noord", "--password", "lange zomeravond",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    neighbourhood = db.session.scalar(select(Neighbourhood))
    assert user.email == "wijkwerker@baarn.example"
    assert permissions.is_moderator_of(user, neighbourhood)


def test_password_is_asked_when_not_given(app):
    _run(app, "municipalities", "create", "--name", "Baarn", "--code", "GM0308")
    result = _run(
        app, "users", "create", "--email", "gemeente@baarn.example", "--role", "reviewer",
        "--municipality", "GM0308", input="lange zomeravond\nlange zomeravond\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User.email)) == "gemeente@baarn.example"


def test_bad_input_on_the_command_line_gets_a_clear_message_and_saves_nothing(app):
    result = _run(app, "municipalities", "create", "--name", "Baarn", "--code", "0308")
    assert result.exit_code != 0
    assert "GM" in result.output

    result = _run(
        app, "users", "create", "--email", "x@example.nl", "--role", "moderator",
        "--neighbourhood", "bestaat-niet", "--password", "lange zomeravond",
    )  # fmt: skip
    assert result.exit_code != 0
    assert "bestaat-niet" in result.output
    assert db.session.scalar(select(User)) is None

    result = _run(
        app, "users", "create", "--email", "x@example.nl", "--role", "reviewer",
        "--password", "lange zomeravond",
    )  # fmt: skip
    assert result.exit_code != 0
    assert db.session.scalar(select(User)) is None
