"""Reports by residents, and hiding an item automatically after enough of them."""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from wijkplatform.core import signals
from wijkplatform.core.audit import actor_label
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.moderation import permissions
from wijkplatform.moderation.models import (
    Action,
    Flag,
    FlagReason,
    TargetType,
)
from wijkplatform.moderation.services.common import (
    DEFAULT_FLAG_HIDE_THRESHOLD,
    neighbourhood_of,
    reason_text,
    record_event,
    set_hidden,
    target_type_of,
)

logger = logging.getLogger(__name__)


# --- Flags ---------------------------------------------------------------------------


def flag_threshold() -> int:
    return int(current_app.config.get("FLAG_HIDE_THRESHOLD", DEFAULT_FLAG_HIDE_THRESHOLD))


def active_flag_count(target_type: TargetType, target_id: int) -> int:
    return db.session.scalar(
        select(func.count(Flag.id)).where(
            Flag.target_type == target_type,
            Flag.target_id == target_id,
            Flag.dismissed_at.is_(None),
        )
    )


def flag(reporter, target, *, reason: str, text: str | None = None) -> Flag | None:
    """Report `target`. A second report by the same person changes nothing (None).

    When enough different people reported it, the item is hidden until a neighbourhood
    worker looks at it."""
    target_type = target_type_of(target)
    if not permissions.can_flag(reporter, target):
        raise DomainError(_l("This can no longer be reported."), status=409)
    try:
        reason = FlagReason(reason)
    except ValueError as error:
        raise DomainError(_l("Choose a reason."), "reason") from error
    text = reason_text(text, required=reason == FlagReason.OTHER, field="text")
    neighbourhood = neighbourhood_of(target)
    report = Flag(
        reporter_id=reporter.id,
        target_type=target_type,
        target_id=target.id,
        neighbourhood_id=neighbourhood.id,
        reason=reason,
        text=text,
    )
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:
        return None  # this person reported it before: it counts once
    record_event(
        reporter,
        Action.FLAGGED,
        target_type,
        target.id,
        neighbourhood_id=neighbourhood.id,
        reason=reason.value,
    )
    logger.info(
        "%s flagged %s %s (%s)", actor_label(reporter), target_type.value, target.id, reason
    )
    signals.content_flagged.send("moderation", actor=reporter, flag=report, target=target)
    if not target.hidden and active_flag_count(target_type, target.id) >= flag_threshold():
        auto_reason = _("Hidden until a neighbourhood worker has looked at the reports.")
        set_hidden(target, True, auto_reason)
        record_event(
            None,
            Action.AUTO_HIDDEN,
            target_type,
            target.id,
            neighbourhood_id=neighbourhood.id,
            reason=auto_reason,
        )
        logger.info("system hid %s %s after reports", target_type.value, target.id)
        signals.content_hidden.send("moderation", actor=None, target=target, reason=auto_reason)
    return report


def dismiss_open_flags(target_type: TargetType, target_id: int) -> int:
    result = db.session.execute(
        update(Flag)
        .where(
            Flag.target_type == target_type,
            Flag.target_id == target_id,
            Flag.dismissed_at.is_(None),
        )
        .values(dismissed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
