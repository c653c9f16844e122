"""Every moderation change. The only package that changes an item's hidden state.

Services take the acting user, flush but never commit, write one ModerationEvent per action,
send the domain event (core/signals.py) and log who did what.
"""

from wijkplatform.moderation.services.answers import answer
from wijkplatform.moderation.services.blocks import (
    active_block,
    block,
    block_message,
    lift_block,
    refusal_for_blocked,
)
from wijkplatform.moderation.services.common import (
    BLOCK_MAX_DAYS,
    contribution_of,
    get_target,
    neighbourhood_of,
    record_event,
    target_type_of,
)
from wijkplatform.moderation.services.flags import (
    active_flag_count,
    counting_flag_count,
    decided_reasons,
    flag,
    flag_threshold,
    hide_threshold,
    threshold_for,
)
from wijkplatform.moderation.services.hiding import dismiss_flags, hide, restore
from wijkplatform.moderation.services.merge import merge, survivor_id_of
from wijkplatform.moderation.services.organisations import (
    reject_organisation,
    verify_organisation,
)
from wijkplatform.moderation.services.photos import remove_photo

__all__ = [
    "BLOCK_MAX_DAYS",
    "active_block",
    "active_flag_count",
    "answer",
    "block",
    "block_message",
    "contribution_of",
    "counting_flag_count",
    "decided_reasons",
    "dismiss_flags",
    "flag",
    "flag_threshold",
    "get_target",
    "hide",
    "hide_threshold",
    "lift_block",
    "merge",
    "neighbourhood_of",
    "record_event",
    "refusal_for_blocked",
    "reject_organisation",
    "remove_photo",
    "restore",
    "survivor_id_of",
    "target_type_of",
    "threshold_for",
    "verify_organisation",
]
