"""What the contribution services share: the domain error, text normalising, counters.

Counters on the contribution change with an SQL `UPDATE … SET n = n + 1` in the same
transaction as the vote or comment row, so they stay exact under concurrent requests."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from wijkplatform.contributions.models import Contribution
from wijkplatform.core.errors import DomainError
from wijkplatform.core.moderation import participation_refusal
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


def check_participation(user, neighbourhood_id: int) -> None:
    """Refuse a resident whom a neighbourhood worker blocked here. Moderation answers the
    question through a signal in core, so contributions does not import moderation."""
    refusal = participation_refusal(user, neighbourhood_id)
    if refusal:
        raise DomainError(refusal, status=403)


RESEND_MESSAGE = _l("This form was already sent. Reload the page and try again.")


def change_counter(contribution_id: int, column: str, delta: int) -> int | None:
    """Add `delta` to the counter; the stored count (None when there is no such row)."""
    counter = getattr(Contribution, column)
    # RETURNING (PostgreSQL, SQLite 3.35+) gives the stored count in the same statement.
    stored = db.session.execute(
        update(Contribution)
        .where(Contribution.id == contribution_id)
        .values({counter: counter + delta})
        .returning(counter)
        .execution_options(synchronize_session=False)
    ).scalar()
    keep_loaded_count(contribution_id, column, stored)
    return stored


def keep_loaded_count(contribution_id: int, column: str, stored: int | None) -> None:
    """A loaded contribution shows the stored count, not a stale one."""
    loaded = db.session.identity_map.get(db.session.identity_key(Contribution, contribution_id))
    if loaded is not None and stored is not None:
        set_committed_value(loaded, column, stored)
