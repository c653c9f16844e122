"""One-time links sent by mail: confirming an address, changing it, resetting a password.

Every such link follows the same rules, kept here once:

- **single use**: opening it spends it, with one conditional UPDATE (`… WHERE used_at IS
  NULL`), so of two browsers that open the same link at the same moment only one succeeds;
- **bound to the account as it was**: the link stores a keyed hash of the account's address
  and password hash; changing either voids every older link (a password reset also stops a
  pending e-mail change, and the other way round);
- **time-limited** and **purpose-bound**: a confirmation link is never a reset link;
- **the newest counts**: sending a new link of a kind voids the older ones of that kind;
- only a **hash** of the token is stored, so a copy of the database holds no working link.

A link never logs anybody in: the views send the person to the login page afterwards, so
two-factor login and the re-authentication time stay untouched.

Opening a link (GET) only shows a page with a button; the POST spends it. Mail scanners and
link previews fetch links with GET, and must not use them up.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from wijkplatform.accounts.models import LinkPurpose, MailedToken, User
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)

# Spent and expired rows are kept this long (a link opened again says "used" or "too old"
# rather than "not right"), then removed the next time the account gets a link.
KEEP_AFTER_EXPIRY = timedelta(days=7)


class LinkRefused(DomainError):
    """The link cannot be used; `reason` is "used", "expired", "changed" or "invalid"."""

    MESSAGES = {
        "used": _l("This link has been used already. A link from a mail works only once."),
        "expired": _l("This link is too old."),
        "changed": _l(
            "This link no longer works: a newer link was sent, or the account's e-mail "
            "address or password changed since."
        ),
        "invalid": _l("The link is not complete or not right. Copy the whole link from the mail."),
    }

    def __init__(self, reason: str):
        # 410 Gone for a link that did work once; 400 for one that never could.
        super().__init__(
            self.MESSAGES[reason], status=410 if reason in ("used", "expired") else 400
        )
        self.reason = reason


def lifetime(purpose: LinkPurpose) -> timedelta:
    config = current_app.config
    if purpose == LinkPurpose.RESET_PASSWORD:
        return timedelta(minutes=config["PASSWORD_RESET_MINUTES"])
    return timedelta(hours=config["EMAIL_CONFIRMATION_HOURS"])


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def account_state(user: User) -> str:
    """Changes whenever the account's address or password hash changes."""
    key = current_app.config["SECRET_KEY"].encode()
    message = f"{user.id}\0{user.email}\0{user.password_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def issue(user: User, purpose: LinkPurpose, *, email: str | None = None) -> str:
    """A new link's token for `user` (flushed, not committed); only its hash is stored.
    `email` is where it goes: the account's own address unless an e-mail change says other.
    Older unused links of the same kind stop working."""
    moment = utcnow()
    db.session.execute(
        update(MailedToken)
        .where(
            MailedToken.user_id == user.id,
            MailedToken.purpose == purpose,
            MailedToken.used_at.is_(None),
        )
        .values(expires_at=moment)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        delete(MailedToken)
        .where(MailedToken.user_id == user.id, MailedToken.expires_at < moment - KEEP_AFTER_EXPIRY)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        MailedToken(
            purpose=purpose,
            user_id=user.id,
            token_hash=_hash(token),
            email=email or user.email,
            account_state=account_state(user),
            created_at=moment,
            expires_at=moment + lifetime(purpose),
        )
    )
    db.session.flush()
    logger.info("%s link made for user %s", purpose.value, user.id)
    return token


def _find(token: str, purpose: LinkPurpose) -> MailedToken | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(MailedToken).where(
            MailedToken.token_hash == _hash(token), MailedToken.purpose == purpose
        )
    )


def _is_past(moment) -> bool:
    # SQLite hands back naive datetimes (stored as UTC); PostgreSQL aware ones.
    now = utcnow()
    return moment <= (now if moment.tzinfo else now.replace(tzinfo=None))


def check(token: str, purpose: LinkPurpose) -> MailedToken:
    """The link's row if it can still be used, else `LinkRefused`. Changes nothing."""
    row = _find(token, purpose)
    if row is None:
        raise LinkRefused("invalid")
    user = db.session.get(User, row.user_id)
    if row.used_at is not None:
        raise LinkRefused("used")
    if user is None or user.erased_at is not None or not user.active:
        raise LinkRefused("invalid")
    if not hmac.compare_digest(row.account_state, account_state(user)):
        raise LinkRefused("changed")
    if _is_past(row.expires_at):
        # An older link voided by a newer one also ends up here: say so, not "too old".
        newer = db.session.scalar(
            select(MailedToken.id).where(
                MailedToken.user_id == row.user_id,
                MailedToken.purpose == purpose,
                MailedToken.id > row.id,
            )
        )
        raise LinkRefused("changed" if newer else "expired")
    return row


def spend(token: str, purpose: LinkPurpose) -> tuple[User, MailedToken]:
    """Use the link up: (its account, its row), or `LinkRefused`. One conditional UPDATE
    decides, so two requests with the same link cannot both get past here."""
    row = check(token, purpose)
    user = db.session.get(User, row.user_id)
    moment = utcnow()
    spent = db.session.execute(
        update(MailedToken)
        .where(
            MailedToken.id == row.id,
            MailedToken.used_at.is_(None),
            MailedToken.expires_at > moment,
            MailedToken.account_state == account_state(user),
        )
        .values(used_at=moment)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        logger.warning("%s link of user %s used twice at once: refused", purpose.value, user.id)
        raise LinkRefused("used")
    db.session.refresh(row)
    logger.info("%s link of user %s used", purpose.value, user.id)
    return user, row


# --- personal data -------------------------------------------------------------------


def export_links(user: User) -> list[dict]:
    return [
        {
            "purpose": row.purpose.value,
            "sent_to": row.email,
            "sent_at": row.created_at.isoformat(),
            "expires_at": row.expires_at.isoformat(),
            "used_at": row.used_at.isoformat() if row.used_at else None,
        }
        for row in db.session.scalars(
            select(MailedToken).where(MailedToken.user_id == user.id).order_by(MailedToken.id)
        )
    ]


def erase_links(user: User) -> None:
    db.session.execute(
        delete(MailedToken)
        .where(MailedToken.user_id == user.id)
        .execution_options(synchronize_session=False)
    )
