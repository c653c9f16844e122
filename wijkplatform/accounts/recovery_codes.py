"""Recovery codes for two-factor login: ten single-use codes that stand in for the code from
the app (a lost or broken phone).

The codes are shown once, when they are made. The database keeps only a keyed hash of each
(HMAC-SHA256 with SECRET_KEY and the account id), so a copy of the database gives no working
code; a used code is deleted. Making new codes deletes the old ones; turning two-factor login
off or erasing the account deletes them all.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from wijkplatform.accounts.models import RecoveryCode, User
from wijkplatform.core.audit import actor_label
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)

CODE_COUNT = 10
# The account page warns when this many or fewer are left.
FEW_LEFT = 3
# No 0/O, 1/I/L: easy to read from paper and to type. 10 characters of 31 ≈ 50 bits each.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def _normalise(code: str | None) -> str:
    """Upper case, without spaces and dashes: `abcde-fghij` and `ABCDE FGHIJ` are one code."""
    return "".join(ch for ch in (code or "").upper() if ch not in " -\t\r\n")


def looks_like_recovery_code(code: str | None) -> bool:
    normal = _normalise(code)
    return len(normal) == CODE_LENGTH and all(ch in ALPHABET for ch in normal)


def _hash(user: User, code: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = f"recovery-code\0{user.id}\0{_normalise(code)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def count_left(user: User) -> int:
    return db.session.scalar(
        select(func.count(RecoveryCode.id)).where(RecoveryCode.user_id == user.id)
    )


def generate(user: User) -> list[str]:
    """Make CODE_COUNT new codes for `user` (old ones stop working) and return them, the only
    time they exist in clear text."""
    if not user.has_two_factor:
        raise DomainError(_l("Turn on two-factor login first."), status=409)
    delete_all(user)
    codes = [_new_code() for _ in range(CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(user, code)) for code in codes)
    db.session.flush()
    logger.info("%s made %d new recovery codes", actor_label(user), CODE_COUNT)
    return codes


def use(user: User, code: str) -> int | None:
    """Spend `code` if it is one of the account's unused codes: returns how many are left,
    or None when the code is not (or no longer) valid."""
    if not user.has_two_factor or not looks_like_recovery_code(code):
        return None
    row = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(user, code)
        )
    )
    if row is None:
        logger.info("recovery code refused for user %s", user.id)
        return None
    db.session.delete(row)
    db.session.flush()
    left = count_left(user)
    logger.warning("user %s logged in with a recovery code; %d left", user.id, left)
    return left


def delete_all(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()


# --- Personal data -----------------------------------------------------------------------


def export_recovery_codes(user: User) -> dict:
    """How many unused codes the account has; never the codes (only hashes are kept)."""
    return {"unused_codes": count_left(user)}


def erase_recovery_codes(user: User) -> None:
    delete_all(user)
