"""Outgoing e-mail: plain text, through the SMTP server in the settings.

Without MAIL_SERVER (local trials) nothing leaves the machine: the message is written to the
log instead. Every message is also kept in a short list on the app, which the tests read."""

from __future__ import annotations

import logging
import smtplib
from collections import deque
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app

logger = logging.getLogger(__name__)

_OUTBOX = "wijkplatform.outbox"


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def outbox(app=None) -> deque:
    app = app or current_app
    return app.extensions.setdefault(_OUTBOX, deque(maxlen=50))


def send(to: str, subject: str, body: str) -> None:
    mail = Mail(to, str(subject), str(body))
    outbox().append(mail)
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        # Local trials: the link has to reach the tester somehow. Never without a server in
        # production, where MAIL_SERVER is set.
        logger.info("mail not sent (no MAIL_SERVER): %s\n%s", mail.subject, mail.body)
        return
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
    logger.info("mail sent: %s", mail.subject)
