"""Reports, and hiding an item automatically after enough of them from people who count.

Anyone signed in may report, and every report reaches the neighbourhood worker's queue. Only
reports from residents who count (accounts.permissions.why_not_counted) hide an item by
themselves, the number needed grows with the item's support from such residents, and a reason
a worker already looked at (reports set aside on restore or dismiss) does not hide it again.
docs/moderation.md explains the rule and the formula.
"""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from wijkplatform.accounts.permissions import why_not_counted
from wijkplatform.contributions.queries import resident_support_counts
from wijkplatform.core import signals
from wijkplatform.core.audit import actor_label
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.moderation import permissions
from wijkplatform.moderation.models import (
    Action,
    Flag,
    FlagNotCounted,
    FlagReason,
    TargetType,
)
from wijkplatform.moderation.services.common import (
    DEFAULT_FLAG_HIDE_THRESHOLD,
    DEFAULT_FLAG_SUPPORTERS_PER_EXTRA_REPORT,
    neighbourhood_of,
    reason_text,
    record_event,
    set_hidden,
    target_type_of,
)

logger = logging.getLogger(__name__)


# --- Flags ---------------------------------------------------------------------------


def flag_threshold() -> int:
    """Reports that count, needed to hide an item nobody who counts supports."""
    return int(current_app.config.get("FLAG_HIDE_THRESHOLD", DEFAULT_FLAG_HIDE_THRESHOLD))


def threshold_for(resident_supporters: int) -> int:
    """FLAG_HIDE_THRESHOLD + resident supporters // FLAG_SUPPORTERS_PER_EXTRA_REPORT: ten
    residents behind an item make two more reports necessary (3 + 10 // 5 = 5)."""
    per_extra = int(
        current_app.config.get(
            "FLAG_SUPPORTERS_PER_EXTRA_REPORT", DEFAULT_FLAG_SUPPORTERS_PER_EXTRA_REPORT
        )
    )
    extra = resident_supporters // per_extra if per_extra > 0 else 0
    return flag_threshold() + extra


def hide_threshold(target) -> int:
    """Reports that count, needed to hide `target` now. Reactions cannot be supported."""
    if target_type_of(target) != TargetType.CONTRIBUTION:
        return threshold_for(0)
    supporters = resident_support_counts(target.neighbourhood_id, [target.id])
    return threshold_for(supporters.get(target.id, 0))


def active_flag_count(target_type: TargetType, target_id: int) -> int:
    """Open reports (not set aside), whether they count or not."""
    return db.session.scalar(
        select(func.count(Flag.id)).where(
            Flag.target_type == target_type,
            Flag.target_id == target_id,
            Flag.dismissed_at.is_(None),
        )
    )


def counting_flag_count(target_type: TargetType, target_id: int) -> int:
    """Open reports that count toward hiding the item."""
    return db.session.scalar(
        select(func.count(Flag.id)).where(
            Flag.target_type == target_type,
            Flag.target_id == target_id,
            Flag.dismissed_at.is_(None),
            Flag.not_counted.is_(None),
        )
    )


def decided_reasons(target_type: TargetType, target_id: int) -> set[FlagReason]:
    """Reasons of reports a neighbourhood worker set aside (restore or dismiss): the worker
    looked at the item for these and kept it."""
    return {
        FlagReason(reason)
        for reason in db.session.scalars(
            select(Flag.reason)
            .where(
                Flag.target_type == target_type,
                Flag.target_id == target_id,
                Flag.dismissed_at.is_not(None),
            )
            .distinct()
        )
    }


def _not_counted(reporter, target_type, target, neighbourhood, reason) -> FlagNotCounted | None:
    gap = why_not_counted(reporter, neighbourhood)
    if gap is not None:
        return FlagNotCounted(gap.value)
    if reason in decided_reasons(target_type, target.id):
        return FlagNotCounted.REASON_DECIDED
    return None


def flag(reporter, target, *, reason: str, text: str | None = None) -> Flag | None:
    """Report `target`. A second report by the same person changes nothing (None).

    When enough residents who count reported it, the item is hidden until a neighbourhood
    worker looks at it (see the module's docstring)."""
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
        not_counted=_not_counted(reporter, target_type, target, neighbourhood, reason),
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
        "%s flagged %s %s (%s; %s)",
        actor_label(reporter),
        target_type.value,
        target.id,
        reason,
        f"not counted: {report.not_counted}" if report.not_counted else "counted",
    )
    signals.content_flagged.send("moderation", actor=reporter, flag=report, target=target)
    if (
        report.not_counted is None
        and not target.hidden
        and counting_flag_count(target_type, target.id) >= hide_threshold(target)
    ):
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
