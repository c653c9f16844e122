"""Rate limits on what people write: posting, supporting and reporting.

Counted per signed-in person (so a household behind one address is not one person), and per
address for visitors. Logins and registrations are limited per address in accounts/views.py.
The limits come from the settings, so tests and load tests can change them."""

from __future__ import annotations

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
