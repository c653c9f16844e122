"""A resident downloads all their personal data and can erase their account: afterwards
no e-mail address, name or IP address of theirs is left anywhere in the database."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import String, Text, select

from tests.factories import PASSWORD, NeighbourhoodFactory, UserFactory, moderator, resident
from wijkplatform.accounts import personal_data
from wijkplatform.accounts.models import Membership, User
from wijkplatform.core import registries
from wijkplatform.extensions import db

EMAIL = "henk.de.vries@example.nl"
NAME = "Henk de Vries"
CLIENT_IP = "203.0.113.77"


@pytest.fixture
def henk(app):
    neighbourhood = NeighbourhoodFactory(name="Lombok")
    user = resident(neighbourhood, email=EMAIL, display_name=NAME)
    db.session.commit()
    return user


def test_data_page_offers_download_and_erasure(client, henk, login):
    login(henk)
    html = client.get("/account/data").get_data(as_text=True)
    assert "/account/data/export.json" in html
    assert 'action="/account/data/erase"' in html


def test_export_holds_account_and_memberships(client, henk, login):
    login(henk)
    response = client.get("/account/data/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == EMAIL
    assert data["account"]["display_name"] == NAME
    assert "password_hash" not in json.dumps(data) and "totp" not in json.dumps(data).lower()
    assert data["memberships"] == [
        {
            "role": "resident",
            "neighbourhood": "Lombok",
            "municipality": None,
            "since": data["memberships"][0]["since"],
        }
    ]


def test_export_is_only_ever_the_own_data(client, henk, login):
    other = UserFactory(email="ander@example.nl")
    login(other)
    data = json.loads(client.get("/account/data/export.json").get_data(as_text=True))
    assert EMAIL not in json.dumps(data)
    assert (
        client.get(f"/account/data/export.json?user_id={henk.id}")
        .get_data(as_text=True)
        .count(EMAIL)
        == 0
    )


def test_visitor_cannot_export(client):
    assert client.get("/account/data/export.json").status_code == 302


def test_higher_features_plug_in_their_own_exporters(app, henk):
    registries.register_exporter(app, "plug_in_test", lambda user: [{"title": "Bankje"}])
    with pytest.raises(ValueError):
        registries.register_exporter(app, "plug_in_test", lambda user: [])
    data = personal_data.export_personal_data(henk)
    assert data["plug_in_test"] == [{"title": "Bankje"}]


def _all_text_values():
    """Every value of every text column of every table, straight from the database."""
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            if not columns:
                continue
            for row in connection.execute(select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    if value is not None:
                        yield table.name, column.name, str(value)


def test_erasure_leaves_no_email_name_or_ip_in_the_database(client, henk, login):
    login(henk)
    client.get("/account/", environ_base={"REMOTE_ADDR": CLIENT_IP})
    erased_eraser_calls = []
    registries.register_eraser(client.application, lambda user: erased_eraser_calls.append(user.id))
    user_id = henk.id

    response = client.post(
        "/account/data/erase",
        data={"password": PASSWORD, "confirm": "y"},
        environ_base={"REMOTE_ADDR": CLIENT_IP},
    )

    assert response.headers["Location"] == "/"
    assert client.get("/account/").status_code == 302  # logged out
    leaks = [
        (table, column)
        for table, column, value in _all_text_values()
        if any(secret.lower() in value.lower() for secret in (EMAIL, NAME, CLIENT_IP, "henk"))
    ]
    assert leaks == []
    db.session.expire_all()
    tombstone = db.session.get(User, user_id)
    assert tombstone.email == f"erased-{user_id}@invalid"
    assert tombstone.erased_at is not None and not tombstone.active
    assert str(tombstone.public_name) == "voormalig bewoner"
    assert db.session.scalars(select(Membership).where(Membership.user_id == user_id)).all() == []
    assert erased_eraser_calls == [user_id]  # higher features' erasers ran


def test_erased_account_cannot_log_in_with_the_old_or_any_password(client, henk):
    personal_data.erase_account(henk, password=PASSWORD)
    db.session.commit()
    for email in (EMAIL, henk.email):
        response = client.post("/account/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 422


def test_erasure_needs_the_password_and_the_tick(client, henk, login):
    login(henk)
    response = client.post("/account/data/erase", data={"password": "fout", "confirm": "y"})
    assert response.status_code == 422
    assert 'id="password-error"' in response.get_data(as_text=True)
    response = client.post("/account/data/erase", data={"password": PASSWORD})
    assert response.status_code == 422
    assert 'id="confirm-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, henk.id).email == EMAIL


def test_other_accounts_are_untouched_by_an_erasure(app, henk):
    other = moderator(NeighbourhoodFactory(), email="wijkwerker@example.nl")
    db.session.commit()
    personal_data.erase_account(henk, password=PASSWORD)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(User, other.id).email == "wijkwerker@example.nl"
    assert len(db.session.get(User, other.id).memberships) == 1


def test_export_holds_everything_the_resident_wrote_supported_followed_and_reported(
    client, henk, login
):
    from datetime import date, timedelta

    from tests.factories import ContributionFactory
    from wijkplatform.accounts import services as account_services
    from wijkplatform.contributions import services as contribution_services
    from wijkplatform.moderation import services as moderation_services
    from wijkplatform.opgaven import services as opgave_services

    neighbourhood = henk.memberships[0].neighbourhood
    own = contribution_services.create_contribution(
        henk,
        neighbourhood=neighbourhood,
        kind="potential",
        title="Samen koken op vrijdag",
        body="Ik kook graag voor buren.",
        categories=["community"],
    )
    other = ContributionFactory(neighbourhood=neighbourhood, title="Een bijdrage van een ander")
    contribution_services.add_comment(henk, other, body="Goed plan, ik doe mee.")
    contribution_services.set_support(henk, other, True)
    contribution_services.set_follow(henk, other, True)
    moderation_services.flag(henk, other, reason="other", text="Dit klopt niet.")
    account_services.register_organisation(
        henk,
        name="Kookclub Lombok",
        kind="association",
        neighbourhood_id=neighbourhood.id,
        offers="Samen eten.",
        contact="kookclub@example.nl",
        kvk_number=None,
    )
    worker = moderator(neighbourhood)
    opgave = opgave_services.create_opgave(worker, neighbourhood, title="Opgave Lombok")
    opgave_services.open_reactions(
        worker, opgave, until=date.today() + timedelta(days=3), today=date.today()
    )
    opgave_services.react(henk, opgave, {"whole": ("yes", "Herkenbaar")}, today=date.today())
    moderation_services.block(
        worker,
        henk,
        neighbourhood,
        until=date.today() + timedelta(days=7),
        reason="Te veel berichten op een dag.",
    )
    db.session.commit()
    login(henk)
    data = json.loads(client.get("/account/data/export.json").get_data(as_text=True))
    assert [c["title"] for c in data["contributions"]] == [own.title]
    assert [c["body"] for c in data["comments"]] == ["Goed plan, ik doe mee."]
    assert [s["contribution_id"] for s in data["supports"]] == [other.id]
    assert [f["contribution_id"] for f in data["follows"]] == [other.id]
    assert [r["explanation"] for r in data["reports"]] == ["Dit klopt niet."]
    assert [b["reason"] for b in data["blocks"]] == ["Te veel berichten op een dag."]
    assert [o["name"] for o in data["organisations"]] == ["Kookclub Lombok"]
    assert [r["comment"] for r in data["opgave_reactions"]] == ["Herkenbaar"]
