"""Who may do what, by role and scope. Every check on roles goes through here."""

from __future__ import annotations

from wijkplatform.accounts.models import Role


def _memberships(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    return user.memberships


def is_admin(user) -> bool:
    return any(m.role == Role.ADMIN for m in _memberships(user))


def is_resident_of(user, neighbourhood) -> bool:
    return any(
        m.role == Role.RESIDENT and m.neighbourhood_id == neighbourhood.id
        for m in _memberships(user)
    )


def is_moderator_of(user, neighbourhood) -> bool:
    return any(
        m.role == Role.MODERATOR and m.neighbourhood_id == neighbourhood.id
        for m in _memberships(user)
    )


def is_reviewer_of(user, municipality) -> bool:
    return any(
        m.role == Role.REVIEWER and m.municipality_id == municipality.id for m in _memberships(user)
    )


def can_manage_places(user) -> bool:
    """Create municipalities and neighbourhoods."""
    return is_admin(user)


def can_post_for_organisation(user, organisation) -> bool:
    """Only members of a verified organisation post on its behalf."""
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    return organisation.verified and any(m.user_id == user.id for m in organisation.members)
