"""Moderation state that sits on a content row (DESIGN §5).

Only the moderation feature changes these columns; every list, search and count of the
features that own the rows already leaves hidden rows out.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, String, false
from sqlalchemy.orm import Mapped, mapped_column

HIDDEN_REASON_MAX = 500


class HideableMixin:
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason: Mapped[str | None] = mapped_column(String(HIDDEN_REASON_MAX))
