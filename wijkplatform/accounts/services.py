"""Every change to accounts and roles. Services flush, never commit; the caller commits."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from wijkplatform.accounts import mailed_links, passwords
from wijkplatform.accounts.models import (
    MUNICIPALITY_ROLES,
    NEIGHBOURHOOD_ROLES,
    LinkPurpose,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationMember,
    Role,
    User,
    new_session_token,
)
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.core.text import clean_line, clean_text, has_unwanted_characters
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)

DISPLAY_NAME_MIN = 2
DISPLAY_NAME_MAX = 50
PASSWORD_MAX_LENGTH = 128


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def normalise_display_name(name: str) -> str:
    """A display name as `core.text.clean_line` makes it, except that a name holding control
    or direction characters keeps them: `display_name_problem` refuses it, since a name
    must look as the person typed it."""
    if has_unwanted_characters(name):
        return unicodedata.normalize("NFC", name or "").strip()
    return clean_line(name)


def display_name_problem(name: str):
    """A translated reason why `name` cannot be a display name, or None."""
    if len(name) < DISPLAY_NAME_MIN:
        return _l("Use at least %(min)d characters.", min=DISPLAY_NAME_MIN)
    if len(name) > DISPLAY_NAME_MAX:
        return _l("Use at most %(max)d characters.", max=DISPLAY_NAME_MAX)
    if has_unwanted_characters(name):
        return _l("Use letters, numbers, spaces and ordinary punctuation only.")
    if "@" in name:
        return _l("Do not use an e-mail address as your name: everyone can see it.")
    return None


# Words that make a name read as a role on the platform (Dutch and English). A resident whose
# name holds one could pass for staff beside a comment; staff may keep theirs (the badge
# beside a name comes from the role, accounts.permissions.author_badges). Compared without
# case, accents, spaces or punctuation, so "Wijk-Werker" and "wijkwérker" count too.
ROLE_WORDS = (
    "wijkwerker", "buurtwerker", "opbouwwerker", "wijkteam", "wijkagent", "moderator",
    "gemeente", "ambtenaar", "beheerder", "medewerker", "wijkplatform", "officieel", "officiele",
    "geverifieerd", "official", "municipality", "administrator", "neighbourhoodworker",
    "neighborhoodworker", "communityworker", "verified",
)  # fmt: skip
# Short words count as a whole word, or as the start or end of one ("Admin123", "Wijkadmin"),
# so "Badminton Bob" stays possible; the shortest only as a whole word ("Modderman" is a name).
SHORT_ROLE_WORDS = ("admin", "beheer")
WHOLE_ROLE_WORDS = ("mod", "staff", "helpdesk")
STAFF_ROLES = (Role.MODERATOR, Role.REVIEWER, Role.ADMIN)


def _letters(name: str) -> str:
    """Lower case without accents; anything but a letter becomes a space, and so does the
    step into a capital inside a word ("WijkAdmin")."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name or "")
    return "".join(
        "" if unicodedata.combining(ch) else (ch if ch.isalpha() else " ")
        for ch in unicodedata.normalize("NFKD", spaced.casefold())
    )


def name_key(name: str) -> str:
    """The name as two names are compared: without case, accents, spaces or punctuation."""
    return "".join(
        ch
        for ch in unicodedata.normalize("NFKD", (name or "").casefold())
        if ch.isalnum() and not unicodedata.combining(ch)
    )


def _has_role_word(name: str) -> bool:
    words = _letters(name).split()
    if any(role in "".join(words) for role in ROLE_WORDS):
        return True
    return any(word in WHOLE_ROLE_WORDS for word in words) or any(
        word.startswith(short) or word.endswith(short)
        for word in words
        for short in SHORT_ROLE_WORDS
    )


def is_staff(user) -> bool:
    return user is not None and any(m.role in STAFF_ROLES for m in user.memberships)


def _staff_name_keys(except_user_id: int | None) -> set[str]:
    statement = (
        select(User.display_name)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.role.in_(STAFF_ROLES), User.erased_at.is_(None))
        .distinct()
    )
    if except_user_id is not None:
        statement = statement.where(User.id != except_user_id)
    return {name_key(name) for name in db.session.scalars(statement)}


def impersonation_problem(name: str, user: User | None = None):
    """A translated reason why `name` could pass for a neighbourhood worker, the municipality
    or an administrator, or None. `user` is the person who wants the name (None: a new
    account); staff keep role words in their own names."""
    if not is_staff(user) and _has_role_word(name):
        return _l(
            "Words like wijkwerker, gemeente or beheerder are for staff. "
            "Choose a name without a role in it."
        )
    key = name_key(name)
    if key and key in _staff_name_keys(user.id if user is not None else None):
        return _l(
            "A neighbourhood worker, the municipality or an administrator uses this name. "
            "Choose another name, so nobody mistakes you for them."
        )
    return None


