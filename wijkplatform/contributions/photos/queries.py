"""Reading photos: one contribution's, the first of each card on a list page, one by key."""

from __future__ import annotations

from sqlalchemy import func, select

from wijkplatform.contributions import permissions
from wijkplatform.contributions.models import Contribution
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


def first_photos(contribution_ids) -> dict[int, Photo]:
    """The first photo of each public contribution among `contribution_ids`: one query for
    a whole list page."""
    ids = list(contribution_ids)
    if not ids:
        return {}
    first = (
        select(
            Photo.id,
            func.row_number()
            .over(partition_by=Photo.contribution_id, order_by=(Photo.position, Photo.id))
            .label("n"),
        )
        .join(Contribution, Contribution.id == Photo.contribution_id)
        .where(
            Photo.contribution_id.in_(ids),
            Contribution.hidden.is_(False),
            Contribution.withdrawn_at.is_(None),
        )
        .subquery()
    )
    rows = db.session.scalars(
        select(Photo).join(first, first.c.id == Photo.id).where(first.c.n == 1)
    )
    return {photo.contribution_id: photo for photo in rows}


def get_by_key(key: str) -> Photo | None:
    return db.session.scalar(select(Photo).where(Photo.key == key))
