"""The one place where a refused permission becomes a response.

Features define `can_<verb>_<noun>(user, obj) -> bool` predicates in their own
permissions.py; views pass the result to `ensure()`.
"""

from __future__ import annotations

import logging

from flask import abort, current_app, request
from flask_login import current_user

from wijkplatform.extensions import login_manager

logger = logging.getLogger(__name__)


def ensure(allowed: bool) -> None:
    """Stop the request unless `allowed`: visitors are sent to log in, others get 403."""
    if allowed:
        return
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    logger.info("access refused to user %s: %s %s", current_user.id, request.method, request.path)
    abort(403)


def open_before_two_factor(view):
    """Mark a view an account may use before it has set up the two-factor login its role
    needs (logging in and out, the set-up itself, the privacy and accessibility pages)."""
    view.open_before_two_factor = True
    return view


def current_view_is_open_before_two_factor() -> bool:
    return is_static_request() or current_view_has("open_before_two_factor")


def current_view_has(mark: str) -> bool:
    """Whether the view answering this request carries `mark`, the attribute a decorator such
    as `open_before_two_factor` sets: hooks ask the view, never compare endpoint names."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return bool(getattr(view, mark, False))


def is_static_request() -> bool:
    """A request for a file under /static/: no session work, no personal-data headers."""
    return request.path.startswith((current_app.static_url_path or "/static") + "/")
