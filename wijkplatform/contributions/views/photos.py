"""Reading the photos of a contribution form, and serving a stored photo to those who may
see it."""

from __future__ import annotations

import logging

from flask import abort, request, send_file
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wijkplatform.contributions.photos import images, queries, services, storage
from wijkplatform.contributions.photos.models import MAX_PHOTOS, SIZES
from wijkplatform.contributions.queries import get_contribution
from wijkplatform.contributions.views.common import bp
from wijkplatform.core.errors import DomainError
from wijkplatform.core.text import clean_line

logger = logging.getLogger(__name__)

CHOOSE_AGAIN = _l(
    "Choose the photo again: for your safety the browser does not keep a chosen photo when "
    "the form comes back. Or empty the description below."
)
# A year: a photo's address is random and its file never changes; a new photo gets a new
# address. Hidden or withdrawn photos are sent only to their author and the workers, with
# "no-store".
PUBLIC_CACHE = "public, max-age=31536000, immutable"


def photo_upload_limit() -> int:
    """The request limit of a contribution form: MAX_PHOTOS photos (core/uploads.py)."""
    max_bytes, _pixels = services.limits()
    return MAX_PHOTOS * max_bytes


def photo_too_large_message():
    max_bytes, _pixels = services.limits()
    return _l(
        "What you sent is larger than %(total)d MB. Each photo may be at most %(max)d MB. "
        "Choose smaller photos and try again.",
        total=MAX_PHOTOS * max_bytes // (1024 * 1024),
        max=max_bytes // (1024 * 1024),
    )


def _has_file(upload) -> bool:
    return upload is not None and bool(getattr(upload, "filename", None))


def read_photos(form, free: int) -> list[services.NewPhoto] | None:
    """The photos chosen in the form's first `free` slots, each checked and re-encoded
    (images.prepare), or None after putting a message beside every field that is wrong."""
    max_bytes, max_pixels = services.limits()
    chosen = sum(1 for upload in request.files.values() if _has_file(upload))
    slots = form.photo_slots(min(free, MAX_PHOTOS))
    if chosen > max(free, 0):
        first = slots[0][1] if slots else form.photo_1
        first.errors = [*first.errors, _too_many_message(free)]
        return None
    photos, ok = [], True
    for number, photo_field, alt_field in slots:
        upload = photo_field.data
        alt = clean_line(alt_field.data)
        if not _has_file(upload):
            if alt:
                photo_field.errors = [*photo_field.errors, CHOOSE_AGAIN]
                ok = False
            continue
        try:
            prepared = images.prepare(upload.read(max_bytes + 1), max_bytes=max_bytes,
                                      max_pixels=max_pixels)  # fmt: skip
        except images.PhotoRefused as refused:
            logger.info("Photo refused on %s: %s", request.path, refused)
            photo_field.errors = [*photo_field.errors, refused.message]
            ok = False
            continue
        try:
            alt = services.check_alt_text(alt, alt_field.name)
        except DomainError as error:
            alt_field.errors = [*alt_field.errors, error.message]
            ok = False
            continue
        photos.append(services.NewPhoto(prepared=prepared, alt_text=alt, slot=number))
    return photos if ok else None


def _too_many_message(free: int):
    if free <= 0:
        return _l("This contribution already has %(max)d photos. Remove one first.", max=MAX_PHOTOS)
    return _l(
        "A contribution can have at most %(max)d photos. You can add %(free)d more.",
        max=MAX_PHOTOS,
        free=free,
    )


@bp.route("/photos/<key>-<size>.jpg")
def photo(key: str, size: str):
    if size not in SIZES or not key.isalnum():
        abort(404)
    found = queries.get_by_key(key)
    if found is None:
        abort(404)
    contribution = get_contribution(found.contribution_id)
    if contribution is None or not queries.can_see_photos(current_user, contribution):
        abort(404)
    path = storage.path_for(found.key, size)
    if not path.is_file():
        logger.warning("Photo %s has no %s file at %s", found.id, size, path)
        abort(404)
    response = send_file(path, mimetype="image/jpeg", conditional=True, max_age=None)
    public = queries.is_public(contribution)
    response.headers["Cache-Control"] = PUBLIC_CACHE if public else "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    if not public:
        response.vary.add("Cookie")
    return response
