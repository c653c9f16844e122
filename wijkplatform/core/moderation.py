"""Moderation state that sits on a content row (DESIGN §5), and the participation question.

Only the moderation feature changes these columns; every list, search and count of the
features that own the rows already leaves hidden rows out.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, String, false
from sqlalchemy.orm import Mapped, mapped_column

from wijkplatform.core import signals

HIDDEN_REASON_MAX = 500


class HideableMixin:
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason: Mapped[str | None] = mapped_column(String(HIDDEN_REASON_MAX))


def participation_refusal(user, neighbourhood_id: int):
    """A translated reason why `user` may not take part in the neighbourhood now, or None.

    Contributions and Opgaven ask before a resident contributes, supports, comments or
    reacts; moderation answers (a block by a neighbourhood worker)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return signals.ask(
        signals.participation_refusal_asked, user=user, neighbourhood_id=neighbourhood_id
    )
