"""TOTP two-factor login (RFC 6238, 30-second steps, 6 digits) with pyotp.

A code is accepted for the current step and one step either side (clock drift), and only
once: the step used is stored, and a code for that step or an earlier one is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time

import pyotp
import segno
from flask import current_app
from flask_babel import lazy_gettext as _l

from wijkplatform.accounts import recovery_codes
from wijkplatform.accounts.models import Role, User
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)

ISSUER = "Wijkplatform"
ROLES_THAT_MAY_USE = (Role.MODERATOR, Role.REVIEWER, Role.ADMIN)


def new_setup_nonce() -> str:
    return secrets.token_urlsafe(16)


def setup_secret(user: User, nonce: str) -> str:
    """The key offered on the set-up page, derived from a nonce kept in the session.

    The session is a signed, readable cookie: it must not hold the key. The derivation also
    takes the password hash, which never leaves the server, so even the SECRET_KEY with a
    copied cookie does not give the key (and a password change means setting up anew)."""
    key = current_app.config["SECRET_KEY"].encode()
    message = f"totp-setup\0{user.id}\0{user.password_hash}\0{nonce}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()[:20]  # 160 bits, as RFC 4226
    return base64.b32encode(digest).decode("ascii")


def may_use_two_factor(user) -> bool:
    return any(m.role in ROLES_THAT_MAY_USE for m in getattr(user, "memberships", ()))


def must_use_two_factor(user, required_roles) -> bool:
    return any(m.role.value in required_roles for m in getattr(user, "memberships", ()))


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_data_uri(uri: str) -> str:
    """The QR code as an SVG data URI (CSP allows img-src data:), made on the server."""
    return segno.make(uri, error="m").svg_data_uri(scale=4, border=2)


def _matching_step(secret: str, code: str, moment: float) -> int | None:
    code = "".join((code or "").split())
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(_as_datetime(moment))
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _as_datetime(moment: float):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(moment, UTC)


def check_code(user: User, code: str, *, moment: float | None = None) -> bool:
    """True once for a valid code; records the step so the same code cannot be replayed."""
    if not user.totp_secret:
        return False
    step = _matching_step(user.totp_secret, code, time.time() if moment is None else moment)
    if step is None:
        logger.info("two-factor code refused for user %s", user.id)
        return False
    if user.totp_last_step is not None and step <= user.totp_last_step:
        logger.warning("two-factor code for user %s used a second time: refused", user.id)
        return False
    user.totp_last_step = step
    db.session.flush()
    return True


def enable(user: User, *, secret: str, code: str, moment: float | None = None) -> list[str]:
    """Turn two-factor login on; returns the new recovery codes, to be shown once."""
    step = _matching_step(secret, code, time.time() if moment is None else moment)
    if step is None:
        raise DomainError(
            _l("This code is not correct. Check the time on your phone and try again."), "code"
        )
    user.totp_secret = secret
    user.totp_last_step = step
    db.session.flush()
    logger.info("user %s set up two-factor login", user.id)
    return recovery_codes.generate(user)


def may_turn_off(user, required_roles) -> bool:
    """A role that needs two-factor login keeps it on."""
    return user.has_two_factor and not must_use_two_factor(user, required_roles)


def disable(user: User, *, required_roles) -> None:
    """Turn two-factor login off; its recovery codes are deleted with it."""
    if not user.has_two_factor:
        return
    if must_use_two_factor(user, required_roles):
        raise DomainError(_l("Your role needs two-factor login. It stays on."), status=409)
    user.totp_secret = None
    user.totp_last_step = None
    recovery_codes.delete_all(user)
    logger.info("user %s turned two-factor login off", user.id)
