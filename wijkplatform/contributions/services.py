"""Every change to contributions, votes, comments, follows and links. Flush, never commit.

Counters on the contribution change with an SQL `UPDATE … SET n = n + 1` in the same
transaction as the vote or comment row, so they stay exact under concurrent requests.
"""

from __future__ import annotations

import logging
import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from wijkplatform.accounts.permissions import can_post_for_organisation
from wijkplatform.contributions import permissions
from wijkplatform.contributions.models import (
    BODY_MAX,
    CATEGORIES,
    COMMENT_MAX,
    PLACE_MAX,
    TITLE_MAX,
    TITLE_MIN,
    Comment,
    Contribution,
    ContributionCategory,
    ContributionKind,
    ContributionLink,
    Follow,
    OfflineSource,
    Stance,
    Vote,
)
from wijkplatform.core.db import utcnow
from wijkplatform.core.moderation import participation_refusal
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


class ContributionError(Exception):
    """A rule about contributions was broken; `field` names the form field it belongs to."""

    def __init__(self, message, field: str | None = None, status: int = 422):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.status = status


def _check_participation(user, neighbourhood_id: int) -> None:
    """Refuse a resident whom a neighbourhood worker blocked here (answered by moderation)."""
    refusal = participation_refusal(user, neighbourhood_id)
    if refusal:
        raise ContributionError(refusal, status=403)


def _actor(user) -> str:
    return f"user {user.id}" if user is not None else "system"


