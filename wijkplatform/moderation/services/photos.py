"""Removing one photo from a contribution, with a reason in the moderation log."""

from __future__ import annotations

import logging

from wijkplatform.contributions.models import Contribution
from wijkplatform.contributions.photos import services as photo_services
from wijkplatform.core.audit import actor_label
from wijkplatform.extensions import db
from wijkplatform.moderation.models import Action, TargetType
from wijkplatform.moderation.services.common import ensure_moderator, reason_text, record_event

logger = logging.getLogger(__name__)


def remove_photo(actor, photo, *, reason: str) -> None:
    """Delete `photo` (row now, files after the commit); the contribution stays as it is.
    The log entry names the contribution, with the photo's alt text in the reason so the
    history says which photo it was."""
    contribution = db.session.get(Contribution, photo.contribution_id)
    neighbourhood = contribution.neighbourhood
    ensure_moderator(actor, neighbourhood)
    reason = reason_text(reason, required=True)
    photo_id, alt_text = photo.id, photo.alt_text
    photo_services.delete_photo(photo)
    record_event(
        actor,
        Action.PHOTO_REMOVED,
        TargetType.CONTRIBUTION,
        contribution.id,
        neighbourhood_id=neighbourhood.id,
        reason=f"{reason} [{alt_text}]",
    )
    logger.info(
        "%s removed photo %s from contribution %s", actor_label(actor), photo_id, contribution.id
    )
