"""Show the design to everyone, or stop showing it."""

from __future__ import annotations

import logging

from wijkplatform.core.audit import actor_label
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.team_design.models import TeamDesign
from wijkplatform.team_design.services.common import ensure_editor

logger = logging.getLogger(__name__)


def publish(actor, design: TeamDesign) -> None:
    ensure_editor(actor, design.neighbourhood)
    if design.is_published:
        return
    design.published_at = utcnow()
    db.session.flush()
    logger.info("%s published team design %s", actor_label(actor), design.id)


def unpublish(actor, design: TeamDesign) -> None:
    ensure_editor(actor, design.neighbourhood)
    design.published_at = None
    db.session.flush()
    logger.info("%s withdrew team design %s from the public", actor_label(actor), design.id)
