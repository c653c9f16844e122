"""The permission matrix: every route of ROUTES, every method, for every role, gets the
outcome its access policy says (tests/security/routes.py). The sample objects belong to a
resident who is none of the roles, so editing them is an attempt on another person's data.

One test per route: the roles log in once each, in their own client, and then try the route
in turn. Requests are sent without form data, so an allowed form answers with its errors;
an allowed step without a form (submit, close, delete) does happen, so a route that uses its
object up gives every role fresh samples (`consumes`)."""

from __future__ import annotations

import pyotp
import pytest
from flask import current_app

from tests.factories import PASSWORD, MunicipalityFactory, NeighbourhoodFactory, admin
from tests.factories import moderator as make_moderator
from tests.factories import resident as make_resident
from tests.factories import reviewer as make_reviewer
from tests.security.routes import (
    POLICIES,
    ROLES,
    ROUTES,
    A,
    F,
    H,
    L,
    placeholders,
    sample_objects,
)
from wijkplatform.accounts import services as account_services
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services


def _people(objects) -> dict[str, object]:
    neighbourhood = objects["neighbourhood"]
    municipality = neighbourhood.municipality
    sibling = NeighbourhoodFactory(municipality=municipality)
    member = make_resident(neighbourhood)
    worker = make_moderator(neighbourhood)
    organisation = account_services.register_organisation(
        member,
        name="Vereniging van de matrix",
        kind="association",
        neighbourhood_id=neighbourhood.id,
        offers="Hulp.",
        contact="010-7654321",
        kvk_number=None,
    )
    moderation_services.verify_organisation(worker, organisation, reason="Bekend.")
    people = {
        "visitor": None,
        "resident": make_resident(neighbourhood),
        "organisation member": member,
        "moderator": worker,
        "moderator elsewhere": make_moderator(sibling),
        "reviewer": make_reviewer(municipality),
        "reviewer elsewhere": make_reviewer(MunicipalityFactory()),
        "admin": admin(),
    }
    return people


def classify(response) -> str:
    assert response.status_code < 500, response.status_code
    if response.status_code == 403:
        return F
    if response.status_code == 404:
        return H
    if response.status_code in (301, 302, 303) and "/account/login" in response.headers.get(
        "Location", ""
    ):
        return L
    return A


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_permission_matrix(app, endpoint):
    route = ROUTES[endpoint]
    expected = dict(zip(ROLES, POLICIES[route.access], strict=True))
    world = _world()
    outcomes = {}
    for method in route.methods:
        for role in ROLES:
            if route.consumes:
                world = _world()
            values, people, clients = world
            client = clients[role]
            if people[role] is not None and not getattr(client, "signed_in", False):
                _sign_in(client, people[role])
                client.signed_in = True
            response = client.open(route.url.format(**values), method=method)
            outcomes[(method, role)] = classify(response)
            response.close()
    wrong = {
        f"{method} as {role}": f"got {got}, expected {expected[role]}"
        for (method, role), got in outcomes.items()
        if got != expected[role]
    }
    assert wrong == {}, f"{endpoint} {route.url}"


def _world():
    """Samples, the people of every role, and a client per role (signed in on first use)."""
    objects = sample_objects()
    people = _people(objects)
    db.session.commit()
    return placeholders(objects), people, {role: current_app.test_client() for role in ROLES}


def _sign_in(client, user) -> None:
    if user.totp_secret:
        user.totp_last_step = None
    db.session.commit()
    response = client.post("/account/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    if response.headers["Location"] == "/account/login/code":
        response = client.post(
            "/account/login/code", data={"code": pyotp.TOTP(user.totp_secret).now()}
        )
        assert response.status_code == 302


def test_every_route_has_a_known_policy():
    assert {route.access for route in ROUTES.values()} <= set(POLICIES)
    assert all(len(outcomes) == len(ROLES) for outcomes in POLICIES.values())
