"""Every change to notifications: adding them (from the receivers), marking them read,
choosing how often to get mail, and unsubscribing from a link."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, insert, select, update

from wijkplatform.accounts.models import User
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.notifications.models import (
    DEFAULT_FREQUENCY,
    Frequency,
    Notification,
    NotificationKind,
    NotificationPreference,
    SubjectType,
)

logger = logging.getLogger(__name__)


def notify(
    recipient_ids: Iterable[int | None],
    kind: NotificationKind,
    subject_type: SubjectType,
    subject_id: int,
    *,
    actor=None,
    detail: str | None = None,
    reason: str | None = None,
    detail_for: Mapping[int, str] | None = None,
) -> int:
    """One notification for each recipient who still has an active account, never for the
    actor. One query to check the accounts, one INSERT for all the rows. `detail_for` gives
    some recipients a detail of their own (the others get `detail`)."""
    actor_id = getattr(actor, "id", None)
    wanted = {rid for rid in recipient_ids if rid is not None and rid != actor_id}
    if not wanted:
        return 0
    active = db.session.scalars(
        select(User.id).where(User.id.in_(wanted), User.active, User.erased_at.is_(None))
    ).all()
    if not active:
        return 0
    now = utcnow()
    db.session.execute(
        insert(Notification),
        [
            {
                "recipient_id": rid,
                "kind": kind,
                "subject_type": subject_type,
                "subject_id": subject_id,
                "actor_id": actor_id,
                "detail": (detail_for or {}).get(rid, detail),
                "reason": reason,
                "created_at": now,
            }
            for rid in sorted(active)
        ],
    )
    logger.info("notified %d people: %s on %s %s", len(active), kind, subject_type, subject_id)
    return len(active)


def mark_read(user, *, subject_type: SubjectType | None = None, subject_id: int | None = None):
    """Mark the user's unread notifications read: all of them, or those about one thing."""
    conditions = [Notification.recipient_id == user.id, Notification.read_at.is_(None)]
    if subject_type is not None:
        conditions += [Notification.subject_type == subject_type]
        conditions += [Notification.subject_id == subject_id]
    result = db.session.execute(
        update(Notification).where(and_(*conditions)).values(read_at=utcnow())
    )
    logger.info("user %s marked %d notifications read", user.id, result.rowcount)
    return result.rowcount


def frequencies_of(user_id: int) -> dict[NotificationKind, Frequency]:
    chosen = dict(
        db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.frequency).where(
                NotificationPreference.user_id == user_id
            )
        ).all()
    )
    return {kind: chosen.get(kind, DEFAULT_FREQUENCY[kind]) for kind in NotificationKind}


def set_frequencies(user, choices: dict[NotificationKind, Frequency]) -> None:
    """Store the user's choice for every kind given (the others keep theirs)."""
    for kind, frequency in choices.items():
        if kind not in NotificationKind or frequency not in Frequency:
            raise DomainError(_l("Choose one of the options."), status=422)
    db.session.execute(
        delete(NotificationPreference).where(
            NotificationPreference.user_id == user.id,
            NotificationPreference.kind.in_(list(choices)),
        )
    )
    db.session.add_all(
        NotificationPreference(user_id=user.id, kind=kind, frequency=frequency)
        for kind, frequency in choices.items()
    )
    db.session.flush()
    logger.info("user %s chose mail frequencies %s", user.id, sorted(choices))


def unsubscribe(user, kind: NotificationKind | None) -> None:
    """From a link in a mail: no more mail about `kind` (about anything when None)."""
    kinds = [kind] if kind is not None else list(NotificationKind)
    set_frequencies(user, dict.fromkeys(kinds, Frequency.NEVER))
