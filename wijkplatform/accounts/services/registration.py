"""Making accounts: registration with and without e-mail confirmation, and confirming the
address with a mailed link."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

from wijkplatform.accounts import mailed_links
from wijkplatform.accounts.models import (
    LinkPurpose,
    Membership,
    Role,
    User,
)
from wijkplatform.accounts.services.rules import (
    display_name_problem,
    impersonation_problem,
    normalise_display_name,
    normalise_email,
    password_problem,
)
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _check_new_account(
    email: str, display_name: str, password: str, *, resident: bool = False
) -> tuple[str, str]:
    """`resident`: someone registering themselves, whose name may not pass for staff (an
    administrator creating a staff account from the command line may use role words)."""
    email = normalise_email(email)
    display_name = normalise_display_name(display_name)
    problem = display_name_problem(display_name) or (
        impersonation_problem(display_name) if resident else None
    )
    if problem:
        raise DomainError(problem, field="display_name")
    problem = password_problem(password, email=email)
    if problem:
        raise DomainError(problem, field="password")
    return email, display_name


def create_user(
    *,
    email: str,
    display_name: str,
    password: str,
    locale: str = "nl",
    confirmed: bool = True,
    resident: bool = False,
) -> User:
    """An account; `confirmed=False` when its owner must still confirm the address,
    `resident=True` when its owner registers themselves (see `_check_new_account`)."""
    email, display_name = _check_new_account(email, display_name, password, resident=resident)
    if find_user_by_email(email) is not None:
        # Hash anyway, so a taken address answers as slowly as a new one (timing).
        hash_password(password)
        raise DomainError(_l("An account with this e-mail address already exists."), "email")
    user = User(
        email=email,
        display_name=display_name,
        password_hash=hash_password(password),
        locale=locale,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    try:
        # A savepoint, so a registration racing ours for the same address fails cleanly
        # on the unique constraint without undoing the caller's other work.
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError as error:
        raise DomainError(
            _l("An account with this e-mail address already exists."), "email"
        ) from error
    logger.info("user %s created", user.id)
    return user


def register_resident(
    *,
    email: str,
    display_name: str,
    password: str,
    neighbourhood_id: int,
    locale: str = "nl",
    confirmed: bool = True,
) -> User:
    user = create_user(
        email=email,
        display_name=display_name,
        password=password,
        locale=locale,
        confirmed=confirmed,
        resident=True,
    )
    user.memberships.append(Membership(role=Role.RESIDENT, neighbourhood_id=neighbourhood_id))
    db.session.flush()
    logger.info("user %s registered as resident of neighbourhood %s", user.id, neighbourhood_id)
    return user


# A fixed hash to compare against when no account matches, so a login for an unknown
# address takes as long as one for a known address (no account enumeration by timing).
_DUMMY_HASH_CACHE: dict[str, str] = {}


def dummy_password_hash() -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASH_CACHE:
        _DUMMY_HASH_CACHE[method] = generate_password_hash("not-a-password", method=method)
    return _DUMMY_HASH_CACHE[method]


@dataclass(frozen=True)
class Registration:
    """What a registration with confirmation did: `created` is False when the address had an
    account already; `confirmation_token` is set when the address must still be confirmed
    (a new account, or an old one never confirmed)."""

    user: User | None
    created: bool
    confirmation_token: str | None


def register_resident_to_confirm(
    *, email: str, display_name: str, password: str, neighbourhood_id: int, locale: str = "nl"
) -> Registration:
    """Registration when addresses must be confirmed. The caller answers a new and a taken
    address the same way and e-mails the address, so the page never tells whether an address
    has an account."""
    email, _ = _check_new_account(email, display_name, password, resident=True)
    existing = find_user_by_email(email)
    created = False
    if existing is not None:
        hash_password(password)  # as slow as a new account
        logger.info("registration for the address of user %s", existing.id)
        user = existing
    else:
        try:
            user = register_resident(
                email=email,
                display_name=display_name,
                password=password,
                neighbourhood_id=neighbourhood_id,
                locale=locale,
                confirmed=False,
            )
            created = True
        except DomainError:
            # Someone registered the address a moment ago (the unique constraint): the same.
            user = find_user_by_email(email)
    token = None
    if user is not None and user.email_confirmed_at is None and user.erased_at is None:
        token = mailed_links.issue(user, LinkPurpose.CONFIRM_EMAIL)
    return Registration(user, created, token)


def ask_confirmation_again(email: str) -> tuple[User, str] | None:
    """A new confirmation link for an account that still waits for one; None otherwise
    (the page says the same either way)."""
    user = find_user_by_email(email)
    if user is None or user.email_confirmed_at is not None or not user.active:
        return None
    return user, mailed_links.issue(user, LinkPurpose.CONFIRM_EMAIL)


def confirm_email(token: str) -> User:
    """Use a confirmation link: the address is confirmed. Nobody is logged in by it."""
    user, _ = mailed_links.spend(token, LinkPurpose.CONFIRM_EMAIL)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    db.session.flush()
    logger.info("user %s confirmed their e-mail address", user.id)
    return user
