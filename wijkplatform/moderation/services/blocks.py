"""Blocking a resident from taking part in one neighbourhood for a while."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from wijkplatform.accounts.permissions import is_moderator_of
from wijkplatform.core.audit import actor_label
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.moderation.models import (
    Action,
    Block,
    TargetType,
)
from wijkplatform.moderation.services.common import (
    BLOCK_MAX_DAYS,
    ensure_moderator,
    reason_text,
    record_event,
)

logger = logging.getLogger(__name__)


# --- Blocks --------------------------------------------------------------------------


def active_block(user, neighbourhood_id: int) -> Block | None:
    """The block in force, or None. Asked before every contribution, vote and reaction,
    and nearly always None: the blocked person and the neighbourhood (joined by default)
    are left for the rare message that names them (issue 18)."""
    now = utcnow()
    return db.session.scalar(
        select(Block)
        .options(lazyload(Block.user), lazyload(Block.neighbourhood))
        .where(
            Block.user_id == user.id,
            Block.neighbourhood_id == neighbourhood_id,
            Block.lifted_at.is_(None),
            Block.starts_at <= now,
            Block.ends_at > now,
        )
        .order_by(Block.ends_at.desc())
        .limit(1)
    )


def block_message(block: Block) -> str:
    return _(
        "A neighbourhood worker has blocked you from taking part in %(name)s until "
        "%(date)s. The reason: %(reason)s",
        name=block.neighbourhood.name,
        date=format_date(block.last_day, "long"),
        reason=block.reason,
    )


def refusal_for_blocked(sender, *, user, neighbourhood_id: int, **kwargs):
    """Answers `signals.participation_refusal_asked` (connected in moderation.init_app)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    block = active_block(user, neighbourhood_id)
    return block_message(block) if block is not None else None


def block(actor, user, neighbourhood, *, until: date | None, reason: str) -> Block:
    """Block `user` from contributing, supporting and reacting in `neighbourhood` up to and
    including the day `until`."""
    ensure_moderator(actor, neighbourhood)
    reason = reason_text(reason, required=True)
    today = utcnow().date()
    if until is None:
        raise DomainError(_l("Fill in the last day of the block."), "until")
    if until < today:
        raise DomainError(_l("Choose today or a day in the future."), "until")
    if until > today + timedelta(days=BLOCK_MAX_DAYS):
        raise DomainError(_l("A block lasts at most one year."), "until")
    if user.erased_at is not None:
        # A block would only write a reason about a person who asked to be forgotten.
        raise DomainError(_l("This account has been erased."), status=404)
    if user.id == actor.id or is_moderator_of(user, neighbourhood):
        raise DomainError(_l("Neighbourhood workers cannot be blocked here."), "user")
    ends_at = datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)
    new_block = Block(
        user_id=user.id,
        neighbourhood_id=neighbourhood.id,
        reason=reason,
        ends_at=ends_at,
        created_by_id=actor.id,
    )
    db.session.add(new_block)
    db.session.flush()
    record_event(
        actor,
        Action.BLOCKED,
        TargetType.USER,
        user.id,
        neighbourhood_id=neighbourhood.id,
        reason=f"{until.isoformat()}: {reason}",
    )
    logger.info(
        "%s blocked user %s in neighbourhood %s until %s",
        actor_label(actor),
        user.id,
        neighbourhood.id,
        until,
    )
    return new_block


def lift_block(actor, block_row: Block, *, reason: str | None = None) -> None:
    ensure_moderator(actor, block_row.neighbourhood)
    reason = reason_text(reason, required=False)
    if block_row.lifted_at is not None:
        return
    block_row.lifted_at = utcnow()
    db.session.flush()
    record_event(
        actor,
        Action.UNBLOCKED,
        TargetType.USER,
        block_row.user_id,
        neighbourhood_id=block_row.neighbourhood_id,
        reason=reason,
    )
    logger.info("%s lifted block %s", actor_label(actor), block_row.id)
