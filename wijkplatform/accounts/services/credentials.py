"""Logging in and the things that prove who someone is: password, e-mail address, the
session token, a new password by a mailed link."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash

from wijkplatform.accounts import mailed_links
from wijkplatform.accounts.models import (
    LinkPurpose,
    User,
    new_session_token,
)
from wijkplatform.accounts.services.registration import (
    dummy_password_hash,
    find_user_by_email,
    hash_password,
)
from wijkplatform.accounts.services.rules import normalise_email, password_problem
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


def authenticate(email: str, password: str) -> User | None:
    """The active account whose address and password these are, or None. Writes nothing:
    `record_login` notes the login once every step of it has passed."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(dummy_password_hash(), password or "")
        logger.info("login refused: unknown address")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.active:
        logger.info("login refused for user %s: wrong password or inactive account", user.id)
        return None
    logger.info("user %s passed the password check", user.id)
    return user


def record_login(user: User) -> None:
    """`user` has passed every step of logging in."""
    user.last_login_at = utcnow()
    db.session.flush()
    logger.info("user %s logged in", user.id)


def verify_password(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password or "")


def rotate_session_token(user: User) -> None:
    """End every session of `user` (the caller may keep its own with sessions.keep_token)."""
    user.session_token = new_session_token()
    db.session.flush()
    logger.info("sessions of user %s revoked", user.id)


def change_password(user: User, *, current_password: str, new_password: str) -> None:
    if not verify_password(user, current_password):
        raise DomainError(_l("This is not your current password."), "current_password")
    problem = password_problem(new_password, email=user.email)
    if problem:
        raise DomainError(problem, field="new_password")
    user.password_hash = hash_password(new_password)
    rotate_session_token(user)
    logger.info("user %s changed their password", user.id)


def request_email_change(user: User, *, new_email: str, current_password: str) -> str:
    """A link for the new address (returned as its token); the address itself changes only
    when that link is opened (`confirm_email_change`)."""
    if not verify_password(user, current_password):
        raise DomainError(_l("This is not your current password."), "current_password")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise DomainError(_l("This is already your e-mail address."), "email")
    # Telling a logged-in user that the address is taken is unavoidable (the unique
    # constraint refuses it); the page needs the password and is rate limited.
    if find_user_by_email(new_email) is not None:
        raise DomainError(_l("An account with this e-mail address already exists."), "email")
    token = mailed_links.issue(user, LinkPurpose.CHANGE_EMAIL, email=new_email)
    logger.info("user %s asked to change their e-mail address", user.id)
    return token


def confirm_email_change(token: str) -> User:
    """Use the link sent to the new address: it becomes the account's (confirmed) address.
    Every other link of the account stops working, since the address changed."""
    user, link = mailed_links.spend(token, LinkPurpose.CHANGE_EMAIL)
    if find_user_by_email(link.email) is not None:
        raise DomainError(
            _l("Another account uses this e-mail address now. Choose another address."),
            status=409,
        )
    user.email = link.email
    user.email_confirmed_at = utcnow()
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise DomainError(
            _l("Another account uses this e-mail address now. Choose another address."),
            status=409,
        ) from error
    logger.info("user %s changed their e-mail address", user.id)
    return user


def request_password_reset(email: str) -> tuple[User, str] | None:
    """A reset link for the account with this address, or None when there is none (the page
    says the same either way)."""
    user = find_user_by_email(email)
    if user is None or not user.active or user.erased_at is not None:
        logger.info("password reset asked for an address without an active account")
        return None
    return user, mailed_links.issue(user, LinkPurpose.RESET_PASSWORD)


def reset_password(token: str, *, new_password: str) -> User:
    """Use a reset link: a new password, and every session of the account ends. Nobody is
    logged in by it; two-factor login stays on."""
    user, _ = mailed_links.spend(token, LinkPurpose.RESET_PASSWORD)
    problem = password_problem(new_password, email=user.email)
    if problem:
        raise DomainError(problem, field="new_password")
    user.password_hash = hash_password(new_password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()  # the link reached the address
    rotate_session_token(user)
    logger.info("user %s chose a new password with a reset link", user.id)
    return user
