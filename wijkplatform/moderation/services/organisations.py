"""Checking organisations: verified ones may have contributions posted on their behalf."""

from __future__ import annotations

import logging

from wijkplatform.accounts.models import Organisation, OrganisationStatus
from wijkplatform.core import signals
from wijkplatform.core.audit import actor_label
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.moderation.models import (
    Action,
    TargetType,
)
from wijkplatform.moderation.services.common import (
    ensure_moderator,
    reason_text,
    record_event,
)

logger = logging.getLogger(__name__)


# --- Organisations -------------------------------------------------------------------


def verify_organisation(actor, organisation: Organisation, *, reason: str | None = None) -> None:
    ensure_moderator(actor, organisation.neighbourhood)
    reason = reason_text(reason, required=False)
    _decide(actor, organisation, OrganisationStatus.VERIFIED, reason)
    record_event(
        actor,
        Action.ORGANISATION_VERIFIED,
        TargetType.ORGANISATION,
        organisation.id,
        neighbourhood_id=organisation.neighbourhood_id,
        reason=reason,
    )
    signals.organisation_verified.send(
        "moderation", actor=actor, organisation=organisation, reason=reason
    )


def reject_organisation(actor, organisation: Organisation, *, reason: str) -> None:
    ensure_moderator(actor, organisation.neighbourhood)
    reason = reason_text(reason, required=True)
    _decide(actor, organisation, OrganisationStatus.REJECTED, reason)
    record_event(
        actor,
        Action.ORGANISATION_REJECTED,
        TargetType.ORGANISATION,
        organisation.id,
        neighbourhood_id=organisation.neighbourhood_id,
        reason=reason,
    )
    signals.organisation_rejected.send(
        "moderation", actor=actor, organisation=organisation, reason=reason
    )


def _decide(actor, organisation, status, reason) -> None:
    organisation.status = status
    organisation.decided_at = utcnow()
    organisation.decided_by_id = actor.id
    organisation.decision_reason = reason
    db.session.flush()
    logger.info("%s set organisation %s to %s", actor_label(actor), organisation.id, status.value)
