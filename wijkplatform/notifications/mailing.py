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

Safe to run on several hosts at once (two `mail send` crons, or a digest started twice): a
batch claims its people before it reads their notifications. On PostgreSQL the claim is a row
lock, `SELECT … FOR UPDATE SKIP LOCKED`, on each person's oldest notification not yet dealt
with: a second worker skips the people the first one holds, and once the first commits their
rows carry `mailed_at`, so a person's digest is one mail, not two halves. On SQLite a batch
starts with BEGIN IMMEDIATE: SQLite has one writer at a time, so a second worker waits and
then finds the rows dealt with. Either way a notification is mailed only by the worker whose
`UPDATE … SET mailed_at … WHERE mailed_at IS NULL` marked it, and the mails, the marks and
the end of the claim are one commit per batch.
(tests/notifications/test_mail_queue.py::test_two_workers_queue_each_notification_once)"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import aliased, joinedload

from wijkplatform.accounts.models import User
from wijkplatform.core import mail
from wijkplatform.core.db import utcnow, write_intent
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


def _claim(recipient_ids: list[int], frequency: Frequency) -> list[int]:
    """The people of this batch whose notifications this worker may mail, held until the
    batch's commit. PostgreSQL: each person's oldest notification not yet dealt with is
    their lock (FOR UPDATE SKIP LOCKED; a person another worker holds is skipped, and one
    whose rows a worker mailed in between no longer matches `mailed_at IS NULL`). SQLite:
    everyone, since the batch's transaction began with BEGIN IMMEDIATE and no other worker
    writes until it ends."""
    if db.session.get_bind().dialect.name != "postgresql":
        return recipient_ids
    oldest = (
        select(func.min(Notification.id))
        .where(
            Notification.recipient_id.in_(recipient_ids),
            Notification.mailed_at.is_(None),
            _wanted(frequency),
        )
        .group_by(Notification.recipient_id)
    )
    head = aliased(Notification)
    return sorted(
        db.session.scalars(
            select(head.recipient_id)
            .where(head.id.in_(oldest), head.mailed_at.is_(None))
            .with_for_update(skip_locked=True, of=head)
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
    db.session.commit()  # each batch in a transaction of its own, from its first read
    ready = write_intent.set(True)  # SQLite: every batch begins with BEGIN IMMEDIATE
    try:
        while True:
            candidates = _next_recipients(after, batch, frequency)
            if not candidates:
                db.session.commit()
                break
            after = candidates[-1]
            recipient_ids = _claim(candidates, frequency)
            _queue_batch(recipient_ids, frequency, now, report)
            db.session.commit()  # the mails and the marks together; the claim ends here
            db.session.expunge_all()  # let the batch go: memory stays bounded
    finally:
        write_intent.reset(ready)
    logger.info(
        "%s mail: %d mails about %d notifications", frequency, report.mails, report.notifications
    )
    return report


def _queue_batch(recipient_ids: list[int], frequency: Frequency, now, report) -> None:
    """One mail per person of the batch (claimed by this worker) about their notifications
    not yet dealt with; the notifications marked dealt with."""
    if not recipient_ids:
        return
    users = {
        user.id: user for user in db.session.scalars(select(User).where(User.id.in_(recipient_ids)))
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
    # Mark them dealt with first, only where no one else did in between: this worker mails
    # exactly the rows its own UPDATE changed (PostgreSQL waits for a competing mark and then
    # sees it), even when a row became wanted by another pass meanwhile (a changed choice).
    ids = [row.id for rows in pending.values() for row in rows]
    marked = set()
    if ids:
        marked = set(
            db.session.scalars(
                update(Notification)
                .where(Notification.id.in_(ids), Notification.mailed_at.is_(None))
                .values(mailed_at=now)
                .returning(Notification.id)
                .execution_options(synchronize_session=False)
            )
        )
    pending = {uid: [row for row in rows if row.id in marked] for uid, rows in pending.items()}
    # One lookup of titles for the whole batch; no query runs while the mails are built,
    # so the new mail rows are inserted together at the commit.
    things = queries.things_for(row for rows in pending.values() for row in rows)
    for uid in recipient_ids:
        user = users.get(uid)
        # One seen in the app already is dealt with: nothing to mail.
        to_mail = [row for row in pending[uid] if not row.read_at]
        if to_mail and user is not None and user.active and user.erased_at is None:
            _queue_mail(user, to_mail, frequency, things)
            report.mails += 1
            report.notifications += len(to_mail)
    report.people += len(recipient_ids)
