"""The rules of the admin area, on the services: roles given and taken with a reason and an
audit entry, no double grant, an administrator keeps their own role, the platform keeps an
administrator, blocks through the moderation service."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories import (
    MunicipalityFactory,
    NeighbourhoodFactory,
    UserFactory,
    admin,
    moderator,
    resident,
)
from wijkplatform.accounts.models import Role
from wijkplatform.accounts.permissions import is_moderator_of, is_reviewer_of
from wijkplatform.admin import services
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.moderation.models import Action, ModerationEvent, TargetType
from wijkplatform.moderation.services import active_block


def _events(user):
    return db.session.scalars(
        select(ModerationEvent)
        .where(ModerationEvent.target_type == TargetType.USER, ModerationEvent.target_id == user.id)
        .order_by(ModerationEvent.id)
    ).all()


def test_admin_makes_a_resident_neighbourhood_worker_and_the_log_says_who_what_why(app):
    boss = admin()
    neighbourhood = NeighbourhoodFactory()
    person = resident(neighbourhood)
    services.grant_role(
        boss, person, "moderator", neighbourhood=neighbourhood, reason="Nieuwe wijkwerker."
    )
    assert is_moderator_of(person, neighbourhood)
    [event] = _events(person)
    assert (event.actor_id, event.action, event.neighbourhood_id, event.reason) == (
        boss.id,
        Action.MODERATOR_GRANTED,
        neighbourhood.id,
        "Nieuwe wijkwerker.",
    )
    assert event.created_at is not None


def test_reviewer_role_is_scoped_to_a_municipality_and_logged_with_it(app):
    boss = admin()
    municipality = MunicipalityFactory()
    person = UserFactory()
    services.grant_role(boss, person, "reviewer", municipality=municipality, reason="Ambtenaar.")
    assert is_reviewer_of(person, municipality)
    [event] = _events(person)
    assert event.action == Action.REVIEWER_GRANTED
    assert event.municipality_id == municipality.id and event.neighbourhood_id is None


def test_a_neighbourhood_of_another_municipality_is_fine_roles_are_per_place(app):
    """Not a rule: a reviewer of one municipality may be a worker in a neighbourhood of
    another one (someone who works for two employers)."""
    boss = admin()
    person = UserFactory()
    services.grant_role(boss, person, "reviewer", municipality=MunicipalityFactory(), reason="A.")
    elsewhere = NeighbourhoodFactory(municipality=MunicipalityFactory())
    services.grant_role(boss, person, "moderator", neighbourhood=elsewhere, reason="B.")
    assert is_moderator_of(person, elsewhere)


@pytest.mark.parametrize(
    ("role", "kwargs", "field"),
    [
        ("moderator", {}, "neighbourhood"),
        ("reviewer", {}, "municipality"),
        ("resident", {}, "role"),
        ("emperor", {}, "role"),
        ("", {}, "role"),
    ],
)
def test_a_role_without_its_place_or_an_unknown_role_is_refused(app, role, kwargs, field):
    boss = admin()
    person = UserFactory()
    with pytest.raises(DomainError) as refused:
        services.grant_role(boss, person, role, reason="Waarom niet.", **kwargs)
    assert refused.value.field == field
    assert person.memberships == [] and _events(person) == []


def test_a_missing_reason_is_refused_and_nothing_changes(app):
    boss = admin()
    neighbourhood = NeighbourhoodFactory()
    person = UserFactory()
    for reason in (None, "", "   \t"):
        with pytest.raises(DomainError) as refused:
            services.grant_role(
                boss, person, "moderator", neighbourhood=neighbourhood, reason=reason
            )
        assert refused.value.field == "reason"
    assert person.memberships == [] and _events(person) == []


def test_double_grant_is_refused(app):
    boss = admin()
    neighbourhood = NeighbourhoodFactory()
    person = moderator(neighbourhood)
    with pytest.raises(DomainError) as refused:
        services.grant_role(
            boss, person, "moderator", neighbourhood=neighbourhood, reason="Nog eens."
        )
    assert str(refused.value) == "Deze persoon heeft deze rol hier al."
    assert len(person.memberships) == 1 and _events(person) == []


def test_only_admins_may_use_the_services(app):
    neighbourhood = NeighbourhoodFactory()
    worker = moderator(neighbourhood)
    person = resident(neighbourhood)
    with pytest.raises(DomainError) as refused:
        services.grant_role(worker, person, "moderator", neighbourhood=neighbourhood, reason="Ik.")
    assert refused.value.status == 403


def test_revoking_a_role_removes_it_and_is_logged(app):
    boss = admin()
    neighbourhood = NeighbourhoodFactory()
    person = moderator(neighbourhood)
    [membership] = person.memberships
    services.revoke_role(boss, person, membership, reason="Andere baan.")
    assert not is_moderator_of(person, neighbourhood)
    [event] = _events(person)
    assert (event.action, event.neighbourhood_id, event.reason) == (
        Action.MODERATOR_REVOKED,
        neighbourhood.id,
        "Andere baan.",
    )


def test_revoking_needs_a_reason(app):
    boss = admin()
    person = moderator(NeighbourhoodFactory())
    with pytest.raises(DomainError) as refused:
        services.revoke_role(boss, person, person.memberships[0], reason=" ")
    assert refused.value.field == "reason"
    assert len(person.memberships) == 1


def test_an_admin_cannot_revoke_their_own_admin_role(app):
    boss = admin()
    admin()  # another administrator exists
    own = next(m for m in boss.memberships if m.role == Role.ADMIN)
    with pytest.raises(DomainError) as refused:
        services.revoke_role(boss, boss, own, reason="Ik stop.")
    assert str(refused.value).startswith("Je kunt je eigen rol als beheerder niet afnemen.")
    assert own in boss.memberships


def test_the_last_admin_is_never_revoked(app):
    boss = admin()
    own = boss.memberships[0]
    with pytest.raises(DomainError):
        services.revoke_role(boss, boss, own, reason="Ik stop.")
    assert services.active_admin_count() == 1


def test_the_last_active_admin_rule_counts_only_active_accounts(app):
    """Two administrators, one of them closed: the open one is the last one that counts."""
    boss = admin()
    closed = admin(active=False)
    assert services.active_admin_count() == 1
    # Taking the role from the closed account is fine: the platform keeps `boss`.
    services.revoke_role(boss, closed, closed.memberships[0], reason="Account is gesloten.")
    assert services.active_admin_count() == 1


def test_an_admin_gives_and_takes_the_admin_role_of_someone_else(app):
    boss = admin()
    person = UserFactory()
    membership = services.grant_role(boss, person, "admin", reason="Tweede beheerder.")
    assert services.active_admin_count() == 2
    services.revoke_role(boss, person, membership, reason="Klaar.")
    assert [e.action for e in _events(person)] == [Action.ADMIN_GRANTED, Action.ADMIN_REVOKED]


def test_a_resident_membership_is_not_taken_here(app):
    boss = admin()
    person = resident(NeighbourhoodFactory())
    with pytest.raises(DomainError) as refused:
        services.revoke_role(boss, person, person.memberships[0], reason="Weg.")
    assert refused.value.status == 404


def test_admin_blocks_with_reason_and_end_date_through_the_moderation_service(app):
    boss = admin()
    neighbourhood = NeighbourhoodFactory()
    person = resident(neighbourhood)
    until = date.today() + timedelta(days=14)
    block = services.block(boss, person, neighbourhood, until=until, reason="Schelden.")
    assert active_block(person, neighbourhood.id) == block
    assert block.last_day == until
    [event] = _events(person)
    assert event.action == Action.BLOCKED and event.actor_id == boss.id
    services.lift_block(boss, person, block, reason="Excuses gemaakt.")
    assert active_block(person, neighbourhood.id) is None
    assert [e.action for e in _events(person)] == [Action.BLOCKED, Action.UNBLOCKED]
    assert _events(person)[-1].reason == "Excuses gemaakt."


def test_an_admin_cannot_block_themselves(app):
    boss = admin()
    neighbourhood = NeighbourhoodFactory()
    with pytest.raises(DomainError) as refused:
        services.block(
            boss, boss, neighbourhood, until=date.today() + timedelta(days=1), reason="Test."
        )
    assert str(refused.value) == "Je kunt jezelf niet blokkeren."


@pytest.mark.parametrize(
    ("until", "reason", "field"),
    [
        (None, "Schelden.", "until"),
        (date.today() - timedelta(days=1), "Schelden.", "until"),
        (date.today() + timedelta(days=400), "Schelden.", "until"),
        (date.today() + timedelta(days=3), "", "reason"),
    ],
)
def test_a_block_needs_a_reason_and_a_sensible_end_date(app, until, reason, field):
    boss = admin()
    neighbourhood = NeighbourhoodFactory()
    person = resident(neighbourhood)
    with pytest.raises(DomainError) as refused:
        services.block(boss, person, neighbourhood, until=until, reason=reason)
    assert refused.value.field == field
    assert active_block(person, neighbourhood.id) is None


def test_lifting_needs_a_reason_and_a_lifted_block_is_not_lifted_twice(app):
    boss = admin()
    neighbourhood = NeighbourhoodFactory()
    person = resident(neighbourhood)
    block = services.block(
        boss, person, neighbourhood, until=date.today() + timedelta(days=3), reason="Spam."
    )
    with pytest.raises(DomainError):
        services.lift_block(boss, person, block, reason="")
    services.lift_block(boss, person, block, reason="Vergissing.")
    with pytest.raises(DomainError):
        services.lift_block(boss, person, block, reason="Nog eens.")
