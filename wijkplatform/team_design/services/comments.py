"""Residents' comments per block of the published design; hidden and shown again through
moderation (team_design/moderated.py), exported and erased with the account."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkplatform.core.audit import actor_label
from wijkplatform.core.errors import DomainError
from wijkplatform.core.moderation import participation_refusal
from wijkplatform.core.text import clean_text
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.team_design import permissions
from wijkplatform.team_design.models import (
    COMMENT_MAX,
    TeamDesign,
    TeamDesignComment,
)
from wijkplatform.team_design.questions import BLOCKS_BY_NUMBER

logger = logging.getLogger(__name__)


def add_comment(actor, design: TeamDesign, block: int, body: str) -> TeamDesignComment:
    if not permissions.can_comment_on_team_design(actor, design):
        raise DomainError(
            _l("Residents of this neighbourhood comment on the published design."), status=403
        )
    refusal = participation_refusal(actor, design.neighbourhood_id)
    if refusal is not None:
        raise DomainError(refusal, status=403)
    if block not in BLOCKS_BY_NUMBER:
        raise DomainError(_l("There is no such building block."), status=404)
    body = clean_text(body)
    if not body:
        raise DomainError(_l("Write your comment."), "body")
    if len(body) > COMMENT_MAX:
        raise DomainError(_l("A comment can be at most %(n)d characters.", n=COMMENT_MAX), "body")
    comment = TeamDesignComment(design_id=design.id, block=block, author_id=actor.id, body=body)
    db.session.add(comment)
    db.session.flush()
    logger.info("%s commented on block %s of team design %s", actor_label(actor), block, design.id)
    return comment


def hide_comment(actor, design: TeamDesign, comment: TeamDesignComment, reason: str) -> None:
    """Hidden through moderation, like a reaction: logged, reports set aside on restore,
    the author told with the reason."""
    if comment.design_id != design.id:
        raise DomainError(_l("This comment is not here."), status=404)
    moderation_services.hide(actor, comment, reason=reason)


def restore_comment(actor, design: TeamDesign, comment: TeamDesignComment) -> None:
    if comment.design_id != design.id:
        raise DomainError(_l("This comment is not here."), status=404)
    moderation_services.restore(actor, comment)


def export_comments(user) -> list[dict]:
    rows = db.session.scalars(
        select(TeamDesignComment)
        .where(TeamDesignComment.author_id == user.id)
        .order_by(TeamDesignComment.id)
    )
    return [
        {
            "design": r.design_id,
            "block": r.block,
            "body": r.body,
            "created_at": r.created_at.isoformat(),
        }
        for r in rows
    ]


def erase_comments(user) -> None:
    for comment in db.session.scalars(
        select(TeamDesignComment).where(TeamDesignComment.author_id == user.id)
    ):
        db.session.delete(comment)
    db.session.flush()
