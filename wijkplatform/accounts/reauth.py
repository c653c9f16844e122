"""Ask for the password again before a sensitive action when the last check is old.

    @bp.route("/admin/things", methods=["POST"])
    @recent_password_required(return_to="feature.things_page")
    def create_thing(): ...

A GET comes back to itself after the password check; a POST cannot be repeated by a
redirect, so it returns to `return_to` (the page with the form) and the user sends it again.
"""

from __future__ import annotations

from functools import wraps

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wijkplatform.accounts import sessions
from wijkplatform.core.urls import current_path
from wijkplatform.extensions import login_manager


def password_is_recent() -> bool:
    limit = current_app.config["REAUTH_AFTER_MINUTES"] * 60
    return sessions.seconds_since_authentication() <= limit


def recent_password_required(return_to: str | None = None):
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if password_is_recent():
                return view(*args, **kwargs)
            if request.method in ("GET", "HEAD"):
                target = current_path()
            else:
                # `return_to` is an endpoint, or a function of the view's arguments that
                # gives the page with the form (`/admin/users/7`).
                if callable(return_to):
                    target = return_to(**kwargs)
                else:
                    target = url_for(return_to or "accounts.overview")
            flash(_("For your safety: fill in your password again to continue."), "info")
            return redirect(url_for("accounts.confirm_password", next=target))

        return wrapper

    return decorator
