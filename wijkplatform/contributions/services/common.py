"""What the contribution services share: the domain error, text normalising, counters.

Counters on the contribution change with an SQL `UPDATE … SET n = n + 1` in the same
transaction as the vote or comment row, so they stay exact under concurrent requests."""

from __future__ import annotations

import logging
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from wijkplatform.contributions.models import Contribution
from wijkplatform.core.moderation import participation_refusal
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


class ContributionError(Exception):
    """A rule about contributions was broken; `field` names the form field it belongs to."""

    def __init__(self, message, field: str | None = None, status: int = 422):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.status = status


def check_participation(user, neighbourhood_id: int) -> None:
    """Refuse a resident whom a neighbourhood worker blocked here. Moderation answers the
    question through a signal in core, so contributions does not import moderation."""
    refusal = participation_refusal(user, neighbourhood_id)
    if refusal:
        raise ContributionError(refusal, status=403)


RESEND_MESSAGE = _l("This form was already sent. Reload the page and try again.")


def actor_label(user) -> str:
    return f"user {user.id}" if user is not None else "system"


def normalise_line(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "")
    # Control characters (escape codes, bells) never belong in a one-line text either.
    text = "".join(ch if unicodedata.category(ch) != "Cc" else " " for ch in text)
    return " ".join(text.split())


def normalise_text(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").strip()
    # Control characters other than new lines and tabs never belong in a text.
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def change_counter(contribution_id: int, column: str, delta: int) -> None:
    counter = getattr(Contribution, column)
    db.session.execute(
        update(Contribution)
        .where(Contribution.id == contribution_id)
        .values({counter: counter + delta})
        .execution_options(synchronize_session=False)
    )
    # A loaded contribution shows the stored count, not a stale one.
    loaded = db.session.identity_map.get(db.session.identity_key(Contribution, contribution_id))
    if loaded is not None:
        db.session.refresh(loaded, [column])
