"""A small neighbourhood with people in every role and content to moderate."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import (
    CommentFactory,
    ContributionFactory,
    NeighbourhoodFactory,
    admin,
    moderator,
    resident,
    reviewer,
)
from wijkplatform.accounts import services as account_services
from wijkplatform.extensions import db


@dataclass
class World:
    neighbourhood: object
    other_neighbourhood: object
    author: object
    resident: object
    moderator: object
    other_moderator: object
    reviewer: object
    admin: object
    contribution: object
    duplicate: object
    comment: object
    organisation: object

    def user(self, role):
        return {
            "visitor": None,
            "resident": self.resident,
            "moderator elsewhere": self.other_moderator,
            "moderator": self.moderator,
            "reviewer": self.reviewer,
            "admin": self.admin,
        }[role]


@pytest.fixture
def world(app) -> World:
    return make_world()


def make_world() -> World:
    neighbourhood = NeighbourhoodFactory(slug="oude-haven", name="Oude Haven")
    other = NeighbourhoodFactory(municipality=neighbourhood.municipality, slug="de-akkers")
    author = resident(neighbourhood, display_name="Auteur")
    contribution = ContributionFactory(neighbourhood=neighbourhood, author=author)
    duplicate = ContributionFactory(neighbourhood=neighbourhood, author=resident(neighbourhood))
    comment = CommentFactory(contribution=contribution, author=author)
    contribution.comment_count = 1
    organisation = account_services.register_organisation(
        author,
        name="Buurthuis De Kade",
        kind="neighbourhood",
        neighbourhood_id=neighbourhood.id,
        offers="Een plek om elkaar te ontmoeten.",
        contact="010-1234567",
        kvk_number="12345678",
    )
    world = World(
        neighbourhood=neighbourhood,
        other_neighbourhood=other,
        author=author,
        resident=resident(neighbourhood),
        moderator=moderator(neighbourhood, display_name="Wijkwerker"),
        other_moderator=moderator(other),
        reviewer=reviewer(neighbourhood.municipality),
        admin=admin(),
        contribution=contribution,
        duplicate=duplicate,
        comment=comment,
        organisation=organisation,
    )
    db.session.commit()
    return world
