"""What a person sets for themselves: display name, language and (optionally) age group
and years in the neighbourhood."""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import lazy_gettext as _l

from wijkplatform.accounts.models import (
    AgeGroup,
    User,
    YearsHere,
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


def set_participation_profile(user: User, *, age_group: str | None, years_here: str | None) -> None:
    """The optional age group and years in the neighbourhood; empty means "not said"."""
    try:
        user.age_group = AgeGroup(age_group) if age_group else None
    except ValueError as error:
        raise DomainError(_l("Choose one of the options."), "age_group") from error
    try:
        user.years_here = YearsHere(years_here) if years_here else None
    except ValueError as error:
        raise DomainError(_l("Choose one of the options."), "years_here") from error
    db.session.flush()
    logger.info("user %s set their participation profile", user.id)
