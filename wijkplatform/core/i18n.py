"""Language choice: the visitor's explicit choice, then their account's, then Dutch."""

from __future__ import annotations

from flask import current_app, has_request_context, session
from flask_babel import get_locale
from flask_login import current_user

SESSION_KEY = "locale"


def available_languages() -> dict[str, str]:
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    if not has_request_context():  # CLI, jobs and services outside a request
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get(SESSION_KEY)
    if chosen in available_languages():
        return chosen
    account_locale = getattr(current_user, "locale", None) if current_user else None
    if account_locale in available_languages():
        return account_locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_locale(code: str) -> bool:
    """Store the visitor's language for this session; False for an unknown code."""
    if code not in available_languages():
        return False
    session[SESSION_KEY] = code
    return True


def init_app(app) -> None:
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["available_languages"] = available_languages
