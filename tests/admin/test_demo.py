"""The demo's admin sees the demo's people on the user screen."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.factories import TOTP_SECRET
from wijkplatform.accounts.models import User
from wijkplatform.accounts.services import find_user_by_email
from wijkplatform.demo.people import PEOPLE
from wijkplatform.extensions import db

ADMIN = next(person for person in PEOPLE if person["label"] == "admin")


def test_demo_admin_sees_the_demo_people_with_their_roles(app, client, login):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "/admin/users/" in result.output
    boss = find_user_by_email(ADMIN["email"])
    boss.totp_secret = TOTP_SECRET  # the demo admin sets this up at the first login
    login(boss, password=ADMIN["password"])

    page = client.get("/admin/users/").get_data(as_text=True)
    people = db.session.scalar(select(func.count(User.id)).where(User.erased_at.is_(None)))
    assert f"{people} personen" in page
    for person in PEOPLE:
        found = client.get("/admin/users/", query_string={"q": person["email"]})
        rows = re.findall(
            r'<tr[^>]*id="admin-user-\d+">[\s\S]*?</tr>', found.get_data(as_text=True)
        )
        assert len(rows) == 1, person["email"]
        assert person["display_name"] in rows[0]
    worker = find_user_by_email("wijkwerker@lindenhoven.example")
    detail = client.get(f"/admin/users/{worker.id}").get_data(as_text=True)
    assert "wijkwerker (moderator) (Oude Haven)" in detail
