"""Outgoing e-mail: queued in the database, sent by a worker (`flask --app wijkplatform mail
send`), never inside a request.

Why here, in core, and not in the notifications feature: every feature sends mail (accounts
sends confirmation and reset links, notifications its messages), and accounts sits below
notifications; the queue is plumbing like the commit path.

Every message goes out as plain text and HTML; a mail written as text only gets an HTML part
made from it (`html_from_text`: paragraphs, links).

`send()` adds one row (`OutgoingMail`) to the request's session: one insert that commits or
rolls back with the change that caused it, so a failing mail server never turns a request
into a 500 and a message is never lost, nor sent for a change that was rolled back.

`send_queued()` claims queued rows and sends them. A claim is a conditional UPDATE (state
queued -> sending, with the worker's own claim token) in a transaction of its own; on
PostgreSQL the rows are first chosen with `SELECT … FOR UPDATE SKIP LOCKED`, on SQLite the
claim starts with BEGIN IMMEDIATE (one writer at a time). Either way two workers, on one host
or several, never claim the same row, so a message is never sent twice. A failed attempt
is recorded (`attempts`, `last_error`) and tried again later with a growing pause; after
MAIL_MAX_ATTEMPTS the row stays as `failed`, kept for a person to look at (`mail failed`).
A row claimed by a worker that died (state `sending` for longer than MAIL_CLAIM_MINUTES)
goes back to the queue; that is the one case where a message could go out twice, when the
worker died after the server took the message but before it wrote down that it did.

Without MAIL_SERVER (local trials) nothing leaves the machine: each message is written as a
file to MAIL_OUTBOX_DIR (instance/outbox/ by default). Mails carry links that work as a
password would, so neither the link nor the address ever goes to the log at INFO.

Every message the worker handles is also kept in a short list on the app (`outbox()`),
which the tests read.
"""

from __future__ import annotations

import enum
import logging
import os
import re
import secrets
import smtplib
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from flask import current_app
from markupsafe import escape
from sqlalchemy import DateTime, Integer, String, Text, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from wijkplatform.core.db import enum_column, utcnow, write_intent
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)

_OUTBOX = "wijkplatform.outbox"

_SETTINGS = (
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USE_TLS",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_FROM",
    "MAIL_OUTBOX_DIR",
)


