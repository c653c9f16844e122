"""One obvious way to post ("Deel iets voor je wijk"), from every page a resident lands on,
defaulting to their own neighbourhood; `/contributions/new` alone never gives a 404."""

from __future__ import annotations

from tests.factories import MunicipalityFactory, NeighbourhoodFactory, UserFactory, resident
from wijkplatform.extensions import db

SHARE = "Deel iets voor je wijk"


def test_resident_lands_on_account_page_with_the_share_button(client, login):
    neighbourhood = NeighbourhoodFactory()
    login(resident(neighbourhood))
    html = client.get("/account/").get_data(as_text=True)
    assert SHARE in html
    assert 'href="/contributions/new"' in html


def test_new_contribution_without_neighbourhood_goes_to_the_residents_own(client, login):
    neighbourhood = NeighbourhoodFactory()
    login(resident(neighbourhood))
    response = client.get("/contributions/new?kind=resource")
    assert response.status_code == 302
    assert response.headers["Location"] == (
        f"/contributions/new?neighbourhood={neighbourhood.slug}&kind=resource"
    )
    form = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"For the neighbourhood {neighbourhood.name}" in form or neighbourhood.name in form


def test_resident_of_two_neighbourhoods_chooses_one(client, login):
    municipality = MunicipalityFactory()
    first = NeighbourhoodFactory(municipality=municipality, name="Aa-wijk")
    second = NeighbourhoodFactory(municipality=municipality, name="Bb-wijk")
    user = resident(second)
    from tests.factories import membership
    from wijkplatform.accounts.models import Role

    membership(user, Role.RESIDENT, neighbourhood=first)
    login(user)
    response = client.get("/contributions/new")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"/contributions/new?neighbourhood={first.slug}" in html
    assert f"/contributions/new?neighbourhood={second.slug}" in html
    assert html.index("Aa-wijk") < html.index("Bb-wijk")


def test_someone_without_a_neighbourhood_is_told_why_not_404(client, login):
    login(UserFactory())
    response = client.get("/contributions/new")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="no-neighbourhood"' in html
    assert 'href="/neighbourhoods/"' in html


def test_visitor_is_asked_to_log_in_first(client):
    response = client.get("/contributions/new")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_unknown_neighbourhood_is_still_not_found(client, login):
    login(resident(NeighbourhoodFactory()))
    assert client.get("/contributions/new?neighbourhood=bestaat-niet").status_code == 404


def test_home_page_differs_for_a_resident(client, login):
    neighbourhood = NeighbourhoodFactory(name="Oude Haven")
    visitor_home = client.get("/").get_data(as_text=True)
    assert SHARE not in visitor_home
    assert "/account/register" in visitor_home
    login(resident(neighbourhood))
    home = client.get("/").get_data(as_text=True)
    assert SHARE in home
    assert f"/neighbourhoods/{neighbourhood.slug}/contributions/" in home


def test_neighbourhood_page_and_list_have_the_share_button_for_residents_only(client, login):
    neighbourhood = NeighbourhoodFactory()
    other = NeighbourhoodFactory(municipality=neighbourhood.municipality)
    db.session.commit()
    page = f"/neighbourhoods/{neighbourhood.slug}/"
    listing = f"/neighbourhoods/{neighbourhood.slug}/contributions/"
    share_here = f'href="/contributions/new?neighbourhood={neighbourhood.slug}"'
    assert share_here not in client.get(page).get_data(as_text=True)
    login(resident(other))
    assert share_here not in client.get(page).get_data(as_text=True)
    client.post("/account/logout")
    login(resident(neighbourhood))
    for url in (page, listing):
        html = client.get(url).get_data(as_text=True)
        assert SHARE in html and share_here in html, url


def test_the_kind_choice_explains_each_kind_with_a_pictogram(client, login):
    neighbourhood = NeighbourhoodFactory()
    login(resident(neighbourhood))
    html = client.get(f"/contributions/new?neighbourhood={neighbourhood.slug}").get_data(True)
    for kind in ("issue", "resource", "potential"):
        assert f'class="kind-icon kind-icon--{kind}" aria-hidden="true"' in html
        assert f'id="kind-{kind}-explanation"' in html or "-explanation" in html
    assert "Een vraagstuk is een probleem" in html or "probleem" in html


def test_new_contribution_form_offers_the_pin_map_and_keeps_the_fields(client, login):
    neighbourhood = NeighbourhoodFactory()
    login(resident(neighbourhood))
    html = client.get(f"/contributions/new?neighbourhood={neighbourhood.slug}").get_data(True)
    assert 'id="place-picker" class="place-picker" hidden' in html  # shown by the script
    assert f'data-boundary-url="/api/v1/neighbourhoods/{neighbourhood.slug}"' in html
    assert 'id="latitude"' in html and 'id="longitude"' in html and 'id="place"' in html
    assert "/static/js/place-picker.js" in html


def test_demo_neighbourhoods_have_a_boundary_inside_which_pins_go(app):
    import json

    from wijkplatform.demo.places import NEIGHBOURHOODS, boundary_geojson

    for data in NEIGHBOURHOODS:
        shape = json.loads(boundary_geojson(data["slug"]))
        ring = shape["coordinates"][0]
        assert shape["type"] == "Polygon" and ring[0] == ring[-1] and len(ring) >= 4
