"""Outgoing e-mail: plain text, through the SMTP server in the settings.

Without MAIL_SERVER (local trials) nothing leaves the machine: each message is written as a
file to MAIL_OUTBOX_DIR (instance/outbox/ by default), where the developer opens it, and the
log only says that a mail was written. Mails carry links that work as a password would, so
neither the link nor the address ever goes to the log at INFO.

Every message is also kept in a short list on the app (`outbox()`), which the tests read.

`send` says whether the message left: a failing SMTP server is logged and reported to the
caller, never raised, so a page never fails after its change was saved.
"""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from flask import after_this_request, current_app

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


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def outbox(app=None) -> deque:
    app = app or current_app
    return app.extensions.setdefault(_OUTBOX, deque(maxlen=50))


def _message(mail: Mail, settings: dict, **content_options) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings["MAIL_FROM"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body, **content_options)
    return message


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


def _transmit(mail: Mail, settings: dict) -> bool:
    if not settings.get("MAIL_SERVER"):
        # Unencoded (8bit), so the links can be copied from the file as they are.
        message = _message(mail, settings, cte="8bit")
        folder = settings.get("MAIL_OUTBOX_DIR")
        if folder:
            try:
                target = _write_to_folder(message, folder)
            except OSError as error:
                logger.warning("mail could not be written (%s): %s", error, mail.subject)
                return False
            logger.info("mail written to %s (no MAIL_SERVER): %s", target, mail.subject)
        else:
            logger.info("mail not sent (no MAIL_SERVER, no MAIL_OUTBOX_DIR): %s", mail.subject)
            logger.debug("the mail to %s: %s\n\n%s", mail.to, mail.subject, mail.body)
        return True
    message = _message(mail, settings)
    try:
        with smtplib.SMTP(settings["MAIL_SERVER"], settings["MAIL_PORT"], timeout=10) as smtp:
            if settings.get("MAIL_USE_TLS"):
                smtp.starttls()
            if settings.get("MAIL_USERNAME"):
                smtp.login(settings["MAIL_USERNAME"], settings["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        # The error's text may name the recipient; its kind is enough to look further.
        logger.warning("mail could not be sent (%s): %s", type(error).__name__, mail.subject)
        return False
    logger.info("mail sent: %s", mail.subject)
    return True


def _settings() -> dict:
    return {key: current_app.config.get(key) for key in _SETTINGS}


def send(to: str, subject: str, body: str) -> bool:
    """Send now; False when the server could not take it (already logged)."""
    mail = Mail(to, str(subject), str(body))
    outbox().append(mail)
    return _transmit(mail, _settings())


def send_after_response(to: str, subject: str, body: str) -> None:
    """Send once the response has gone out. For pages that answer every address the same
    way (a password reset): the time a mail server takes must not tell whether a mail was
    sent, and a failure is only logged. Outside a request it sends at once."""
    mail = Mail(to, str(subject), str(body))
    outbox().append(mail)
    settings = _settings()
    try:

        @after_this_request
        def _later(response):
            response.call_on_close(lambda: _transmit(mail, settings))
            return response

    except (AssertionError, RuntimeError):  # not in a request (command line, jobs)
        _transmit(mail, settings)
