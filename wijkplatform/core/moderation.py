"""Moderation state that sits on a content row (DESIGN §5).

Only the moderation feature changes these columns; every list, search and count of the
features that own the rows already leaves hidden rows out.
"""

from __future__ import annotations

from datetime import datetime

from blinker import Namespace
from sqlalchemy import Boolean, DateTime, String, false
from sqlalchemy.orm import Mapped, mapped_column

HIDDEN_REASON_MAX = 500


class HideableMixin:
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason: Mapped[str | None] = mapped_column(String(HIDDEN_REASON_MAX))


# --- Participation checks ------------------------------------------------------------
# Contributions ask, before a resident contributes, votes or comments, whether anything
# stands in the way (a block by a neighbourhood worker). Moderation answers through this
# signal, so contributions never import moderation (DESIGN §5).

_signals = Namespace()
participation_check = _signals.signal("participation-check")


def participation_refusal(user, neighbourhood_id: int):
    """A translated reason why `user` may not take part in the neighbourhood now, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    for _receiver, reason in participation_check.send(
        None, user=user, neighbourhood_id=neighbourhood_id
    ):
        if reason:
            return reason
    return None
