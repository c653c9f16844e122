"""Rate limits on what people write: posting, supporting and reporting; and on guessing one
account's password or code.

Writing is counted per signed-in person (so a household behind one address is not one
person), and per address for visitors. Logins and registrations are limited per address in
accounts/views/, and on top of that per account (`limit_refused_attempts`), so guesses spread
over many addresses still stop. The limits come from the settings, so tests and load tests
can change them."""

from __future__ import annotations

import hmac

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from wijkplatform.extensions import limiter


def person_or_address() -> str:
    if getattr(current_user, "is_authenticated", False):
        return f"user:{current_user.id}"
    return f"address:{get_remote_address()}"


def limit_posts(setting: str):
    """Limit the POSTs of a view by the rate in the setting `setting`, per person."""
    return limiter.limit(
        lambda: current_app.config[setting],
        methods=["POST"],
        key_func=person_or_address,
        scope=setting.lower(),
    )


def account_key(identifier: str) -> str:
    """The rate-limit key of one account (an e-mail address, or "user:<id>"). Keyed-hashed,
    so the limiter's store (Redis) holds no e-mail addresses."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(secret, identifier.encode(), "sha256").hexdigest()[:32]
    return f"account:{digest}"


def _refused(response) -> bool:
    # A wrong password or code gets the form back with its message (422); a success redirects.
    return response.status_code == 422


def limit_refused_attempts(setting: str, scope: str, key_func):
    """Limit the refused POSTs of a view per account: `key_func` names the account the request
    is about. Views with the same `scope` share one count, so an account's password budget is
    the same at the login, the password confirmation and the password change. An address that
    has no account is counted the same way, so the limit tells nothing about who has one."""
    return limiter.shared_limit(
        lambda: current_app.config[setting],
        scope=scope,
        key_func=key_func,
        methods=["POST"],
        deduct_when=_refused,
    )
