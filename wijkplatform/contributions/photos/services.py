"""Adding and removing photos. Flush, never commit; the files follow the transaction
(storage.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from wijkplatform.contributions import permissions
from wijkplatform.contributions.photos import storage
from wijkplatform.contributions.photos.images import PreparedPhoto
from wijkplatform.contributions.photos.models import (
    ALT_MAX,
    ALT_MIN,
    MAX_PHOTOS,
    Photo,
    alt_field,
)
from wijkplatform.core.audit import actor_label
from wijkplatform.core.errors import DomainError
from wijkplatform.core.text import clean_line
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)

ALT_REQUIRED = _l("Describe what the photo shows, for people who cannot see it.")
TOO_MANY = _l("A contribution can have at most %(max)d photos.", max=MAX_PHOTOS)


@dataclass(frozen=True)
class NewPhoto:
    """A checked photo (images.prepare) with its alt text and the form slot it came from."""

    prepared: PreparedPhoto
    alt_text: str
    slot: int = 1

    @property
    def field(self) -> str:
        return f"photo_{self.slot}"


def check_alt_text(text: str | None, field: str) -> str:
    text = clean_line(text)
    if not text:
        raise DomainError(ALT_REQUIRED, field)
    if len(text) < ALT_MIN:
        raise DomainError(_l("Use at least %(min)d characters.", min=ALT_MIN), field)
    if len(text) > ALT_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=ALT_MAX), field)
    return text


def photo_count(contribution_id: int) -> int:
    return db.session.scalar(
        select(func.count(Photo.id)).where(Photo.contribution_id == contribution_id)
    )


def add_photos(user, contribution, photos: list[NewPhoto]) -> list[Photo]:
    """Store `photos` on `contribution` (by its author, while they may change it)."""
    if not photos:
        return []
    if not permissions.can_edit_contribution(user, contribution):
        raise DomainError(_l("You cannot add photos to this contribution."), status=403)
    existing = photo_count(contribution.id)
    if existing + len(photos) > MAX_PHOTOS:
        raise DomainError(TOO_MANY, photos[0].field)
    texts = [check_alt_text(p.alt_text, f"alt_{p.slot}") for p in photos]
    for photo in photos:
        if not isinstance(photo.prepared, PreparedPhoto):
            raise DomainError(_l("Choose the photo again."), photo.field)
    added = []
    for position, (photo, alt_text) in enumerate(zip(photos, texts, strict=True), start=existing):
        key = storage.new_key()
        row = Photo(
            contribution_id=contribution.id,
            uploader_id=user.id,
            position=position,
            alt_text=alt_text,
            key=key,
            width=photo.prepared.display_size[0],
            height=photo.prepared.display_size[1],
            thumb_width=photo.prepared.thumbnail_size[0],
            thumb_height=photo.prepared.thumbnail_size[1],
        )
        db.session.add(row)
        storage.write(
            db.session(),
            key,
            {"thumb": photo.prepared.thumbnail, "display": photo.prepared.display},
        )
        added.append(row)
    db.session.flush()
    logger.info(
        "%s added %d photo(s) to contribution %s", actor_label(user), len(added), contribution.id
    )
    return added


def delete_photo(photo: Photo) -> None:
    """Delete the row now and its files after the commit (for the services that decide)."""
    storage.delete_after_commit(db.session(), photo.key)
    db.session.delete(photo)
    db.session.flush()


def remove_own_photos(user, contribution, photo_ids) -> int:
    """The author takes photos off their contribution (on the edit page)."""
    wanted = {int(i) for i in photo_ids or ()}
    if not wanted:
        return 0
    if not permissions.can_edit_contribution(user, contribution):
        raise DomainError(_l("You cannot change the photos of this contribution."), status=403)
    rows = db.session.scalars(
        select(Photo).where(Photo.contribution_id == contribution.id, Photo.id.in_(wanted))
    ).all()
    for row in rows:
        delete_photo(row)
    logger.info(
        "%s removed %d photo(s) from contribution %s", actor_label(user), len(rows), contribution.id
    )
    return len(rows)


def change_alt_texts(user, contribution, texts: dict[int, str]) -> int:
    """The author changes the alt text of photos on their contribution (the edit page), with
    the rules of an upload. Returns how many changed."""
    if not texts:
        return 0
    if not permissions.can_edit_contribution(user, contribution):
        raise DomainError(_l("You cannot change the photos of this contribution."), status=403)
    rows = {
        row.id: row
        for row in db.session.scalars(
            select(Photo).where(Photo.contribution_id == contribution.id, Photo.id.in_(list(texts)))
        )
    }
    if set(texts) - set(rows):
        raise DomainError(_l("This photo is not part of this contribution."), status=404)
    checked = {
        photo_id: check_alt_text(text, alt_field(photo_id)) for photo_id, text in texts.items()
    }
    changed = 0
    for photo_id, text in checked.items():
        if rows[photo_id].alt_text != text:
            rows[photo_id].alt_text = text
            changed += 1
    db.session.flush()
    if changed:
        logger.info(
            "%s changed the alt text of %d photo(s) of contribution %s",
            actor_label(user),
            changed,
            contribution.id,
        )
    return changed


def limits() -> tuple[int, int]:
    """(bytes per photo, pixels per photo) from the settings."""
    return current_app.config["PHOTO_MAX_BYTES"], current_app.config["PHOTO_MAX_PIXELS"]
