"""Hide, restore and set reports aside: a neighbourhood worker's decision on an item."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l

from wijkplatform.core import signals
from wijkplatform.core.audit import actor_label
from wijkplatform.core.errors import DomainError
from wijkplatform.moderation.models import (
    Action,
)
from wijkplatform.moderation.services.common import (
    ensure_moderator,
    neighbourhood_of,
    reason_text,
    record_event,
    set_hidden,
    target_type_of,
)
from wijkplatform.moderation.services.flags import dismiss_open_flags

logger = logging.getLogger(__name__)


# --- Hide, restore, dismiss ----------------------------------------------------------


def hide(actor, target, *, reason: str) -> None:
    neighbourhood = neighbourhood_of(target)
    ensure_moderator(actor, neighbourhood)
    reason = reason_text(reason, required=True)
    if target.hidden and target.hidden_reason == reason:
        return
    target_type = target_type_of(target)
    set_hidden(target, True, reason)
    record_event(
        actor,
        Action.HIDDEN,
        target_type,
        target.id,
        neighbourhood_id=neighbourhood.id,
        reason=reason,
    )
    logger.info("%s hid %s %s", actor_label(actor), target_type.value, target.id)
    signals.content_hidden.send("moderation", actor=actor, target=target, reason=reason)


def restore(actor, target, *, reason: str | None = None) -> None:
    """Show the item again; the reports so far are set aside so they do not hide it again."""
    neighbourhood = neighbourhood_of(target)
    ensure_moderator(actor, neighbourhood)
    reason = reason_text(reason, required=False)
    target_type = target_type_of(target)
    if not target.hidden:
        raise DomainError(_l("This is not hidden."), status=409)
    set_hidden(target, False, None)
    dismiss_open_flags(target_type, target.id)
    record_event(
        actor,
        Action.RESTORED,
        target_type,
        target.id,
        neighbourhood_id=neighbourhood.id,
        reason=reason,
    )
    logger.info("%s restored %s %s", actor_label(actor), target_type.value, target.id)
    signals.content_restored.send("moderation", actor=actor, target=target, reason=reason)


def dismiss_flags(actor, target, *, reason: str | None = None) -> int:
    """Set the open reports aside (nothing wrong). Returns how many were set aside."""
    neighbourhood = neighbourhood_of(target)
    ensure_moderator(actor, neighbourhood)
    reason = reason_text(reason, required=False)
    target_type = target_type_of(target)
    count = dismiss_open_flags(target_type, target.id)
    record_event(
        actor,
        Action.FLAGS_DISMISSED,
        target_type,
        target.id,
        neighbourhood_id=neighbourhood.id,
        reason=reason,
    )
    logger.info("%s dismissed %d flags on %s %s", actor_label(actor), count, target_type, target.id)
    return count
