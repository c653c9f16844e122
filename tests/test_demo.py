"""`flask demo` loads a realistic municipality, and running it twice adds nothing twice."""

from __future__ import annotations

from sqlalchemy import func, select

from wijkplatform.accounts.models import Membership, Role, User
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Municipality, Neighbourhood


def _counts():
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Municipality, Neighbourhood, User, Membership)
    }


def test_demo_has_a_municipality_neighbourhoods_and_every_role(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output

    counts = _counts()
    assert counts["Municipality"] == 1
    assert counts["Neighbourhood"] >= 3
    roles = set(db.session.scalars(select(Membership.role)))
    assert roles == {Role.RESIDENT, Role.MODERATOR, Role.REVIEWER, Role.ADMIN}
    # Every login is printed with its password, and each one works.
    assert "beheer@lindenhoven.example" in result.output
    assert "demo-wijkwerker-2026" in result.output


def test_demo_logins_printed_by_the_command_work(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    client = app.test_client()
    logins = [
        line.split()[-2:]
        for line in result.output.splitlines()
        if len(line.split()) >= 2 and line.split()[-2].endswith("@lindenhoven.example")
    ]
    # One login per role at least, so the loop below cannot pass by trying nothing.
    assert len(logins) >= 4, result.output
    for email, password in logins:
        response = client.post("/account/login", data={"email": email, "password": password})
        assert response.status_code == 302, email
        assert response.headers["Location"] != "/account/login", email
        client.post("/account/logout")


def test_running_the_demo_twice_adds_nothing_twice(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    first = _counts()
    second_run = runner.invoke(args=["demo"])
    assert second_run.exit_code == 0
    assert _counts() == first
    assert "0 new" in second_run.output
