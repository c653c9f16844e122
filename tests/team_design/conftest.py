"""The Opgaven world (a neighbourhood with people in every role) plus an accepted Opgave and
a started team design."""

from __future__ import annotations

import pytest

from tests.opgaven.conftest import TEXTS, World, draft, make_world
from wijkplatform.extensions import db
from wijkplatform.opgaven import services as opgave_services
from wijkplatform.team_design import services


def accepted(world: World, title="Opgave Oude Haven 2027", focus=("access",)):
    """An accepted Opgave with the goal "resilience" and the given focus."""
    opgave = draft(world, title=title)
    opgave_services.save_version(
        world.moderator,
        opgave,
        base_version=2,
        title=title,
        texts=TEXTS,
        goals=["resilience"],
        focus=list(focus),
    )
    opgave_services.submit(world.moderator, opgave)
    opgave_services.accept(world.reviewer, opgave)
    return opgave


@pytest.fixture
def world(app) -> World:
    return make_world()


@pytest.fixture
def design(world):
    design = services.start_design(world.moderator, world.neighbourhood)
    db.session.commit()
    return design


def save(world, design, number, *, answers=None, choices=None, participation=None, actor=None):
    """Save a block from its current version."""
    return services.save_block(
        actor or world.moderator,
        design,
        number,
        base_version=design.block(number).version,
        answers=answers or {},
        choices=choices or {},
        participation=participation,
    )
