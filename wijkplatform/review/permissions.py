"""Who may see the municipal review: the municipality's reviewers, and admins."""

from __future__ import annotations

from sqlalchemy import select

from wijkplatform.accounts.models import Membership, Role
from wijkplatform.accounts.permissions import is_admin, is_reviewer_of
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Municipality


def can_view_review(user, municipality) -> bool:
    if municipality is None or not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or is_reviewer_of(user, municipality)


def shows_review_link(user) -> bool:
    """For the main menu: from the memberships that load with the user, so no page asks
    the database anything more for it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(m.role in (Role.REVIEWER, Role.ADMIN) for m in user.memberships)


def reviewable_municipalities(user) -> list[Municipality]:
    """The municipalities whose review `user` may see, by name."""
    if not getattr(user, "is_authenticated", False):
        return []
    statement = select(Municipality).order_by(Municipality.name, Municipality.id)
    if not is_admin(user):
        statement = statement.where(
            Municipality.id.in_(
                select(Membership.municipality_id).where(
                    Membership.user_id == user.id, Membership.role == Role.REVIEWER
                )
            )
        )
    return list(db.session.scalars(statement))
