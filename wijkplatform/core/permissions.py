"""The one place where a refused permission becomes a response.

Features define `can_<verb>_<noun>(user, obj) -> bool` predicates in their own
permissions.py; views pass the result to `ensure()`.
"""

from __future__ import annotations

import logging

from flask import abort, request
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