def normalise_line(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def normalise_text(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").strip()
    # Control characters other than new lines and tabs never belong in a text.
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def _check_text(title: str, body: str) -> None:
    if not title:
        raise ContributionError(_l("Fill in a title."), "title")
    if len(title) < TITLE_MIN:
        raise ContributionError(_l("Use at least %(min)d characters.", min=TITLE_MIN), "title")
    if len(title) > TITLE_MAX:
        raise ContributionError(_l("Use at most %(max)d characters.", max=TITLE_MAX), "title")
    if not body:
        raise ContributionError(_l("Describe your contribution in a few sentences."), "body")
    if len(body) > BODY_MAX:
        raise ContributionError(_l("Use at most %(max)d characters.", max=BODY_MAX), "body")


def _check_categories(categories) -> list[str]:
    chosen = list(dict.fromkeys(categories or []))
    if not chosen:
        raise ContributionError(_l("Choose at least one subject."), "categories")
    if any(key not in CATEGORIES for key in chosen):
        raise ContributionError(_l("Choose subjects from the list."), "categories")
    return chosen


def _check_place(place, latitude, longitude):
    place = normalise_line(place) or None
    if place and len(place) > PLACE_MAX:
        raise ContributionError(_l("Use at most %(max)d characters.", max=PLACE_MAX), "place")
    if (latitude is None) != (longitude is None):
        raise ContributionError(_l("Give both latitude and longitude, or neither."), "place")
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ContributionError(_l("These coordinates are not on the map."), "place")
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
) -> Contribution:
    """A new contribution by `author`; with `offline_source` the author is a moderator who
    types in what was collected on paper, at a meeting or door to door.

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
        raise ContributionError(_l("Choose what kind of contribution this is."), "kind") from error
    title = normalise_line(title)
    body = normalise_text(body)
    _check_text(title, body)
    chosen = _check_categories(categories)
    place, latitude, longitude = _check_place(place, latitude, longitude)
    offline = offline_source is not None
    if offline:
        if not permissions.can_record_offline(author, neighbourhood):
            raise ContributionError(
                _l("Only neighbourhood workers can enter contributions collected offline."),
                "offline_source",
                status=403,
            )
        try:
            offline_source = OfflineSource(offline_source)
        except ValueError as error:
            raise ContributionError(
                _l("Choose where this was collected."), "offline_source"
            ) from error
        if offline_date is None:
            raise ContributionError(_l("Fill in the date it was collected."), "offline_date")
        if offline_date > utcnow().date():
            raise ContributionError(_l("This date is in the future."), "offline_date")
    elif not permissions.can_create_contribution(author, neighbourhood):
        raise ContributionError(
            _l("Only residents of this neighbourhood can add a contribution here."), status=403
        )
    else:
        _check_participation(author, neighbourhood.id)
    if organisation is not None and not can_post_for_organisation(author, organisation):
        raise ContributionError(
            _l("You can only post for a verified organisation you are a member of."),
            "organisation_id",
        )
    contribution = Contribution(
        kind=kind,
        neighbourhood_id=neighbourhood.id,
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
        if existing is None:
            raise
        return existing
    logger.info(
        "%s added %s contribution %s in neighbourhood %s%s",
        _actor(author),
        kind.value,
        contribution.id,
        neighbourhood.id,
        f" (offline, {offline_source.value})" if offline else "",
    )
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
) -> Contribution:
    if not permissions.can_edit_contribution(user, contribution):
        raise ContributionError(
            _l("This contribution can no longer be changed: others have reacted to it."),
            status=403,
        )
    title = normalise_line(title)
    body = normalise_text(body)
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
    logger.info("%s edited contribution %s", _actor(user), contribution.id)
    return contribution


def withdraw_contribution(user, contribution: Contribution) -> None:
    if contribution.withdrawn:
        return
    if not permissions.can_withdraw_contribution(user, contribution):
        raise ContributionError(_l("Only the author can withdraw this contribution."), status=403)
    contribution.withdrawn_at = utcnow()
    db.session.flush()
    logger.info("%s withdrew contribution %s", _actor(user), contribution.id)


def _change_counter(contribution_id: int, column: str, delta: int) -> None:
    counter = getattr(Contribution, column)
    db.session.execute(
        update(Contribution)
        .where(Contribution.id == contribution_id)
        .values({counter: counter + delta})
        .execution_options(synchronize_session=False)
    )
    # A loaded contribution shows the stored count, not a stale one.
    loaded = db.session.identity_map.get(db.session.identity_key(Contribution, contribution_id))
    if loaded is not None:
        db.session.refresh(loaded, [column])


def set_support(user, contribution: Contribution, supported: bool) -> bool:
    """Support (or stop supporting) a contribution; True when something changed.

    Asking twice for the same state changes nothing, so a double click is harmless."""
    if supported:
        if not permissions.can_support_contribution(user, contribution):
            raise ContributionError(_l("This contribution cannot be supported."), status=409)
        _check_participation(user, contribution.neighbourhood_id)
        try:
            with db.session.begin_nested():
                db.session.add(Vote(user_id=user.id, contribution_id=contribution.id))
        except IntegrityError:
            return False  # already supported (perhaps by the same click a moment ago)
        _change_counter(contribution.id, "support_count", +1)
    else:
        result = db.session.execute(
            delete(Vote).where(Vote.user_id == user.id, Vote.contribution_id == contribution.id)
        )
        if result.rowcount == 0:
            return False
        _change_counter(contribution.id, "support_count", -1)
    logger.info(
        "%s %s contribution %s",
        _actor(user),
        "supports" if supported else "no longer supports",
        contribution.id,
    )
    return True


def has_supported(user, contribution: Contribution) -> bool:
    if not permissions._signed_in(user):
        return False
    return (
        db.session.scalar(
            select(Vote.id).where(Vote.user_id == user.id, Vote.contribution_id == contribution.id)
        )
        is not None
    )


def set_follow(user, contribution: Contribution, following: bool) -> bool:
    if following:
        if not permissions.can_follow_contribution(user, contribution):
            raise ContributionError(_l("You cannot follow this contribution."), status=409)
        try:
            with db.session.begin_nested():
                db.session.add(Follow(user_id=user.id, contribution_id=contribution.id))
        except IntegrityError:
            return False
    else:
        result = db.session.execute(
            delete(Follow).where(
                Follow.user_id == user.id, Follow.contribution_id == contribution.id
            )
        )
        if result.rowcount == 0:
            return False
    logger.info(
        "%s %s contribution %s",
        _actor(user),
        "follows" if following else "stopped following",
        contribution.id,
    )
    return True


def _check_comment_body(body: str) -> str:
    body = normalise_text(body)
    if not body:
        raise ContributionError(_l("Write a reaction first."), "body")
    if len(body) > COMMENT_MAX:
        raise ContributionError(_l("Use at most %(max)d characters.", max=COMMENT_MAX), "body")
    return body


def add_comment(
    author,
    contribution: Contribution,
    *,
    body: str,
    stance: Stance | str = Stance.NEUTRAL,
    parent_id: int | None = None,
    submission_key: str | None = None,
) -> Comment:
    if submission_key:
        existing = db.session.scalar(
            select(Comment).where(Comment.submission_key == submission_key)
        )
        if existing is not None and existing.author_id == author.id:
            return existing
    if not permissions.can_comment_on(author, contribution):
        raise ContributionError(_l("You cannot react to this contribution."), status=409)
    _check_participation(author, contribution.neighbourhood_id)
    body = _check_comment_body(body)
    try:
        stance = Stance(stance or Stance.NEUTRAL)
    except ValueError as error:
        raise ContributionError(_l("Choose one of the options."), "stance") from error
    parent = None
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if parent is None or parent.contribution_id != contribution.id or parent.hidden:
            raise ContributionError(_l("The reaction you answer no longer exists."), "body")
        # One level of replies: an answer to a reply joins the same thread.
        parent = db.session.get(Comment, parent.parent_id) if parent.parent_id else parent
    comment = Comment(
        contribution_id=contribution.id,
        author_id=author.id,
        parent_id=parent.id if parent else None,
        stance=stance,
        body=body,
        submission_key=submission_key or None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(comment)
    except IntegrityError:
        existing = db.session.scalar(
            select(Comment).where(Comment.submission_key == submission_key)
        )
        if existing is None:
            raise
        return existing
    _change_counter(contribution.id, "comment_count", +1)
    logger.info("%s commented %s on contribution %s", _actor(author), comment.id, contribution.id)
    return comment


def edit_comment(user, comment: Comment, *, body: str, stance: Stance | str | None = None) -> None:
    if not permissions.can_edit_comment(user, comment):
        raise ContributionError(_l("This reaction can no longer be changed."), status=403)
    comment.body = _check_comment_body(body)
    if stance is not None:
        try:
            comment.stance = Stance(stance)
        except ValueError as error:
            raise ContributionError(_l("Choose one of the options."), "stance") from error
    db.session.flush()
    logger.info("%s edited comment %s", _actor(user), comment.id)


def delete_comment(user, comment: Comment) -> None:
    """The text goes; the row stays when replies hang under it ("reaction removed")."""
    if comment.deleted:
        return
    if not permissions.can_delete_comment(user, comment):
        raise ContributionError(_l("You can only remove your own reactions."), status=403)
    comment.deleted_at = utcnow()
    comment.body = ""
    _change_counter(comment.contribution_id, "comment_count", -1)
    db.session.flush()
    logger.info("%s deleted comment %s", _actor(user), comment.id)


def link_contributions(user, source: Contribution, target: Contribution) -> ContributionLink:
    """Link a resource or potential (`source`) to an issue (`target`) it could help with."""
    if not permissions.can_link_contribution(user, source):
        raise ContributionError(_l("You cannot link this contribution."), status=403)
    if (
        target.kind != ContributionKind.ISSUE
        or target.hidden
        or target.neighbourhood.municipality_id != source.neighbourhood.municipality_id
    ):
        raise ContributionError(_l("Choose an issue from this municipality."), "target_id")
    existing = db.session.scalar(
        select(ContributionLink).where(
            ContributionLink.source_id == source.id, ContributionLink.target_id == target.id
        )
    )
    if existing is not None:
        return existing
    link = ContributionLink(source_id=source.id, target_id=target.id, created_by_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(link)
    except IntegrityError:
        return db.session.scalar(
            select(ContributionLink).where(
                ContributionLink.source_id == source.id, ContributionLink.target_id == target.id
            )
        )
    logger.info("%s linked contribution %s to issue %s", _actor(user), source.id, target.id)
    return link


def unlink_contributions(user, link: ContributionLink) -> None:
    if not permissions.can_link_contribution(user, link.source):
        raise ContributionError(_l("You cannot change the links of this contribution."), status=403)
    db.session.delete(link)
    db.session.flush()
    logger.info("%s removed link %s", _actor(user), link.id)
