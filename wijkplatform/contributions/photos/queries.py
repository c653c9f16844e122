"""Reading photos: one contribution's, one by key (the first of each card on a list page
comes with the card: contributions/queries/lists.py)."""

from __future__ import annotations

from sqlalchemy import select

from wijkplatform.contributions import permissions
from wijkplatform.contributions.photos.models import Photo
from wijkplatform.extensions import db


def can_see_photos(user, contribution) -> bool:
    """Everyone who sees the contribution, except that the photos of a hidden or withdrawn
    one are only for its author and the neighbourhood's workers."""
    if not permissions.can_view_contribution(user, contribution):
        return False
    if not contribution.hidden and not contribution.withdrawn:
        return True
    return permissions.can_see_withdrawn_photos(user, contribution)


def is_public(contribution) -> bool:
    return not contribution.hidden and not contribution.withdrawn


def photos_of(contribution_id: int) -> list[Photo]:
    return list(
        db.session.scalars(
            select(Photo)
            .where(Photo.contribution_id == contribution_id)
            .order_by(Photo.position, Photo.id)
        )
    )


def get_by_key(key: str) -> Photo | None:
    return db.session.scalar(select(Photo).where(Photo.key == key))
