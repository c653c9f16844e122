"""Confirming an e-mail address: a signed, time-limited link in a mail to the address.

A registration for an address that already has an account gets a mail too — telling its
owner — so the page after registering is the same for every address (no enumeration)."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from wijkplatform.accounts.models import User
from wijkplatform.core import mail
from wijkplatform.extensions import db

_SALT = "wijkplatform-email-confirmation"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def make_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "email": user.email})


def read_token(token: str) -> tuple[User | None, str | None, str]:
    """(user, email, problem): problem is "", "expired" or "invalid"."""
    max_age = current_app.config["EMAIL_CONFIRMATION_HOURS"] * 3600
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        return None, None, "expired"
    except (BadSignature, ValueError, TypeError):
        return None, None, "invalid"
    if not isinstance(data, dict):
        return None, None, "invalid"
    user = db.session.get(User, data.get("user")) if isinstance(data.get("user"), int) else None
    if user is None:
        return None, None, "invalid"
    return user, str(data.get("email", "")), ""


def send_confirmation(user: User) -> None:
    link = url_for("accounts.confirm_email", token=make_token(user), _external=True)
    hours = current_app.config["EMAIL_CONFIRMATION_HOURS"]
    with force_locale(user.locale):
        mail.send(
            user.email,
            _("Confirm your e-mail address for Wijkplatform"),
            _(
                "Hello %(name)s,\n\nYou made an account on Wijkplatform. Open this link to "
                "confirm your e-mail address and to log in:\n\n%(link)s\n\nThe link works for "
                "%(hours)d hours. Did you not make an account? Then you can ignore this mail.",
                name=user.display_name,
                link=link,
                hours=hours,
            ),
        )


def send_address_taken(user: User) -> None:
    """Someone registered with an address that has an account: tell the owner, nobody else.
    An owner who never confirmed gets a new confirmation link instead."""
    if user.email_confirmed_at is None:
        send_confirmation(user)
        return
    with force_locale(user.locale):
        mail.send(
            user.email,
            _("Someone tried to make a Wijkplatform account with your address"),
            _(
                "Hello %(name)s,\n\nSomeone tried to make a new account on Wijkplatform with "
                "this e-mail address. You already have an account, so nothing changed.\n\n"
                "Was it you? Log in here: %(link)s\nWas it not you? Then you can ignore this "
                "mail.",
                name=user.display_name,
                link=url_for("accounts.login", _external=True),
            ),
        )
