"""A municipality with a large and a small neighbourhood, written through the services so
the domain events keep the review figures."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import MunicipalityFactory, NeighbourhoodFactory, moderator, resident, reviewer
from wijkplatform.contributions import services as contribution_services
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.neighbourhoods.models import AreaProfile, IndicatorValue, RegionLevel


@dataclass
class Scene:
    municipality: object
    large: object
    small: object
    reviewer: object
    large_item: object
    small_item: object
    hidden: object
    merged: object


def add_profile(neighbourhood, code: str, inhabitants: float, year: int = 2023, **extra) -> None:
    neighbourhood.cbs_code = code
    profile = AreaProfile(
        year=year,
        region_code=code,
        region_level=RegionLevel.WIJK,
        region_name=neighbourhood.name,
        municipality_code=neighbourhood.municipality.cbs_code,
        source="kwb",
    )
    profile.values = [IndicatorValue(key="inhabitants", status="ok", value=inhabitants)] + [
        IndicatorValue(key=key, status="ok", value=value) for key, value in extra.items()
    ]
    db.session.add(profile)
    db.session.flush()


def contribute(author, neighbourhood, title, *, kind="issue", categories=("community",)):
    return contribution_services.create_contribution(
        author,
        neighbourhood=neighbourhood,
        kind=kind,
        title=title,
        body="Wat er speelt in de wijk, kort gezegd.",
        categories=list(categories),
    )


def support(item, people) -> None:
    for person in people:
        contribution_services.set_support(person, item, True)


def make_scene() -> Scene:
    municipality = MunicipalityFactory(name="Lindenhoven", cbs_code="GM7001")
    large = NeighbourhoodFactory(municipality=municipality, name="Grote Wijk", slug="grote-wijk")
    small = NeighbourhoodFactory(
        municipality=municipality, name="Kleine Buurt", slug="kleine-buurt"
    )
    add_profile(large, "WK700101", 10_000)
    add_profile(small, "WK700102", 400)
    large_people = [resident(large) for _ in range(12)]
    small_people = [resident(small) for _ in range(4)]
    worker = moderator(large)
    large_item = contribute(
        large_people[0], large, "Meer bankjes in het park", categories=("community",)
    )
    support(large_item, large_people[1:6])
    for n in range(6, 12):  # others take part in the large neighbourhood too
        contribute(large_people[n], large, f"Losse melding nummer {n}", categories=("housing",))
    small_item = contribute(
        small_people[0],
        small,
        "Buurthuis gaat vaker open",
        kind="resource",
        categories=("loneliness",),
    )
    support(small_item, small_people[1:4])
    hidden = contribute(large_people[1], large, "Verborgen scheldpartij", categories=("safety",))
    support(hidden, large_people[2:4])
    moderation_services.hide(worker, hidden, reason="Scheldwoorden")
    merged = contribute(large_people[2], large, "Dubbele bankjesvraag", categories=("community",))
    moderation_services.merge(worker, merged, large_item, reason="Zelfde vraag")
    scene = Scene(
        municipality=municipality,
        large=large,
        small=small,
        reviewer=reviewer(municipality, display_name="Sanne"),
        large_item=large_item,
        small_item=small_item,
        hidden=hidden,
        merged=merged,
    )
    db.session.commit()
    return scene


@pytest.fixture
def scene(app) -> Scene:
    with app.test_request_context():
        made = make_scene()
    return made
