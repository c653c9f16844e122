"""Photos in the personal-data export, and erasure: an erased account's photos go, rows and
files (a photo can show a face, a house or a number plate; it is not kept as "words of a
former resident")."""

from __future__ import annotations

from sqlalchemy import or_, select

from wijkplatform.contributions.models import Contribution
from wijkplatform.contributions.photos.models import Photo
from wijkplatform.contributions.photos.services import delete_photo
from wijkplatform.core.urls import public_url
from wijkplatform.extensions import db


def _photos_of(user):
    mine = select(Contribution.id).where(
        or_(Contribution.author_id == user.id, Contribution.recorded_by_id == user.id)
    )
    return db.session.scalars(
        select(Photo)
        .where(or_(Photo.uploader_id == user.id, Photo.contribution_id.in_(mine)))
        .order_by(Photo.id)
    ).all()


def export_photos(user) -> list[dict]:
    return [
        {
            "id": photo.id,
            "contribution_id": photo.contribution_id,
            "alt_text": photo.alt_text,
            "added_at": photo.created_at.isoformat() if photo.created_at else None,
            "file": public_url("contributions.photo", key=photo.key, size="display"),
        }
        for photo in _photos_of(user)
    ]


def erase_photos(user) -> None:
    for photo in _photos_of(user):
        delete_photo(photo)


def init_app(app) -> None:
    from wijkplatform.core import registries

    registries.register_exporter(app, "photos", export_photos)
    registries.register_eraser(app, erase_photos)
