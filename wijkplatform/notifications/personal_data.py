"""A person's notifications and mail choices in their data export; gone when they erase
their account. Notifications someone caused keep no name once that person is erased
(actor_id is set to NULL with the account)."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from wijkplatform.extensions import db
from wijkplatform.notifications.models import Notification, NotificationPreference


def export_notifications(user) -> dict:
    rows = db.session.scalars(
        select(Notification)
        .where(Notification.recipient_id == user.id)
        .order_by(Notification.created_at)
    )
    choices = db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id)
    )
    return {
        "mail_choices": {str(choice.kind): str(choice.frequency) for choice in choices},
        "notifications": [
            {
                "kind": str(row.kind),
                "about": f"{row.subject_type}/{row.subject_id}",
                "detail": row.detail,
                "reason": row.reason,
                "created_at": row.created_at.isoformat(),
                "read_at": row.read_at.isoformat() if row.read_at else None,
            }
            for row in rows
        ],
    }


def erase_notifications(user) -> None:
    db.session.execute(delete(Notification).where(Notification.recipient_id == user.id))
    db.session.execute(
        delete(NotificationPreference).where(NotificationPreference.user_id == user.id)
    )
    db.session.execute(
        update(Notification).where(Notification.actor_id == user.id).values(actor_id=None)
    )
