"""Admins add municipalities and neighbourhoods on a simple page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.factories import MunicipalityFactory, NeighbourhoodFactory, admin, resident
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Municipality, Neighbourhood


@pytest.fixture
def admin_client(client, login):
    login(admin())
    return client


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_admin_adds_a_municipality(admin_client):
    response = admin_client.post(
        "/admin/places/municipalities",
        data={"municipality-name": "Baarn", "municipality-cbs_code": "gm0308"},
    )
    assert response.status_code == 302
    municipality = db.session.scalar(select(Municipality))
    assert (municipality.name, municipality.cbs_code) == ("Baarn", "GM0308")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"municipality-name": "", "municipality-cbs_code": "GM0308"}, "Vul een naam in"),
        ({"municipality-name": "Baarn", "municipality-cbs_code": "0308"}, "GM met vier cijfers"),
    ],
)
def test_bad_municipality_is_refused_with_message_and_kept_text(admin_client, data, message):
    response = admin_client.post("/admin/places/municipalities", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    for value in data.values():
        if value:
            assert f'value="{value}"' in html
    assert _count(Municipality) == 0


def test_duplicate_municipality_code_is_refused(admin_client):
    MunicipalityFactory(cbs_code="GM0308")
    db.session.commit()
    response = admin_client.post(
        "/admin/places/municipalities",
        data={"municipality-name": "Baarn", "municipality-cbs_code": "GM0308"},
    )
    assert response.status_code == 422
    assert _count(Municipality) == 1


def test_admin_adds_a_neighbourhood_with_a_slug_made_from_its_name(admin_client):
    municipality = MunicipalityFactory()
    db.session.commit()
    response = admin_client.post(
        "/admin/places/neighbourhoods",
        data={
            "neighbourhood-municipality_id": str(municipality.id),
            "neighbourhood-name": "Sint-Jozefkwartier Één",
            "neighbourhood-cbs_code": "wk030801",
        },
    )
    assert response.status_code == 302
    neighbourhood = db.session.scalar(select(Neighbourhood))
    assert neighbourhood.slug == "sint-jozefkwartier-een"
    assert neighbourhood.cbs_code == "WK030801"
    assert admin_client.get("/neighbourhoods/sint-jozefkwartier-een/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"neighbourhood-name": ""}, "neighbourhood-name"),
        ({"neighbourhood-slug": "Geen Spaties!"}, "neighbourhood-slug"),
        ({"neighbourhood-slug": "bestaand"}, "neighbourhood-slug"),
        ({"neighbourhood-cbs_code": "XX12"}, "neighbourhood-cbs_code"),
        ({"neighbourhood-municipality_id": "424242"}, "neighbourhood-municipality_id"),
    ],
)
def test_bad_neighbourhood_is_refused_beside_the_field(admin_client, changes, field):
    municipality = MunicipalityFactory()
    NeighbourhoodFactory(slug="bestaand", municipality=municipality)
    db.session.commit()
    data = {
        "neighbourhood-municipality_id": str(municipality.id),
        "neighbourhood-name": "Nieuwe wijk",
        "neighbourhood-slug": "",
        "neighbourhood-cbs_code": "",
    }
    data.update(changes)
    response = admin_client.post("/admin/places/neighbourhoods", data=data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert _count(Neighbourhood) == 1


def test_resident_cannot_add_places(client, login):
    neighbourhood = NeighbourhoodFactory()
    login(resident(neighbourhood))
    response = client.post(
        "/admin/places/municipalities",
        data={"municipality-name": "Baarn", "municipality-cbs_code": "GM0308"},
    )
    assert response.status_code == 403
    assert _count(Municipality) == 1
