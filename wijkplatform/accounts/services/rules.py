"""What a display name, an e-mail address and a password must be, and the names a resident
may not take (a staff member's, or one with a role word)."""

from __future__ import annotations

import re
import unicodedata

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkplatform.accounts import passwords
from wijkplatform.accounts.models import (
    Membership,
    Role,
    User,
)
from wijkplatform.core.text import clean_line, has_unwanted_characters
from wijkplatform.extensions import db

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
