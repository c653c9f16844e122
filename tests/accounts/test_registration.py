"""Registering as a resident: the happy path and every kind of bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.factories import NeighbourhoodFactory, UserFactory
from wijkplatform.accounts import services
from wijkplatform.accounts.models import Membership, Role, User
from wijkplatform.accounts.services import registration
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db


@pytest.fixture
def neighbourhood(app):
    neighbourhood = NeighbourhoodFactory(name="Oude Haven", slug="oude-haven")
    db.session.commit()
    return neighbourhood


def _form(neighbourhood, **changes):
    data = {
        "email": "Fatima@Example.nl",
        "display_name": "Fatima",
        "neighbourhood_id": str(neighbourhood.id),
        "password": "lange zomeravond",
        "password_confirm": "lange zomeravond",
    }
    data.update(changes)
    return data


def _user_count():
    return db.session.scalar(select(func.count()).select_from(User))


def test_resident_registers_and_is_logged_in_as_resident_of_their_neighbourhood(
    client, neighbourhood
):
    response = client.post("/account/register", data=_form(neighbourhood))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/")

    user = db.session.scalar(select(User))
    assert user.email == "fatima@example.nl"  # stored lower-cased
    assert user.password_hash != "lange zomeravond"
    assert user.password_hash.startswith("scrypt:")
    assert [(m.role, m.neighbourhood_id) for m in user.memberships] == [
        (Role.RESIDENT, neighbourhood.id)
    ]
    overview = client.get("/account/").get_data(as_text=True)
    assert "Fatima" in overview and "Oude Haven" in overview


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": ""}, "email", "Vul je e-mailadres in"),
        ({"email": "geen-adres"}, "email", "Vul een geldig e-mailadres in"),
        ({"email": "a" * 250 + "@x.nl"}, "email", "Dit e-mailadres is te lang"),
        ({"display_name": ""}, "display_name", "Vul een naam in"),
        ({"display_name": "F"}, "display_name", "Gebruik minstens 2 tekens"),
        ({"display_name": "x" * 51}, "display_name", "Gebruik hoogstens 50 tekens"),
        ({"display_name": "naam@example.nl"}, "display_name", "e-mailadres"),
        ({"display_name": "Evil\u202egnp.exe"}, "display_name", "gewone leestekens"),
        ({"neighbourhood_id": "0"}, "neighbourhood_id", "Kies je wijk"),
        ({"neighbourhood_id": "99999"}, "neighbourhood_id", ""),
        ({"password": "kort", "password_confirm": "kort"}, "password", "minstens 10 tekens"),
        ({"password": "aaaaaaaaaaaa", "password_confirm": "aaaaaaaaaaaa"}, "password",
         "te makkelijk"),
        ({"password_confirm": "iets anders!"}, "password_confirm", "niet hetzelfde"),
    ],
)  # fmt: skip
def test_bad_registration_shows_message_beside_field_keeps_text_and_saves_nothing(
    client, neighbourhood, changes, field, message
):
    response = client.post("/account/register", data=_form(neighbourhood, **changes))
    html = response.get_data(as_text=True)

    assert response.status_code == 422
    assert f'id="{field}-error"' in html
    assert message in html
    assert 'aria-invalid="true"' in html
    assert 'id="error-summary"' in html
    # What the resident typed is still there (passwords excepted, by design).
    if field != "email":
        assert 'value="Fatima@Example.nl"' in html
    if field != "display_name":
        assert 'value="Fatima"' in html
    assert _user_count() == 0
    assert db.session.scalar(select(func.count()).select_from(Membership)) == 0


def test_same_email_in_other_letter_case_is_refused(client, neighbourhood):
    UserFactory(email="fatima@example.nl")
    db.session.commit()

    response = client.post(
        "/account/register", data=_form(neighbourhood, email="FATIMA@example.NL")
    )

    assert response.status_code == 422
    assert "Er is al een account met dit e-mailadres" in response.get_data(as_text=True)
    assert _user_count() == 1


def test_registration_race_on_the_same_address_creates_one_account(app, neighbourhood, monkeypatch):
    """Two registrations that both passed the 'exists?' check: the unique constraint wins."""
    first = services.register_resident(
        email="sam@example.nl",
        display_name="Sam",
        password="lange zomeravond",
        neighbourhood_id=neighbourhood.id,
    )
    db.session.commit()
    # Simulate the second request having looked before the first was committed.
    monkeypatch.setattr(registration, "find_user_by_email", lambda email: None)
    with pytest.raises(DomainError) as error:
        services.register_resident(
            email="SAM@example.nl",
            display_name="Sam twee",
            password="lange zomeravond",
            neighbourhood_id=neighbourhood.id,
        )
    assert error.value.field == "email"
    db.session.rollback()
    assert _user_count() == 1
    assert db.session.get(User, first.id).display_name == "Sam"


def test_logged_in_user_visiting_register_goes_to_their_account(client, neighbourhood, login):
    user = UserFactory()
    login(user)
    response = client.get("/account/register")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/")


def test_register_page_offers_every_neighbourhood(client, neighbourhood):
    other = NeighbourhoodFactory(name="Molenwijk")
    db.session.commit()
    html = client.get("/account/register").get_data(as_text=True)
    assert f'value="{neighbourhood.id}"' in html and f'value="{other.id}"' in html
    assert "Molenwijk" in html


def test_database_refuses_an_address_that_is_not_lower_case(app):
    from sqlalchemy.exc import IntegrityError

    UserFactory(email="fatima@example.nl")
    with pytest.raises(IntegrityError):
        UserFactory(email="Fatima@Example.nl")
    db.session.rollback()
