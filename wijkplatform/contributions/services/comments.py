"""Comments with one level of replies, a stance, an edit window and removal."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from wijkplatform.contributions import permissions
from wijkplatform.contributions.models import (
    COMMENT_MAX,
    Comment,
    Contribution,
    Stance,
)
from wijkplatform.contributions.services.common import (
    RESEND_MESSAGE,
    change_counter,
    check_participation,
)
from wijkplatform.core import signals
from wijkplatform.core.audit import actor_label
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.core.markdown import RENDERER_VERSION
from wijkplatform.core.text import clean_text
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


def _check_comment_body(body: str) -> str:
    body = clean_text(body)
    if not body:
        raise DomainError(_l("Write a reaction first."), "body")
    if len(body) > COMMENT_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=COMMENT_MAX), "body")
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
        raise DomainError(_l("You cannot react to this contribution."), status=409)
    check_participation(author, contribution.neighbourhood_id)
    body = _check_comment_body(body)
    try:
        stance = Stance(stance or Stance.NEUTRAL)
    except ValueError as error:
        raise DomainError(_l("Choose one of the options."), "stance") from error
    parent = None
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if parent is None or parent.contribution_id != contribution.id or parent.hidden:
            raise DomainError(_l("The reaction you answer no longer exists."), "body")
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
        if existing is None or existing.author_id != author.id:
            raise DomainError(RESEND_MESSAGE) from None
        return existing
    change_counter(contribution.id, "comment_count", +1)
    logger.info(
        "%s commented %s on contribution %s", actor_label(author), comment.id, contribution.id
    )
    signals.comment_created.send(
        "contributions", actor=author, comment=comment, contribution=contribution
    )
    return comment


def edit_comment(user, comment: Comment, *, body: str, stance: Stance | str | None = None) -> None:
    if not permissions.can_edit_comment(user, comment):
        raise DomainError(_l("This reaction can no longer be changed."), status=403)
    comment.body = _check_comment_body(body)
    if stance is not None:
        try:
            comment.stance = Stance(stance)
        except ValueError as error:
            raise DomainError(_l("Choose one of the options."), "stance") from error
    db.session.flush()
    logger.info("%s edited comment %s", actor_label(user), comment.id)


def delete_comment(user, comment: Comment) -> None:
    """The text goes; the row stays when replies hang under it ("reaction removed")."""
    if comment.deleted:
        return
    if not permissions.can_delete_comment(user, comment):
        raise DomainError(_l("You can only remove your own reactions."), status=403)
    comment.deleted_at = utcnow()
    comment.body = ""
    change_counter(comment.contribution_id, "comment_count", -1)
    db.session.flush()
    logger.info("%s deleted comment %s", actor_label(user), comment.id)
    signals.comment_deleted.send(
        "contributions", actor=user, comment=comment, contribution=comment.contribution
    )


def stale_html_ids(*, everything: bool = False) -> list[int]:
    """Comments whose stored HTML is missing or made by an older renderer (all with
    `everything`), by id."""
    query = select(Comment.id).order_by(Comment.id)
    if not everything:
        query = query.where(
            Comment.body_html.is_(None)
            | Comment.body_html_version.is_(None)
            | (Comment.body_html_version != RENDERER_VERSION)
        )
    return list(db.session.scalars(query))


def rerender_comments(comment_ids) -> int:
    """Store the HTML of these comments again with the current renderer (after a change
    of RENDERER_VERSION; `flask comments rerender`). Returns how many were rendered."""
    comments = db.session.scalars(
        select(Comment).where(Comment.id.in_(list(comment_ids))).options(lazyload(Comment.author))
    ).all()
    for comment in comments:
        comment.store_html()
    db.session.flush()
    logger.info(
        "stored the HTML of %s comments again (renderer %s)", len(comments), RENDERER_VERSION
    )
    return len(comments)
