"""Roles are scoped: a moderator of one neighbourhood is not a moderator of another."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from tests.factories import (
    MunicipalityFactory,
    NeighbourhoodFactory,
    UserFactory,
    admin,
    moderator,
    resident,
    reviewer,
)
from wijkplatform.accounts import permissions, services
from wijkplatform.accounts.models import Membership, Role
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db


@pytest.fixture
def places(app):
    utrecht = MunicipalityFactory(name="Utrecht")
    lombok = NeighbourhoodFactory(name="Lombok", municipality=utrecht)
    kanaleneiland = NeighbourhoodFactory(name="Kanaleneiland", municipality=utrecht)
    elsewhere = NeighbourhoodFactory(name="Elders")
    return lombok, kanaleneiland, elsewhere


def test_moderator_of_lombok_is_not_moderator_of_kanaleneiland(places):
    lombok, kanaleneiland, _ = places
    worker = moderator(lombok)
    assert permissions.is_moderator_of(worker, lombok)
    assert not permissions.is_moderator_of(worker, kanaleneiland)
    assert not permissions.is_resident_of(worker, lombok)


def test_reviewer_is_scoped_to_their_municipality(places):
    lombok, _, elsewhere = places
    official = reviewer(lombok.municipality)
    assert permissions.is_reviewer_of(official, lombok.municipality)
    assert not permissions.is_reviewer_of(official, elsewhere.municipality)
    assert not permissions.is_moderator_of(official, lombok)


def test_resident_has_no_moderation_or_admin_rights(places):
    lombok, _, _ = places
    person = resident(lombok)
    assert permissions.is_resident_of(person, lombok)
    assert not permissions.is_moderator_of(person, lombok)
    assert not permissions.is_admin(person)
    assert not permissions.can_manage_places(person)


def test_admin_manages_places_but_is_not_silently_a_moderator(places):
    lombok, _, _ = places
    operator = admin()
    assert permissions.can_manage_places(operator)
    assert not permissions.is_moderator_of(operator, lombok)


def test_visitor_has_no_role(places):
    from flask_login import AnonymousUserMixin

    lombok, _, _ = places
    visitor = AnonymousUserMixin()
    assert not permissions.is_admin(visitor)
    assert not permissions.is_resident_of(visitor, lombok)
    assert not permissions.is_moderator_of(visitor, lombok)


def test_granting_the_same_role_twice_changes_nothing(places):
    lombok, _, _ = places
    user = UserFactory()
    first = services.grant_role(user, Role.MODERATOR, neighbourhood_id=lombok.id)
    second = services.grant_role(user, Role.MODERATOR, neighbourhood_id=lombok.id)
    assert first is second
    assert len(user.memberships) == 1


@pytest.mark.parametrize(
    ("role", "scope", "field"),
    [
        (Role.MODERATOR, {}, "neighbourhood"),
        (Role.RESIDENT, {"municipality_id": 1}, "neighbourhood"),
        (Role.REVIEWER, {}, "municipality"),
        (Role.ADMIN, {"neighbourhood_id": 1}, "role"),
    ],
)
def test_role_without_the_right_scope_is_refused(places, role, scope, field):
    user = UserFactory()
    with pytest.raises(DomainError) as error:
        services.grant_role(user, role, **scope)
    assert error.value.field == field
    assert user.memberships == []


def test_database_refuses_a_moderator_without_neighbourhood(places):
    user = UserFactory()
    db.session.add(Membership(user=user, role=Role.MODERATOR))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_places_admin_page_is_for_admins_only(client, login, places):
    lombok, _, _ = places
    db.session.commit()
    assert "/account/login" in client.get("/admin/places/").headers["Location"]

    login(moderator(lombok))
    response = client.get("/admin/places/")
    assert response.status_code == 403
    assert "Dit mag je niet doen" in response.get_data(as_text=True)


def test_admin_sees_the_places_admin_page(client, login, places):
    login(admin())
    response = client.get("/admin/places/")
    assert response.status_code == 200
    assert "Lombok" in response.get_data(as_text=True)
