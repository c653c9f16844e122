"""The map of contributions with a place on the neighbourhood page: only public
contributions, each kind named in words, the list as the text alternative, a fixed number
of queries."""

from __future__ import annotations

import re

import pytest

from tests.factories import NeighbourhoodFactory, resident
from wijkplatform.contributions import area, services
from wijkplatform.contributions.models import ContributionKind, ContributionStatus
from wijkplatform.extensions import db

LAT, LON = 52.2195, 5.2680


def _post(author, neighbourhood, kind, title, *, placed=True, **extra):
    if placed:
        extra.setdefault("latitude", LAT)
        extra.setdefault("longitude", LON)
    return services.create_contribution(
        author,
        neighbourhood=neighbourhood,
        kind=kind,
        title=title,
        body="Tekst.",
        categories=["community"],
        **extra,
    )


@pytest.fixture
def neighbourhood(app):
    return NeighbourhoodFactory(name="Oude Haven", slug="oude-haven")


@pytest.fixture
def author(neighbourhood):
    return resident(neighbourhood)


def _map_items(html: str) -> list[str]:
    """The titles in the map's list, in order."""
    section = html[html.index('id="contribution-map"') :]
    section = section[: section.index("</section>")]
    return re.findall(r'<a class="utrecht-link" href="/contributions/\d+">([^<]+)</a>', section)


def test_only_public_contributions_with_a_place_are_on_the_map(neighbourhood, author):
    shown = _post(author, neighbourhood, ContributionKind.ISSUE, "Donkere steeg")
    _post(author, neighbourhood, ContributionKind.ISSUE, "Zonder plek", placed=False)
    hidden = _post(author, neighbourhood, ContributionKind.RESOURCE, "Verborgen")
    withdrawn = _post(author, neighbourhood, ContributionKind.RESOURCE, "Weggehaald")
    merged = _post(author, neighbourhood, ContributionKind.POTENTIAL, "Samengevoegd")
    elsewhere = NeighbourhoodFactory(name="Lombok", slug="lombok")
    _post(resident(elsewhere), elsewhere, ContributionKind.ISSUE, "Andere wijk")
    hidden.hidden = True
    services.withdraw_contribution(author, withdrawn)
    merged.status = ContributionStatus.MERGED
    db.session.commit()

    result = area.contribution_map(neighbourhood.id)
    assert [place.id for place in result.places] == [shown.id]
    assert result.kinds == ["issue"]
    assert not result.more


def test_most_supported_come_first_and_a_long_list_says_it_is_cut(neighbourhood, author):
    first = _post(author, neighbourhood, ContributionKind.ISSUE, "Eerste")
    second = _post(author, neighbourhood, ContributionKind.RESOURCE, "Tweede")
    third = _post(author, neighbourhood, ContributionKind.POTENTIAL, "Derde")
    second.support_count = 5
    db.session.commit()

    result = area.contribution_map(neighbourhood.id, limit=2)
    assert [place.id for place in result.places] == [second.id, third.id]
    assert result.more
    assert first.id not in {place.id for place in result.places}


def test_neighbourhood_page_shows_the_map_list_with_kinds_in_words(client, neighbourhood, author):
    _post(author, neighbourhood, ContributionKind.ISSUE, "Donkere steeg", place="Steeg 2")
    _post(author, neighbourhood, ContributionKind.RESOURCE, "Buurthuis")
    _post(author, neighbourhood, ContributionKind.POTENTIAL, "Lege school", latitude=52.22)
    hidden = _post(author, neighbourhood, ContributionKind.ISSUE, "Verborgen plek")
    hidden.hidden = True
    db.session.commit()

    html = client.get("/neighbourhoods/oude-haven/").get_data(as_text=True)
    assert 'id="contribution-map"' in html
    assert sorted(_map_items(html)) == ["Buurthuis", "Donkere steeg", "Lege school"]
    assert "Verborgen plek" not in html
    # The list is the text alternative: kind, place and support in words beside each link.
    assert "Vraagstuk · Steeg 2" in html
    # The map itself (and its legend) is hidden until the script draws it: without
    # JavaScript only the list shows. Its data sits on the list items, not in a script.
    assert re.search(r'id="contribution-map-figure"\s+hidden', html)
    assert 'data-lat="52.2195"' in html and 'data-kind="resource"' in html
    assert "js/contribution-map.js" in html
    for plural in ("Vraagstukken", "Hulpbronnen", "Potenties"):
        assert plural in html


def test_neighbourhood_without_places_says_so(client, neighbourhood, author):
    _post(author, neighbourhood, ContributionKind.ISSUE, "Zonder plek", placed=False)
    db.session.commit()
    html = client.get("/neighbourhoods/oude-haven/").get_data(as_text=True)
    assert "Nog geen bijdrage in Oude Haven heeft een plek op de kaart." in html
    assert 'id="contribution-map-canvas"' not in html


def test_the_map_costs_the_same_queries_whatever_the_number_of_places(
    client, neighbourhood, author, count_queries
):
    for kind in ContributionKind:  # every kind once, so that the other sections load alike
        _post(author, neighbourhood, kind, f"Eerste {kind.value}")
    db.session.commit()
    with count_queries() as few:
        client.get("/neighbourhoods/oude-haven/")
    for number in range(20):
        kind = list(ContributionKind)[number % 3]
        _post(author, neighbourhood, kind, f"Plek {number}", latitude=LAT + number / 10_000)
    db.session.commit()
    with count_queries() as many:
        html = client.get("/neighbourhoods/oude-haven/").get_data(as_text=True)
    assert len(_map_items(html)) == 23
    assert len(few) == len(many)
    neighbourhood_id = neighbourhood.id
    with count_queries() as direct:
        area.contribution_map(neighbourhood_id)
    assert len(direct) == 1
