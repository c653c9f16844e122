"""The accounts blueprint and what its views share: starting a session, the way back after
logging in, and the neighbourhoods to choose from."""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_login import login_user

from wijkplatform.accounts import sessions
from wijkplatform.core import signals
from wijkplatform.core.urls import is_local_path

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
