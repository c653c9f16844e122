"""From notifications to mail: for each person, the notifications not yet dealt with whose
kind they want by mail at this frequency become one mail (grouped by what they are about,
newest first, each with a direct link), in the person's language, plain text and HTML, with
a one-click unsubscribe link. `flask mail send` runs this for "right away" before sending;
`flask mail digest --daily|--weekly` for the digests.

Built in batches of people (keyset on the recipient id), each batch committed and let go
of, so memory stays bounded however many residents there are. A notification is dealt with
once (`mailed_at`): mailed, or skipped because it was read already. Each pass reads only
the rows whose recipient wants that frequency for its kind (`_wanted`); a kind someone set to
"never" is never read by a pass.
Two digest runs at once would each claim the same rows; run one per frequency (cron)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import joinedload

from wijkplatform.accounts.models import User
from wijkplatform.core import mail
from wijkplatform.core.db import utcnow
from wijkplatform.core.urls import public_url
from wijkplatform.extensions import db
from wijkplatform.notifications import queries, unsubscribe
from wijkplatform.notifications.models import (
    DEFAULT_FREQUENCY,
    Frequency,
    Notification,
    NotificationPreference,
)

logger = logging.getLogger(__name__)

BATCH = 500


@dataclass
class DigestReport:
    people: int = 0
    mails: int = 0
    notifications: int = 0


def _wanted(frequency: Frequency):
    """SQL: the notification's recipient wants its kind by mail at `frequency` (their own
    choice, or the default when they made none). Each pass reads only its own rows, so the
    minutely "right away" pass never walks the rows waiting for a digest."""
    chosen = select(NotificationPreference.frequency).where(
        NotificationPreference.user_id == Notification.recipient_id,
        NotificationPreference.kind == Notification.kind,
    )
    by_default = [kind for kind, default in DEFAULT_FREQUENCY.items() if default == frequency]
    return or_(
        chosen.where(NotificationPreference.frequency == frequency).exists(),
        and_(Notification.kind.in_(by_default), ~chosen.exists()),
    )


def _next_recipients(after: int, batch: int, frequency: Frequency) -> list[int]:
    return list(
        db.session.scalars(
            select(Notification.recipient_id)
            .where(
                Notification.mailed_at.is_(None),
                Notification.recipient_id > after,
                _wanted(frequency),
            )
            .group_by(Notification.recipient_id)
            .order_by(Notification.recipient_id)
            .limit(batch)
        )
    )


def _subject_line(frequency: Frequency, count: int) -> str:
    if frequency == Frequency.DAILY:
        return _("Wijkplatform: what happened today (%(count)d)", count=count)
    if frequency == Frequency.WEEKLY:
        return _("Wijkplatform: what happened this week (%(count)d)", count=count)
    return _("Wijkplatform: news about your contributions (%(count)d)", count=count)


def _queue_mail(user: User, rows: list[Notification], frequency: Frequency, things) -> None:
    kinds = {row.kind for row in rows}
    only_kind = next(iter(kinds)) if len(kinds) == 1 else None
    unsubscribe_url = unsubscribe.url_for_token(user.id, only_kind)
    with force_locale(user.locale):
        context = {
            "user": user,
            "groups": queries.group(rows, external=True, things=things),
            "frequency": frequency,
            "only_kind": only_kind,
            "unsubscribe_url": unsubscribe_url,
            "unsubscribe_all_url": unsubscribe.url_for_token(user.id, None),
            "settings_url": public_url("notifications.settings"),
            "page_url": public_url("notifications.index"),
        }
        mail.send(
            user.email,
            _subject_line(frequency, len(rows)),
            render_template("notifications/mail/notifications.txt", **context),
            html=render_template("notifications/mail/notifications.html", **context),
            locale=user.locale,
            unsubscribe_url=unsubscribe_url,
        )


def queue_mails(frequency: Frequency, *, batch: int = BATCH, now=None) -> DigestReport:
    """Queue the mails for everyone who wants `frequency` for some kind with notifications
    not yet dealt with. Commits per batch."""
    report = DigestReport()
    now = now or utcnow()
    after = 0
    while True:
        recipient_ids = _next_recipients(after, batch, frequency)
        if not recipient_ids:
            break
        after = recipient_ids[-1]
        users = {
            user.id: user
            for user in db.session.scalars(select(User).where(User.id.in_(recipient_ids)))
        }
        pending: dict[int, list[Notification]] = {uid: [] for uid in recipient_ids}
        for row in db.session.scalars(
            select(Notification)
            .options(joinedload(Notification.actor))
            .where(
                Notification.recipient_id.in_(recipient_ids),
                Notification.mailed_at.is_(None),
                _wanted(frequency),
            )
            .order_by(Notification.created_at.desc(), Notification.id.desc())
        ):
            pending[row.recipient_id].append(row)
        # One lookup of titles for the whole batch; no query runs while the mails are built,
        # so the new mail rows are inserted together at the commit.
        things = queries.things_for(row for rows in pending.values() for row in rows)
        done: list[int] = []
        for uid in recipient_ids:
            user = users.get(uid)
            to_mail = []
            for row in pending[uid]:
                if row.read_at:
                    done.append(row.id)  # seen in the app already: nothing to mail
                else:
                    to_mail.append(row)
            if to_mail and user is not None and user.active and user.erased_at is None:
                _queue_mail(user, to_mail, frequency, things)
                report.mails += 1
                report.notifications += len(to_mail)
            done.extend(row.id for row in to_mail)
        report.people += len(recipient_ids)
        if done:
            db.session.execute(
                update(Notification).where(Notification.id.in_(done)).values(mailed_at=now)
            )
        db.session.commit()
        db.session.expunge_all()  # let the batch go: memory stays bounded
    logger.info(
        "%s mail: %d mails about %d notifications", frequency, report.mails, report.notifications
    )
    return report