class MailState(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutgoingMail(db.Model):
    """One message on its way: what to send, and what happened when we tried."""

    __tablename__ = "outgoing_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(8), default="nl")
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    # The one-click unsubscribe address (List-Unsubscribe), for mails about notifications.
    unsubscribe_url: Mapped[str | None] = mapped_column(String(1000))
    state: Mapped[MailState] = mapped_column(
        enum_column(MailState, "state"), default=MailState.QUEUED
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (db.Index("ix_outgoing_mail_state_next", "state", "next_attempt_at"),)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    html: str | None = None
    unsubscribe_url: str | None = None


def outbox(app=None) -> deque:
    """The messages the worker handled last (sent, written or failed), newest last."""
    app = app or current_app
    return app.extensions.setdefault(_OUTBOX, deque(maxlen=50))


# --- queueing ------------------------------------------------------------------------------


def send(
    to: str,
    subject: str,
    body: str,
    *,
    html: str | None = None,
    locale: str | None = None,
    unsubscribe_url: str | None = None,
) -> OutgoingMail:
    """Queue a message in the current transaction (one insert at the next flush). It goes
    out when the transaction commits and a worker runs; nothing is sent from here."""
    row = OutgoingMail(
        to_address=to,
        subject=str(subject)[:300],
        body_text=str(body),
        body_html=None if html is None else str(html),
        locale=locale or "nl",
        unsubscribe_url=unsubscribe_url,
        state=MailState.QUEUED,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    db.session.add(row)
    logger.info("mail queued: %s", row.subject)
    return row


# --- sending -------------------------------------------------------------------------------


def _message(mail: Mail, settings: dict, **content_options) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings["MAIL_FROM"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    if mail.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(mail.body, **content_options)
    if mail.html:
        message.add_alternative(mail.html, subtype="html", **content_options)
    return message


# An address ends before white space, and never with the full stop of its sentence.
_LINK = re.compile(r"https?://[^\s<>\"]*[^\s<>\".,;:)]")


def html_from_text(text: str, locale: str = "nl") -> str:
    """The HTML part of a mail written as plain text: its paragraphs, each address a link."""

    def paragraph(block: str) -> str:
        escaped = str(escape(block))
        linked = _LINK.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        return "<p>" + linked.replace("\n", "<br>\n") + "</p>"

    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    body = "\n".join(paragraph(block) for block in blocks)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(locale)}">\n<head><meta charset="utf-8">'
        f"<title>Wijkplatform</title></head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _write_to_folder(message: EmailMessage, folder: str) -> Path:
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path / f"{stamp}-{secrets.token_hex(4)}.eml"
    # Readable by the owner only: the links in it work as a password would.
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "wb") as file:
        file.write(message.as_bytes())
    return target


def _deliver(mail: Mail, settings: dict) -> None:
    """Hand the message over, or raise (OSError, SMTPException)."""
    if not settings.get("MAIL_SERVER"):
        # Unencoded (8bit), so the links can be copied from the file as they are.
        message = _message(mail, settings, cte="8bit")
        folder = settings.get("MAIL_OUTBOX_DIR")
        if folder:
            target = _write_to_folder(message, folder)
            logger.info("mail written to %s (no MAIL_SERVER): %s", target, mail.subject)
        else:
            logger.info("mail not sent (no MAIL_SERVER, no MAIL_OUTBOX_DIR): %s", mail.subject)
            logger.debug("the mail to %s: %s\n\n%s", mail.to, mail.subject, mail.body)
        return
    message = _message(mail, settings)
    with smtplib.SMTP(settings["MAIL_SERVER"], settings["MAIL_PORT"], timeout=10) as smtp:
        if settings.get("MAIL_USE_TLS"):
            smtp.starttls()
        if settings.get("MAIL_USERNAME"):
            smtp.login(settings["MAIL_USERNAME"], settings["MAIL_PASSWORD"])
        smtp.send_message(message)
    logger.info("mail sent: %s", mail.subject)


def _settings() -> dict:
    return {key: current_app.config.get(key) for key in _SETTINGS}


def retry_delay(attempts: int) -> timedelta:
    """The pause after the `attempts`-th failed try: 1, 2, 4, … minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _claim(token: str, now: datetime, batch: int) -> list[OutgoingMail]:
    """Claim up to `batch` due rows for this worker, in a transaction of its own."""
    stale = now - timedelta(minutes=current_app.config["MAIL_CLAIM_MINUTES"])
    ready = write_intent.set(True)  # SQLite: BEGIN IMMEDIATE, one claimer at a time
    try:
        db.session.execute(
            update(OutgoingMail)
            .where(OutgoingMail.state == MailState.SENDING, OutgoingMail.claimed_at < stale)
            .values(state=MailState.QUEUED, claimed_by=None)
        )
        due = (
            select(OutgoingMail.id)
            .where(OutgoingMail.state == MailState.QUEUED, OutgoingMail.next_attempt_at <= now)
            .order_by(OutgoingMail.next_attempt_at, OutgoingMail.id)
            .limit(batch)
        )
        if db.session.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        ids = list(db.session.scalars(due))
        rows = []
        if ids:
            db.session.execute(
                update(OutgoingMail)
                .where(OutgoingMail.id.in_(ids), OutgoingMail.state == MailState.QUEUED)
                .values(state=MailState.SENDING, claimed_by=token, claimed_at=now)
            )
            rows = list(
                db.session.scalars(
                    select(OutgoingMail)
                    .where(OutgoingMail.claimed_by == token)
                    .where(OutgoingMail.state == MailState.SENDING)
                    .order_by(OutgoingMail.id)
                )
            )
            for row in rows:
                db.session.expunge(row)
        # Ends the transaction: no read transaction stays open while the server is slow.
        db.session.commit()
    finally:
        write_intent.reset(ready)
    return rows


def _record(row_id: int, token: str, **values) -> None:
    ready = write_intent.set(True)
    try:
        db.session.execute(
            update(OutgoingMail)
            .where(OutgoingMail.id == row_id, OutgoingMail.claimed_by == token)
            .values(claimed_by=None, **values)
        )
        db.session.commit()
    finally:
        write_intent.reset(ready)


def send_queued(*, batch: int = 100, limit: int | None = None, now=None) -> SendReport:
    """Send what is due, batch by batch, until the queue has nothing due (or `limit`
    messages were tried). Safe to run in several processes and on several hosts at once."""
    settings = _settings()
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    report = SendReport()
    token = secrets.token_hex(16)
    db.session.commit()  # a fresh transaction for the first claim
    while limit is None or report.sent + report.retried + report.failed < limit:
        moment = now or utcnow()
        rows = _claim(token, moment, batch if limit is None else min(batch, limit))
        if not rows:
            break
        for row in rows:
            html = row.body_html or html_from_text(row.body_text, row.locale)
            mail = Mail(row.to_address, row.subject, row.body_text, html, row.unsubscribe_url)
            row_id, attempts = row.id, row.attempts + 1
            outbox().append(mail)
            try:
                _deliver(mail, settings)
            except (OSError, smtplib.SMTPException) as error:
                # The error's text may name the recipient; its kind is enough to look further.
                kind = type(error).__name__
                logger.warning("mail could not be sent (%s): %s", kind, mail.subject)
                given_up = attempts >= max_attempts
                _record(
                    row_id,
                    token,
                    attempts=attempts,
                    last_error=f"{kind}: {str(error)[:400]}",
                    state=MailState.FAILED if given_up else MailState.QUEUED,
                    next_attempt_at=moment + retry_delay(attempts),
                )
                if given_up:
                    report.failed += 1
                else:
                    report.retried += 1
                continue
            _record(row_id, token, attempts=attempts, state=MailState.SENT, sent_at=utcnow())
            report.sent += 1
    return report


def retry_failed() -> int:
    """Put every failed message back in the queue (after the mail server was fixed)."""
    result = db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.state == MailState.FAILED)
        .values(state=MailState.QUEUED, attempts=0, next_attempt_at=utcnow())
    )
    return result.rowcount


def prune(*, days: int, now=None) -> int:
    """Delete messages sent more than `days` ago: the queue is not an archive, and the
    links in them work as a password would until they expire."""
    before = (now or utcnow()) - timedelta(days=days)
    result = db.session.execute(
        delete(OutgoingMail).where(
            OutgoingMail.state == MailState.SENT, OutgoingMail.sent_at < before
        )
    )
    return result.rowcount


def export_mail_to(user) -> list[dict]:
    """The data export: the messages to the person's address that the queue still keeps
    (`flask mail prune` deletes sent ones after 30 days), with subject and state but not the
    text: a message may carry a link that still works, and the export is a file that
    travels."""
    rows = db.session.scalars(
        select(OutgoingMail)
        .where(OutgoingMail.to_address == user.email)
        .order_by(OutgoingMail.created_at, OutgoingMail.id)
    )
    return [
        {
            "subject": row.subject,
            "state": row.state.value,
            "queued_at": row.created_at.isoformat() if row.created_at else None,
            "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        }
        for row in rows
    ]


def erase_mail_to(user) -> None:
    """Account erasure: no message to the person's address stays, sent or not."""
    db.session.execute(delete(OutgoingMail).where(OutgoingMail.to_address == user.email))


def init_app(app) -> None:
    """The queue's table is part of every app (and its migrations); the tests' list of
    handled messages starts empty; the data export lists the mail to the person, and erasing
    an account removes it."""
    from wijkplatform.core import registries

    outbox(app)
    registries.register_exporter(app, "mails", export_mail_to)
    registries.register_eraser(app, erase_mail_to)
