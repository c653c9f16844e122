"""What the moderation services share: the acting user, reasons, the audit log, targets
and the hidden state of a row."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from wijkplatform.contributions.models import (
    Comment,
    Contribution,
    Vote,
)
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.core.text import clean_text
from wijkplatform.extensions import db
from wijkplatform.moderation import permissions, targets
from wijkplatform.moderation.models import (
    REASON_MAX,
    Action,
    ModerationEvent,
    TargetType,
)

logger = logging.getLogger(__name__)


DEFAULT_FLAG_HIDE_THRESHOLD = 3
DEFAULT_FLAG_SUPPORTERS_PER_EXTRA_REPORT = 5
BLOCK_MAX_DAYS = 366


def reason_text(text: str | None, *, required: bool, field: str = "reason") -> str | None:
    text = clean_text(text)
    if not text:
        if required:
            raise DomainError(_l("Write a reason. The author may see it."), field)
        return None
    if len(text) > REASON_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=REASON_MAX), field)
    return text


def ensure_moderator(actor, neighbourhood) -> None:
    if not permissions.can_moderate(actor, neighbourhood):
        raise DomainError(_l("You do not moderate this neighbourhood."), status=403)


def record_event(
    actor,
    action: Action,
    target_type: TargetType,
    target_id: int,
    *,
    neighbourhood_id: int | None,
    reason: str | None = None,
    municipality_id: int | None = None,
) -> ModerationEvent:
    moderation_event = ModerationEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        neighbourhood_id=neighbourhood_id,
        municipality_id=municipality_id,
        reason=reason,
    )
    db.session.add(moderation_event)
    db.session.flush()
    return moderation_event


# --- Targets -------------------------------------------------------------------------


def get_target(target_type: str, target_id: int):
    """The contribution or comment, or None (also for a type that cannot be flagged)."""
    try:
        target_type = TargetType(target_type)
    except ValueError:
        return None
    if target_type == TargetType.CONTRIBUTION:
        return db.session.get(Contribution, target_id)
    if target_type == TargetType.COMMENT:
        return db.session.get(Comment, target_id)
    kind = targets.kind_for_type(target_type)
    return db.session.get(kind.model, target_id) if kind is not None else None


def target_type_of(target) -> TargetType:
    if isinstance(target, Comment):
        return TargetType.COMMENT
    if isinstance(target, Contribution):
        return TargetType.CONTRIBUTION
    kind = targets.kind_of(target)
    if kind is None:
        raise TypeError(f"{type(target).__name__} is not moderated content")
    return kind.target_type


def contribution_of(target) -> Contribution | None:
    """The contribution a contribution or reaction belongs to; None for content of another
    feature (moderation/targets.py)."""
    if isinstance(target, Comment):
        return db.session.get(Contribution, target.contribution_id)
    if isinstance(target, Contribution):
        return target
    return None


def neighbourhood_of(target):
    contribution = contribution_of(target)
    if contribution is not None:
        return contribution.neighbourhood
    return targets.kind_of(target).neighbourhood(target)


def refresh_counters(contribution_id: int) -> None:
    """Set both counters from the rows themselves: exact whatever happened before."""
    supports = select(func.count(Vote.id)).where(Vote.contribution_id == contribution_id)
    comments = select(func.count(Comment.id)).where(
        Comment.contribution_id == contribution_id,
        Comment.hidden.is_(False),
        Comment.deleted_at.is_(None),
    )
    db.session.execute(
        update(Contribution)
        .where(Contribution.id == contribution_id)
        .values(support_count=supports.scalar_subquery(), comment_count=comments.scalar_subquery())
        .execution_options(synchronize_session=False)
    )
    loaded = db.session.identity_map.get(db.session.identity_key(Contribution, contribution_id))
    if loaded is not None:
        db.session.refresh(loaded, ["support_count", "comment_count"])


def set_hidden(target, hidden: bool, reason: str | None) -> None:
    target.hidden = hidden
    target.hidden_at = utcnow() if hidden else None
    target.hidden_reason = reason if hidden else None
    db.session.flush()
    if isinstance(target, Comment):
        # Hidden reactions are not in the public count.
        refresh_counters(target.contribution_id)
