"""Roles: resident or moderator of a neighbourhood, reviewer for a municipality, admin."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l

from wijkplatform.accounts.models import (
    MUNICIPALITY_ROLES,
    NEIGHBOURHOOD_ROLES,
    Membership,
    Role,
    User,
)
from wijkplatform.core.audit import actor_label
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


def grant_role(
    user: User,
    role: Role,
    *,
    neighbourhood_id: int | None = None,
    municipality_id: int | None = None,
    actor: User | None = None,
) -> Membership:
    """Give `user` a role in a scope; granting a role they already have changes nothing."""
    role = Role(role)
    if role in NEIGHBOURHOOD_ROLES and (neighbourhood_id is None or municipality_id is not None):
        raise DomainError(_l("This role needs a neighbourhood."), "neighbourhood")
    if role in MUNICIPALITY_ROLES and (municipality_id is None or neighbourhood_id is not None):
        raise DomainError(_l("This role needs a municipality."), "municipality")
    if role == Role.ADMIN and (neighbourhood_id is not None or municipality_id is not None):
        raise DomainError(_l("The admin role has no neighbourhood or municipality."), "role")
    for membership in user.memberships:
        if (
            membership.role == role
            and membership.neighbourhood_id == neighbourhood_id
            and membership.municipality_id == municipality_id
        ):
            return membership
    membership = Membership(
        role=role, neighbourhood_id=neighbourhood_id, municipality_id=municipality_id
    )
    user.memberships.append(membership)
    db.session.flush()
    logger.info(
        "%s granted %s to user %s (neighbourhood %s, municipality %s)",
        actor_label(actor),
        role.value,
        user.id,
        neighbourhood_id,
        municipality_id,
    )
    return membership


def revoke_role(user: User, membership: Membership, *, actor: User | None = None) -> None:
    """Take a role away from `user`; the membership must be one of theirs."""
    if membership not in user.memberships:
        raise DomainError(_l("This person does not have this role."), status=404)
    user.memberships.remove(membership)
    db.session.flush()
    logger.info(
        "%s revoked %s from user %s (neighbourhood %s, municipality %s)",
        actor_label(actor),
        membership.role.value,
        user.id,
        membership.neighbourhood_id,
        membership.municipality_id,
    )
