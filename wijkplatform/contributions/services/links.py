"""Links from resources and potentials to the issues they could help with."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wijkplatform.contributions import permissions
from wijkplatform.contributions.models import (
    Contribution,
    ContributionKind,
    ContributionLink,
)
from wijkplatform.core.audit import actor_label
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


def link_contributions(user, source: Contribution, target: Contribution) -> ContributionLink:
    """Link a resource or potential (`source`) to an issue (`target`) it could help with."""
    if not permissions.can_link_contribution(user, source):
        raise DomainError(_l("You cannot link this contribution."), status=403)
    if (
        target.kind != ContributionKind.ISSUE
        or target.hidden
        or target.neighbourhood.municipality_id != source.neighbourhood.municipality_id
    ):
        raise DomainError(_l("Choose an issue from this municipality."), "target_id")
    existing = db.session.scalar(
        select(ContributionLink).where(
            ContributionLink.source_id == source.id, ContributionLink.target_id == target.id
        )
    )
    if existing is not None:
        return existing
    link = ContributionLink(source_id=source.id, target_id=target.id, created_by_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(link)
    except IntegrityError:
        return db.session.scalar(
            select(ContributionLink).where(
                ContributionLink.source_id == source.id, ContributionLink.target_id == target.id
            )
        )
    logger.info("%s linked contribution %s to issue %s", actor_label(user), source.id, target.id)
    return link


def unlink_contributions(user, link: ContributionLink) -> None:
    if not permissions.can_link_contribution(user, link.source):
        raise DomainError(_l("You cannot change the links of this contribution."), status=403)
    db.session.delete(link)
    db.session.flush()
    logger.info("%s removed link %s", actor_label(user), link.id)