def password_problem(password: str, *, email: str = ""):
    """A translated reason why `password` is too weak, or None."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return _l("Use at least %(min)d characters.", min=minimum)
    if len(password) > PASSWORD_MAX_LENGTH:
        return _l("Use at most %(max)d characters.", max=PASSWORD_MAX_LENGTH)
    if email and password.strip().lower() == normalise_email(email):
        return _l("Do not use your e-mail address as password.")
    if len(set(password)) < 4 or passwords.is_common(password):
        return _l("This password is too easy to guess. Use a few different words.")
    return None


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


def _dummy_hash() -> str:
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


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        logger.info("login refused: unknown address")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.active:
        logger.info("login refused for user %s: wrong password or inactive account", user.id)
        return None
    user.last_login_at = utcnow()
    logger.info("user %s passed the password check", user.id)
    return user


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


def change_display_name(user: User, *, display_name: str) -> None:
    display_name = normalise_display_name(display_name)
    problem = display_name_problem(display_name) or impersonation_problem(display_name, user)
    if problem:
        raise DomainError(problem, field="display_name")
    user.display_name = display_name
    db.session.flush()
    logger.info("user %s changed their display name", user.id)


def set_locale(user: User, locale: str) -> None:
    if locale not in current_app.config["LANGUAGES"]:
        raise DomainError(_l("This language is not available."), "locale")
    user.locale = locale
    db.session.flush()


def grant_role(
    user: User,
    role: Role,
    *,
    neighbourhood_id: int | None = None,
    municipality_id: int | None = None,
    actor: User | None = None,
) -> Membership:
    """Give `user` a role in a scope; granting a role they already have changes nothing."""
    role = Role(role)
    if role in NEIGHBOURHOOD_ROLES and (neighbourhood_id is None or municipality_id is not None):
        raise DomainError(_l("This role needs a neighbourhood."), "neighbourhood")
    if role in MUNICIPALITY_ROLES and (municipality_id is None or neighbourhood_id is not None):
        raise DomainError(_l("This role needs a municipality."), "municipality")
    if role == Role.ADMIN and (neighbourhood_id is not None or municipality_id is not None):
        raise DomainError(_l("The admin role has no neighbourhood or municipality."), "role")
    for membership in user.memberships:
        if (
            membership.role == role
            and membership.neighbourhood_id == neighbourhood_id
            and membership.municipality_id == municipality_id
        ):
            return membership
    membership = Membership(
        role=role, neighbourhood_id=neighbourhood_id, municipality_id=municipality_id
    )
    user.memberships.append(membership)
    db.session.flush()
    logger.info(
        "%s granted %s to user %s (neighbourhood %s, municipality %s)",
        f"user {actor.id}" if actor else "system",
        role.value,
        user.id,
        neighbourhood_id,
        municipality_id,
    )
    return membership


# --- Organisations -------------------------------------------------------------------

ORGANISATION_NAME_MAX = 120
ORGANISATION_OFFERS_MAX = 2_000
ORGANISATION_CONTACT_MAX = 200


def register_organisation(
    user: User,
    *,
    name: str,
    kind: str,
    neighbourhood_id: int | None,
    offers: str,
    contact: str,
    kvk_number: str | None = None,
) -> Organisation:
    """`user` registers an organisation and becomes its first member; it waits for a
    neighbourhood worker to verify it."""
    name = normalise_display_name(name)
    if len(name) < DISPLAY_NAME_MIN:
        raise DomainError(_l("Fill in the name of the organisation."), "name")
    if len(name) > ORGANISATION_NAME_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=ORGANISATION_NAME_MAX), "name")
    try:
        kind = OrganisationKind(kind)
    except ValueError as error:
        raise DomainError(_l("Choose what kind of organisation this is."), "kind") from error
    if not any(
        m.neighbourhood_id == neighbourhood_id for m in user.memberships if neighbourhood_id
    ):
        raise DomainError(_l("Choose one of your neighbourhoods."), "neighbourhood_id")
    kvk_number = "".join((kvk_number or "").split()) or None
    if kvk_number is not None and not (
        len(kvk_number) == 8 and kvk_number.isascii() and kvk_number.isdigit()
    ):
        raise DomainError(_l("A KvK number has exactly 8 digits."), "kvk_number")
    offers = clean_text(offers)
    if not offers:
        raise DomainError(_l("Tell the neighbourhood what the organisation offers."), "offers")
    if len(offers) > ORGANISATION_OFFERS_MAX:
        raise DomainError(
            _l("Use at most %(max)d characters.", max=ORGANISATION_OFFERS_MAX), "offers"
        )
    contact = clean_line(contact)
    if not contact:
        raise DomainError(_l("Fill in how people can reach the organisation."), "contact")
    if len(contact) > ORGANISATION_CONTACT_MAX:
        raise DomainError(
            _l("Use at most %(max)d characters.", max=ORGANISATION_CONTACT_MAX), "contact"
        )
    organisation = Organisation(
        name=name,
        kind=kind,
        neighbourhood_id=neighbourhood_id,
        kvk_number=kvk_number,
        offers=offers,
        contact=contact,
        created_by_id=user.id,
        members=[OrganisationMember(user_id=user.id)],
    )
    db.session.add(organisation)
    db.session.flush()
    logger.info("user %s registered organisation %s", user.id, organisation.id)
    return organisation


def organisations_of(user) -> list[Organisation]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(
        db.session.scalars(
            select(Organisation)
            .join(OrganisationMember)
            .where(OrganisationMember.user_id == user.id)
            .order_by(Organisation.name)
        )
    )


def verified_organisations_of(user) -> list[Organisation]:
    """The organisations `user` may post for."""
    return [o for o in organisations_of(user) if o.verified]


def add_organisation_member(organisation: Organisation, user: User, *, actor=None) -> None:
    """Used by the demo and administrators; members can post once the organisation is
    verified."""
    if any(member.user_id == user.id for member in organisation.members):
        return
    organisation.members.append(OrganisationMember(user_id=user.id))
    db.session.flush()
    logger.info(
        "%s added user %s to organisation %s",
        f"user {actor.id}" if actor else "system",
        user.id,
        organisation.id,
    )
