"""The accounts blueprint and what its views share: starting a session, the way back after
logging in, the neighbourhoods to choose from, and the per-account limits on guessing a
password or a two-factor code."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user

from wijkplatform.accounts import sessions
from wijkplatform.accounts.services import normalise_email
from wijkplatform.core import signals
from wijkplatform.core.limits import account_key, limit_refused_attempts
from wijkplatform.core.urls import is_local_path
from wijkplatform.extensions import limiter

bp = Blueprint("accounts", __name__, url_prefix="/account")

PENDING_USER_KEY = "_2fa_user"
PENDING_AT_KEY = "_2fa_at"
PENDING_NEXT_KEY = "_2fa_next"
PENDING_SECONDS = 300
SETUP_NONCE_KEY = "_2fa_setup_nonce"


def neighbourhood_choices():
    # The neighbourhoods feature answers (see neighbourhoods.init_app): accounts sits below
    # it in the dependency order.
    return signals.ask(signals.neighbourhood_choices_asked) or []


def start_session(user) -> None:
    # A fresh session on login: nothing from before the login (besides the language
    # choice) carries over into the logged-in session.
    sessions.clear_keeping_locale()
    login_user(user)
    sessions.start(user)


def redirect_after_login(target):
    return redirect(target if is_local_path(target) else url_for("accounts.overview"))


def limit_attempts_per_address():
    """Every POST from one address (the login limit), whichever account it is about."""
    return limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])


def _account_typed_at_login() -> str:
    # Known or not: an address without an account is counted just the same.
    return account_key(normalise_email(request.form.get("email", "")))


def _signed_in_account() -> str:
    if current_user.is_authenticated:
        return account_key(normalise_email(current_user.email))
    return f"address:{get_remote_address()}"


def _account_halfway_logged_in() -> str:
    user_id = session.get(PENDING_USER_KEY)
    if isinstance(user_id, int):
        return account_key(f"user:{user_id}")
    return f"address:{get_remote_address()}"  # no login under way: the view sends them back


def limit_password_guesses_at_login():
    return limit_refused_attempts(
        "LOGIN_ACCOUNT_RATE_LIMIT", "account-password", _account_typed_at_login
    )


def limit_password_guesses():
    """Where a signed-in person types their password again: the same count as the login, so a
    stolen session cannot be used to guess the password (and then change the address)."""
    return limit_refused_attempts(
        "LOGIN_ACCOUNT_RATE_LIMIT", "account-password", _signed_in_account
    )


def limit_code_guesses():
    return limit_refused_attempts(
        "TWO_FACTOR_ACCOUNT_RATE_LIMIT", "account-code", _account_halfway_logged_in
    )
