"""Creating (online or from offline input), editing and withdrawing contributions."""

from __future__ import annotations

import logging
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wijkplatform.accounts.permissions import can_post_for_organisation
from wijkplatform.contributions import permissions
from wijkplatform.contributions.models import (
    BODY_MAX,
    CATEGORIES,
    PLACE_MAX,
    TITLE_MAX,
    TITLE_MIN,
    Contribution,
    ContributionCategory,
    ContributionKind,
    OfflineSource,
)
from wijkplatform.contributions.photos import services as photo_services
from wijkplatform.contributions.services.common import (
    RESEND_MESSAGE,
    check_participation,
)
from wijkplatform.core import signals
from wijkplatform.core.audit import actor_label
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.core.text import clean_line, clean_text
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


def _check_text(title: str, body: str) -> None:
    if not title:
        raise DomainError(_l("Fill in a title."), "title")
    if len(title) < TITLE_MIN:
        raise DomainError(_l("Use at least %(min)d characters.", min=TITLE_MIN), "title")
    if len(title) > TITLE_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=TITLE_MAX), "title")
    if not body:
        raise DomainError(_l("Describe your contribution in a few sentences."), "body")
    if len(body) > BODY_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=BODY_MAX), "body")


def _check_categories(categories) -> list[str]:
    chosen = list(dict.fromkeys(categories or []))
    if not chosen:
        raise DomainError(_l("Choose at least one subject."), "categories")
    if any(key not in CATEGORIES for key in chosen):
        raise DomainError(_l("Choose subjects from the list."), "categories")
    return chosen


def _check_place(place, latitude, longitude):
    place = clean_line(place) or None
    if place and len(place) > PLACE_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=PLACE_MAX), "place")
    if (latitude is None) != (longitude is None):
        raise DomainError(_l("Give both latitude and longitude, or neither."), "place")
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise DomainError(_l("These coordinates are not on the map."), "place")
    return place, latitude, longitude


def create_contribution(
    author,
    *,
    neighbourhood,
    kind: ContributionKind | str,
    title: str,
    body: str,
    categories,
    place: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    submission_key: str | None = None,
    offline_source: OfflineSource | str | None = None,
    offline_date: date | None = None,
    organisation=None,
    photos: list[photo_services.NewPhoto] | None = None,
) -> Contribution:
    """A new contribution by `author`; with `offline_source` the author is a moderator who
    types in what was collected on paper, at a meeting or door to door. `photos` are
    checked photos (photos.images.prepare) with their alt texts.

    The same `submission_key` twice (a double-clicked submit) returns the first row."""
    if submission_key:
        existing = db.session.scalar(
            select(Contribution).where(Contribution.submission_key == submission_key)
        )
        if existing is not None and author.id in {existing.author_id, existing.recorded_by_id}:
            return existing
    try:
        kind = ContributionKind(kind)
    except ValueError as error:
        raise DomainError(_l("Choose what kind of contribution this is."), "kind") from error
    title = clean_line(title)
    body = clean_text(body)
    _check_text(title, body)
    chosen = _check_categories(categories)
    place, latitude, longitude = _check_place(place, latitude, longitude)
    offline = offline_source is not None
    if offline:
        if not permissions.can_record_offline(author, neighbourhood):
            raise DomainError(
                _l("Only neighbourhood workers can enter contributions collected offline."),
                "offline_source",
                status=403,
            )
        try:
            offline_source = OfflineSource(offline_source)
        except ValueError as error:
            raise DomainError(_l("Choose where this was collected."), "offline_source") from error
        if offline_date is None:
            raise DomainError(_l("Fill in the date it was collected."), "offline_date")
        if offline_date > utcnow().date():
            raise DomainError(_l("This date is in the future."), "offline_date")
    elif not permissions.can_create_contribution(author, neighbourhood):
        raise DomainError(
            _l("Only residents of this neighbourhood can add a contribution here."), status=403
        )
    else:
        check_participation(author, neighbourhood.id)
    if organisation is not None and not can_post_for_organisation(author, organisation):
        raise DomainError(
            _l("You can only post for a verified organisation you are a member of."),
            "organisation_id",
        )
    contribution = Contribution(
        kind=kind,
        neighbourhood_id=neighbourhood.id,
        municipality_id=neighbourhood.municipality_id,
        author_id=None if offline else author.id,
        recorded_by_id=author.id if offline else None,
        offline_source=offline_source if offline else None,
        offline_date=offline_date if offline else None,
        title=title,
        body=body,
        place=place,
        latitude=latitude,
        longitude=longitude,
        submission_key=submission_key or None,
        organisation_id=organisation.id if organisation is not None else None,
        category_rows=[ContributionCategory(category=key) for key in chosen],
    )
    try:
        with db.session.begin_nested():
            db.session.add(contribution)
    except IntegrityError:
        # The same form was sent twice at the same moment: the other request won.
        existing = db.session.scalar(
            select(Contribution).where(Contribution.submission_key == submission_key)
        )
        if existing is None or author.id not in {existing.author_id, existing.recorded_by_id}:
            raise DomainError(RESEND_MESSAGE) from None
        return existing
    photo_services.add_photos(author, contribution, photos or [])
    logger.info(
        "%s added %s contribution %s in neighbourhood %s%s",
        actor_label(author),
        kind.value,
        contribution.id,
        neighbourhood.id,
        f" (offline, {offline_source.value})" if offline else "",
    )
    signals.contribution_created.send("contributions", actor=author, contribution=contribution)
    return contribution


def edit_contribution(
    user,
    contribution: Contribution,
    *,
    title: str,
    body: str,
    categories,
    place: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    remove_photo_ids=(),
    photos: list[photo_services.NewPhoto] | None = None,
    photo_alt_texts: dict[int, str] | None = None,
) -> Contribution:
    """`photo_alt_texts`: new alt texts of photos the contribution keeps, by photo id."""
    if not permissions.can_edit_contribution(user, contribution):
        raise DomainError(
            _l("This contribution can no longer be changed: others have reacted to it."),
            status=403,
        )
    title = clean_line(title)
    body = clean_text(body)
    _check_text(title, body)
    chosen = _check_categories(categories)
    place, latitude, longitude = _check_place(place, latitude, longitude)
    contribution.title = title
    contribution.body = body
    contribution.place = place
    contribution.latitude = latitude
    contribution.longitude = longitude
    current = {row.category: row for row in contribution.category_rows}
    for key in set(current) - set(chosen):
        contribution.category_rows.remove(current[key])
    for key in chosen:
        if key not in current:
            contribution.category_rows.append(ContributionCategory(category=key))
    db.session.flush()
    photo_services.change_alt_texts(user, contribution, photo_alt_texts or {})
    photo_services.remove_own_photos(user, contribution, remove_photo_ids)
    photo_services.add_photos(user, contribution, photos or [])
    logger.info("%s edited contribution %s", actor_label(user), contribution.id)
    signals.contribution_edited.send("contributions", actor=user, contribution=contribution)
    return contribution


def withdraw_contribution(user, contribution: Contribution) -> None:
    if contribution.withdrawn:
        return
    if not permissions.can_withdraw_contribution(user, contribution):
        raise DomainError(_l("Only the author can withdraw this contribution."), status=403)
    contribution.withdrawn_at = utcnow()
    db.session.flush()
    logger.info("%s withdrew contribution %s", actor_label(user), contribution.id)
    signals.contribution_withdrawn.send("contributions", actor=user, contribution=contribution)
