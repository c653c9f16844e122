"""Residents cannot pose as staff (issue 14, item 6): a display name may not copy the name of
a neighbourhood worker, reviewer or administrator (without case, accents, spaces or
punctuation), nor hold a role word — at registration and when the name is changed. Staff
keep their own names."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.factories import NeighbourhoodFactory, admin, moderator, resident, reviewer
from wijkplatform.accounts import services
from wijkplatform.accounts.models import User
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db

COPY = "gebruikt deze naam"
ROLE_WORD = "zijn voor medewerkers"


@pytest.fixture
def lombok(app):
    neighbourhood = NeighbourhoodFactory(name="Lombok", slug="lombok")
    moderator(neighbourhood, display_name="Karim Bakker")
    reviewer(neighbourhood.municipality, display_name="Sanne")
    admin(display_name="Joost")
    db.session.commit()
    return neighbourhood


def _register(client, neighbourhood, name):
    return client.post(
        "/account/register",
        data={
            "email": "nieuw@example.nl",
            "display_name": name,
            "neighbourhood_id": str(neighbourhood.id),
            "password": "lange zomeravond",
            "password_confirm": "lange zomeravond",
        },
    )


def _accounts() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Karim Bakker", COPY),
        ("karim bakker", COPY),
        ("K.a.r.i.m. B-a-k-k-e-r", COPY),
        ("Kárim Bäkker", COPY),
        ("KarimBakker", COPY),
        ("SANNE", COPY),
        ("Joost!", COPY),
        ("Anna (wijkwerker)", ROLE_WORD),
        ("Wijk-Werker Anna", ROLE_WORD),
        ("Gemeente Utrecht", ROLE_WORD),
        ("Beheerder", ROLE_WORD),
        ("Admin123", ROLE_WORD),
        ("WijkAdmin", ROLE_WORD),
        ("Moderator Piet", ROLE_WORD),
        ("Medewerker Buurtzorg", ROLE_WORD),
        ("Official Utrecht", ROLE_WORD),
        ("The Municipality", ROLE_WORD),
    ],
)
def test_registration_refuses_a_name_that_passes_for_staff_beside_the_field(
    client, lombok, name, message
):
    before = _accounts()
    response = _register(client, lombok, name)
    html = response.get_data(as_text=True)

    assert response.status_code == 422
    assert 'id="display_name-error"' in html and message in html
    assert 'value="nieuw@example.nl"' in html  # what was typed stays
    assert _accounts() == before


@pytest.mark.parametrize("name", ["Karim", "Badminton Bob", "Modderman", "Staffan", "Sanneke"])
def test_ordinary_names_close_to_staff_names_or_role_words_are_fine(client, lombok, name):
    response = _register(client, lombok, name)
    assert response.status_code == 302, response.get_data(as_text=True)


def test_registration_with_confirmation_on_refuses_the_same_names(make_app, lombok):
    app = make_app(REQUIRE_EMAIL_CONFIRMATION=True)
    with app.app_context():
        response = _register(app.test_client(), lombok, "karim bakker")
    assert response.status_code == 422
    assert COPY in response.get_data(as_text=True)


def test_a_resident_changes_their_name_but_not_into_a_staff_name(client, lombok, login):
    henk = resident(lombok, display_name="Henk")
    login(henk)
    assert client.get("/account/name").status_code == 200

    response = client.post("/account/name", data={"display_name": "Karim  Bakker"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="display_name-error"' in html and COPY in html
    assert 'value="Karim  Bakker"' in html or 'value="Karim Bakker"' in html
    db.session.expire_all()
    assert db.session.get(User, henk.id).display_name == "Henk"

    response = client.post("/account/name", data={"display_name": "Wijkwerker Henk"})
    assert response.status_code == 422 and ROLE_WORD in response.get_data(as_text=True)

    response = client.post("/account/name", data={"display_name": "Henk uit Lombok"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, henk.id).display_name == "Henk uit Lombok"
    assert "Henk uit Lombok" in client.get("/account/").get_data(as_text=True)


def test_the_name_change_keeps_the_ordinary_rules_beside_the_field(client, lombok, login):
    login(resident(lombok, display_name="Henk"))
    response = client.post("/account/name", data={"display_name": "H"})
    assert response.status_code == 422
    assert "Gebruik minstens 2 tekens" in response.get_data(as_text=True)


def test_staff_keep_their_own_name_and_role_words(app, lombok):
    worker = db.session.scalar(select(User).where(User.display_name == "Karim Bakker"))
    services.change_display_name(worker, display_name="karim bakker")  # their own name
    services.change_display_name(worker, display_name="Karim (wijkwerker Lombok)")
    assert worker.display_name == "Karim (wijkwerker Lombok)"
    # …but not another staff member's name.
    with pytest.raises(DomainError) as refused:
        services.change_display_name(worker, display_name="Sanne")
    assert refused.value.field == "display_name"


def test_an_erased_staff_member_frees_their_name(app, lombok):
    from tests.factories import PASSWORD
    from wijkplatform.accounts import personal_data

    worker = db.session.scalar(select(User).where(User.display_name == "Karim Bakker"))
    personal_data.erase_account(worker, password=PASSWORD)
    assert services.impersonation_problem("Karim Bakker") is None
