"""A neighbourhood with people in every role, contributions to use as evidence, and a
helper that walks a draft along the workflow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from tests.factories import (
    ContributionFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    UserFactory,
    admin,
    moderator,
    resident,
    reviewer,
)
from wijkplatform.contributions import services as contribution_services
from wijkplatform.contributions.models import ContributionCategory, ContributionKind
from wijkplatform.extensions import db
from wijkplatform.opgaven import services

TODAY = date(2026, 11, 28)
TEXTS = {
    "task": "Het wijkteam helpt eenzame ouderen en mensen met geldzorgen, samen met de wijk.",
    "characteristics": "Veel ouderen, veel flats.",
    "problems": "Eenzaamheid en schulden.",
}


@dataclass
class World:
    neighbourhood: object
    other_neighbourhood: object  # same municipality
    far_neighbourhood: object  # another municipality
    author: object
    resident: object
    other_resident: object  # lives in other_neighbourhood
    moderator: object
    second_moderator: object
    other_moderator: object
    reviewer: object
    other_reviewer: object
    admin: object
    issue: object
    resource: object
    potential: object

    def user(self, role: str):
        return {
            "visitor": None,
            "resident": self.resident,
            "resident elsewhere": self.other_resident,
            "moderator": self.moderator,
            "moderator elsewhere": self.other_moderator,
            "reviewer": self.reviewer,
            "reviewer elsewhere": self.other_reviewer,
            "admin": self.admin,
        }[role]


def _contribution(neighbourhood, author, kind, title, categories=("loneliness",)):
    return ContributionFactory(
        neighbourhood=neighbourhood,
        author=author,
        kind=kind,
        title=title,
        category_rows=[ContributionCategory(category=c) for c in categories],
    )


def make_world() -> World:
    neighbourhood = NeighbourhoodFactory(slug="oude-haven", name="Oude Haven")
    other = NeighbourhoodFactory(municipality=neighbourhood.municipality, slug="de-akkers")
    far = NeighbourhoodFactory(municipality=MunicipalityFactory(), slug="elders")
    author = resident(neighbourhood, display_name="Auteur")
    world = World(
        neighbourhood=neighbourhood,
        other_neighbourhood=other,
        far_neighbourhood=far,
        author=author,
        resident=resident(neighbourhood, display_name="Bewoner"),
        other_resident=resident(other),
        moderator=moderator(neighbourhood, display_name="Karim"),
        second_moderator=moderator(neighbourhood, display_name="Lotte"),
        other_moderator=moderator(other),
        reviewer=reviewer(neighbourhood.municipality, display_name="Sanne"),
        other_reviewer=reviewer(far.municipality),
        admin=admin(),
        issue=_contribution(
            neighbourhood, author, ContributionKind.ISSUE, "Ouderen in de wijk zijn eenzaam"
        ),
        resource=_contribution(
            neighbourhood, author, ContributionKind.RESOURCE, "Koffieochtend in het buurthuis"
        ),
        potential=_contribution(
            neighbourhood,
            author,
            ContributionKind.POTENTIAL,
            "Gepensioneerden willen helpen",
            ("volunteering",),
        ),
    )
    db.session.commit()
    return world


@pytest.fixture
def world(app) -> World:
    return make_world()


def supporters(contribution, number: int, neighbourhood) -> list:
    people = [resident(neighbourhood) for _ in range(number)]
    for person in people:
        contribution_services.set_support(person, contribution, True)
    return people


def draft(world, title="Opgave Oude Haven 2027", texts=TEXTS):
    opgave = services.create_opgave(world.moderator, world.neighbourhood, title=title)
    services.save_version(
        world.moderator, opgave, base_version=1, title=title, texts=texts, goals=["resilience"]
    )
    return opgave


def submitted(world):
    opgave = draft(world)
    services.submit(world.moderator, opgave)
    return opgave


def open_for_reactions(world, days=14):
    opgave = draft(world)
    services.open_reactions(
        world.moderator, opgave, until=TODAY + timedelta(days=days), today=TODAY
    )
    return opgave


__all__ = [
    "TODAY",
    "UserFactory",
    "World",
    "draft",
    "make_world",
    "open_for_reactions",
    "submitted",
    "supporters",
]
