"""What a person sets for themselves: display name and language."""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import lazy_gettext as _l

from wijkplatform.accounts.models import (
    User,
)
from wijkplatform.accounts.services.rules import (
    display_name_problem,
    impersonation_problem,
    normalise_display_name,
)
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


def change_display_name(user: User, *, display_name: str) -> None:
    display_name = normalise_display_name(display_name)
    problem = display_name_problem(display_name) or impersonation_problem(display_name, user)
    if problem:
        raise DomainError(problem, field="display_name")
    user.display_name = display_name
    db.session.flush()
    logger.info("user %s changed their display name", user.id)


def set_locale(user: User, locale: str) -> None:
    if locale not in current_app.config["LANGUAGES"]:
        raise DomainError(_l("This language is not available."), "locale")
    user.locale = locale
    db.session.flush()
