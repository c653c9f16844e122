"""Sessions that can be ended: a per-user token, idle and absolute time-outs, and the
time of the last password check (for re-authentication before sensitive actions).

Flask's session is a signed cookie; signing alone cannot revoke a copied cookie. The
session therefore carries the user's `session_token`, and the user loader accepts the
session only while the token in the database is the same. Rotating the token (logout,
password change, erasure) ends every session made with the old one.
"""

from __future__ import annotations

import hmac
import logging
import time

from flask import current_app, flash, session
from flask_babel import gettext as _

from wijkplatform.core import i18n
from wijkplatform.core.permissions import is_static_request

logger = logging.getLogger(__name__)

TOKEN_KEY = "_session_token"
STARTED_AT_KEY = "_started_at"  # when the user logged in (absolute time-out)
SEEN_AT_KEY = "_seen_at"  # the last request (idle time-out)
AUTH_AT_KEY = "_auth_at"  # the last time the password was checked (re-authentication)
USER_ID_KEY = "_user_id"  # Flask-Login's key

# Refresh the idle timestamp at most once a minute, so not every response sets a cookie.
SEEN_RESOLUTION_SECONDS = 60


def now() -> float:
    return time.time()


def start(user) -> None:
    """Record a fresh login in the (already cleared) session."""
    moment = now()
    session[TOKEN_KEY] = user.session_token
    session[STARTED_AT_KEY] = moment
    session[SEEN_AT_KEY] = moment
    session[AUTH_AT_KEY] = moment


def keep_token(user) -> None:
    """After this session's own user rotated their token: keep this session valid."""
    session[TOKEN_KEY] = user.session_token


def mark_reauthenticated() -> None:
    session[AUTH_AT_KEY] = now()


def seconds_since_authentication() -> float:
    return now() - float(session.get(AUTH_AT_KEY, 0))


def token_matches(user) -> bool:
    token = session.get(TOKEN_KEY)
    return isinstance(token, str) and hmac.compare_digest(token, user.session_token or "")


def clear_keeping_locale() -> None:
    locale = session.get(i18n.SESSION_KEY)
    session.clear()
    if locale:
        session[i18n.SESSION_KEY] = locale


def _expired(config) -> bool:
    moment = now()
    started = float(session.get(STARTED_AT_KEY, 0))
    seen = float(session.get(SEEN_AT_KEY, 0))
    return (
        moment - started > config["SESSION_ABSOLUTE_TIMEOUT_MINUTES"] * 60
        or moment - seen > config["SESSION_IDLE_TIMEOUT_MINUTES"] * 60
    )


def check_timeouts():
    """before_request: end a logged-in session that was idle or open for too long."""
    if is_static_request() or USER_ID_KEY not in session:
        return None
    if _expired(current_app.config):
        logger.info("session of user %s timed out", session.get(USER_ID_KEY))
        clear_keeping_locale()
        flash(_("You were logged out because you were away for a while. Log in again."), "info")
        return None
    if now() - float(session.get(SEEN_AT_KEY, 0)) >= SEEN_RESOLUTION_SECONDS:
        session[SEEN_AT_KEY] = now()
    return None
