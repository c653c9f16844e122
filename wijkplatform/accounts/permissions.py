"""Who may do what, by role and scope. Every check on roles goes through here."""

from __future__ import annotations

from wijkplatform.accounts.models import BADGE_LABELS, Badge, Role


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


def author_badges(user, neighbourhood, organisation=None) -> list[tuple[str, object]]:
    """(key, label) of the badges beside an author's name where `neighbourhood` is the
    place of the text: neighbourhood worker there, reviewer for its municipality, posted for
    a verified organisation. From the roles alone — a resident cannot earn one by choosing a
    name. Reads the author's memberships, which load with the author (User.memberships is a
    selectin relationship), so a page of comments asks nothing extra per comment."""
    badges = []
    memberships = _memberships(user)
    if any(
        m.role == Role.MODERATOR and m.neighbourhood_id == neighbourhood.id for m in memberships
    ):
        badges.append(Badge.NEIGHBOURHOOD_WORKER)
    if any(
        m.role == Role.REVIEWER and m.municipality_id == neighbourhood.municipality_id
        for m in memberships
    ):
        badges.append(Badge.MUNICIPALITY)
    if organisation is not None and organisation.verified:
        badges.append(Badge.VERIFIED_ORGANISATION)
    return [(badge.value, BADGE_LABELS[badge.value]) for badge in badges]
