"""Link contributions to a draft as evidence, and unlink them.

A linked contribution gets the status "included in the task" only once its Opgave is public
(`published_at`, set when residents are asked to react or the draft goes to the
municipality): before that only neighbourhood workers see the draft, so the author and
visitors must not read that it is included. `include_evidence` does it on publication.
"""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wijkplatform.contributions.models import Contribution, ContributionStatus
from wijkplatform.core import signals
from wijkplatform.core.audit import actor_label
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.opgaven import backers, permissions
from wijkplatform.opgaven.models import (
    DEFAULT_EVIDENCE_SECTION,
    EVIDENCE_SECTIONS,
    Opgave,
    OpgaveAction,
    OpgaveEvidence,
)
from wijkplatform.opgaven.services.common import (
    add_event,
)

logger = logging.getLogger(__name__)

# --- Evidence ------------------------------------------------------------------------


def evidence_rows(opgave: Opgave) -> list[OpgaveEvidence]:
    return list(
        db.session.scalars(
            select(OpgaveEvidence)
            .where(OpgaveEvidence.opgave_id == opgave.id)
            .order_by(OpgaveEvidence.id)
        )
    )


def link_refusal(opgave: Opgave, contribution: Contribution):
    """Why `contribution` cannot be evidence for `opgave`, or None."""
    if contribution.neighbourhood_id != opgave.neighbourhood_id:
        return _l("Choose a contribution from this neighbourhood.")
    if contribution.hidden:
        return _l("This contribution is hidden by a moderator, so it cannot be evidence.")
    if contribution.status == ContributionStatus.MERGED:
        return _l("This contribution was merged with another one. Link that one instead.")
    if contribution.withdrawn:
        return _l("The author withdrew this contribution, so it cannot be evidence.")
    return None


def _include(evidence: OpgaveEvidence, contribution: Contribution) -> None:
    """Give the contribution the status "included", remembering the one it had."""
    if contribution.status in (ContributionStatus.INCLUDED, ContributionStatus.MERGED):
        return
    evidence.previous_status = contribution.status.value
    contribution.status = ContributionStatus.INCLUDED


def _used_by_a_public_opgave(contribution_id: int) -> bool:
    return (
        db.session.scalar(
            select(OpgaveEvidence.id)
            .join(Opgave, Opgave.id == OpgaveEvidence.opgave_id)
            .where(
                OpgaveEvidence.contribution_id == contribution_id,
                Opgave.published_at.is_not(None),
            )
            .limit(1)
        )
        is not None
    )


def include_evidence(opgave: Opgave) -> None:
    """On publication: every contribution linked to the draft is now included, in public."""
    for evidence in evidence_rows(opgave):
        _include(evidence, evidence.contribution)
    db.session.flush()


def link_evidence(actor, opgave: Opgave, contribution: Contribution, *, section=None):
    """Link `contribution` to a section as evidence; it gets the status "included" when the
    Opgave is public, or when it is published later."""
    if not permissions.can_edit_opgave(actor, opgave):
        raise DomainError(_l("You cannot change the evidence of this Opgave now."), status=403)
    section = section or DEFAULT_EVIDENCE_SECTION[contribution.kind]
    if section not in EVIDENCE_SECTIONS:
        raise DomainError(_l("Choose a part of the Opgave from the list."), "section")
    refusal = link_refusal(opgave, contribution)
    if refusal:
        raise DomainError(refusal, "contribution_id")
    existing = db.session.scalar(
        select(OpgaveEvidence).where(
            OpgaveEvidence.opgave_id == opgave.id,
            OpgaveEvidence.contribution_id == contribution.id,
        )
    )
    if existing is not None:
        raise DomainError(
            _l("This contribution is already linked to this Opgave."), "contribution_id"
        )
    evidence = OpgaveEvidence(
        opgave_id=opgave.id,
        contribution_id=contribution.id,
        section=section,
        created_by_id=actor.id,
        previous_status=contribution.status.value,
    )
    try:
        with db.session.begin_nested():
            db.session.add(evidence)
    except IntegrityError:
        raise DomainError(
            _l("This contribution is already linked to this Opgave."), "contribution_id"
        ) from None
    if opgave.is_public:
        _include(evidence, contribution)
    db.session.flush()
    backers.contribution_linked(opgave.id, contribution.id)
    add_event(
        opgave,
        actor,
        OpgaveAction.EVIDENCE_ADDED,
        detail=contribution.title,
        version=opgave.current_version,
    )
    db.session.flush()
    logger.info(
        "%s linked contribution %s to Opgave %s (%s)",
        actor_label(actor),
        contribution.id,
        opgave.id,
        section,
    )
    signals.evidence_linked.send(
        "opgaven", actor=actor, opgave=opgave, contribution=contribution, evidence=evidence
    )
    return evidence


def unlink_evidence(actor, opgave: Opgave, evidence: OpgaveEvidence) -> None:
    if not permissions.can_edit_opgave(actor, opgave) or evidence.opgave_id != opgave.id:
        raise DomainError(_l("You cannot change the evidence of this Opgave now."), status=403)
    contribution = evidence.contribution
    db.session.delete(evidence)
    db.session.flush()
    backers.contribution_unlinked(opgave.id, contribution.id)
    if (
        not _used_by_a_public_opgave(contribution.id)
        and contribution.status == ContributionStatus.INCLUDED
        and evidence.previous_status
        and evidence.previous_status != ContributionStatus.INCLUDED.value
    ):
        contribution.status = ContributionStatus(evidence.previous_status)
    add_event(
        opgave,
        actor,
        OpgaveAction.EVIDENCE_REMOVED,
        detail=contribution.title,
        version=opgave.current_version,
    )
    db.session.flush()
    logger.info(
        "%s unlinked contribution %s from Opgave %s", actor_label(actor), contribution.id, opgave.id
    )
