"""The demo shows a resident with a full "my input" trail and notifications (issue 17)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from wijkplatform.extensions import db
from wijkplatform.notifications.models import Notification


def test_fatima_follows_her_sentence_to_the_accepted_opgave(app, client):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    client.post(
        "/account/login",
        data={"email": "fatima@lindenhoven.example", "password": "demo-bewoner-2026"},
    )
    page = client.get("/account/contributions").get_data(as_text=True)
    assert "Oudere buren komen de deur niet meer uit" in page
    for step in (
        "Een wijkwerker gaf antwoord.",
        "Gebruikt als onderbouwing in de opgave",
        "is naar de gemeente gegaan",
        "De gemeente heeft de opgave “Opgave Oude Haven 2026",
        "Samengevoegd met “Ouderen in de wijk zijn eenzaam”",
        "zo telt alle steun op één plek",
        "Laatste: Het wijkteam van Oude Haven is ontworpen op de opgave",
    ):
        assert step in page, step

    notifications = client.get("/notifications/").get_data(as_text=True)
    assert "reageerde op “Oudere buren komen de deur niet meer uit”" in notifications
    assert re.search(
        r'<span class="count-badge">\d+<span class="visually-hidden"> ongelezen', notifications
    )


def test_running_the_demo_twice_adds_no_notifications_twice(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo"])
    first = db.session.scalar(select(func.count()).select_from(Notification))
    assert first > 0
    runner.invoke(args=["demo"])
    assert db.session.scalar(select(func.count()).select_from(Notification)) == first
