"""The steps of the workflow: reactions open and closed, submit, return, accept."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from wijkplatform.core import signals
from wijkplatform.core.audit import actor_label
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.core.text import clean_text
from wijkplatform.extensions import db
from wijkplatform.opgaven import permissions, workflow
from wijkplatform.opgaven.models import (
    REACTION_DAYS_MAX,
    REASON_MAX,
    Opgave,
    OpgaveAction,
    OpgaveStatus,
)
from wijkplatform.opgaven.services.common import (
    add_event,
    latest_version,
)
from wijkplatform.opgaven.services.evidence import include_evidence
from wijkplatform.opgaven.workflow import Step

logger = logging.getLogger(__name__)

# --- Workflow ------------------------------------------------------------------------


def _take_step(actor, opgave: Opgave, step: Step, **values) -> OpgaveStatus:
    """Move the Opgave one step on; returns the status it had before."""
    previous = opgave.status
    target = workflow.next_status(opgave.status, step)
    if target is None:
        raise DomainError(_l("This step is not possible now. Reload the page."), status=409)
    if not permissions.can_take_step(actor, opgave, step):
        raise DomainError(_l("You may not take this step."), status=403)
    # Conditional on the status read, so two people deciding at once cannot both win.
    moved = db.session.execute(
        update(Opgave)
        .where(Opgave.id == opgave.id, Opgave.status == opgave.status)
        .values(status=target, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        db.session.refresh(opgave)
        raise DomainError(
            _l("Someone else changed this Opgave just now. Reload the page."), status=409
        )
    db.session.refresh(opgave)
    return previous


def _announce(actor, opgave: Opgave, previous: OpgaveStatus, reasons: str | None = None) -> None:
    signals.opgave_status_changed.send(
        "opgaven",
        actor=actor,
        opgave=opgave,
        old_status=previous,
        new_status=opgave.status,
        reasons=reasons,
    )


def open_reactions(actor, opgave: Opgave, *, until: date | None, today: date) -> None:
    if until is None or until < today + timedelta(days=1):
        raise DomainError(_l("Choose a last day after today."), "until")
    if until > today + timedelta(days=REACTION_DAYS_MAX):
        raise DomainError(
            _l("Reactions can be open for at most %(n)d days.", n=REACTION_DAYS_MAX), "until"
        )
    values = {"reactions_until": until, "reactions_cut_short_on": None, "cut_short_reason": None}
    publishing = opgave.published_at is None
    if publishing:
        values["published_at"] = utcnow()
    previous = _take_step(actor, opgave, Step.OPEN_REACTIONS, **values)
    if publishing:
        include_evidence(opgave)
    add_event(
        opgave,
        actor,
        OpgaveAction.REACTIONS_OPENED,
        version=opgave.current_version,
        detail=until.isoformat(),
    )
    db.session.flush()
    logger.info("%s opened Opgave %s for reactions until %s", actor_label(actor), opgave.id, until)
    _announce(actor, opgave, previous)


def close_reactions(actor, opgave: Opgave) -> None:
    previous = _take_step(actor, opgave, Step.CLOSE_REACTIONS)
    add_event(opgave, actor, OpgaveAction.REACTIONS_CLOSED, version=opgave.current_version)
    db.session.flush()
    logger.info("%s closed reactions on Opgave %s", actor_label(actor), opgave.id)
    _announce(actor, opgave, previous)


def cuts_reactions_short(opgave: Opgave, today: date) -> bool:
    """Submitting now would end a reaction period residents were promised before its last
    day (the period includes that day)."""
    return (
        opgave.status == OpgaveStatus.OPEN_FOR_REACTIONS
        and opgave.reactions_until is not None
        and today <= opgave.reactions_until
    )


def submit(actor, opgave: Opgave, *, reason: str | None = None, today: date | None = None) -> None:
    """Send the latest version to the municipality; it stays as it is until decided.

    The reaction period is a promise to residents: before its last day has passed, the
    worker must say why they submit early (shown on the timeline and to the reviewer)."""
    version = latest_version(opgave)
    if version is None or not version.task.strip():
        raise DomainError(_l("Write the task in one paragraph before you submit."), "task")
    today = today or utcnow().date()
    values = {"submitted_version": opgave.current_version}
    reason = clean_text(reason or "")
    if cuts_reactions_short(opgave, today):
        if not reason:
            raise DomainError(
                _l(
                    "Residents can react until and including %(date)s. Say why you send it "
                    "to the municipality before then.",
                    date=format_date(opgave.reactions_until, "long"),
                ),
                "reason",
            )
        if len(reason) > REASON_MAX:
            raise DomainError(
                _l("The reasons can be at most %(n)d characters.", n=REASON_MAX), "reason"
            )
        values.update(reactions_cut_short_on=today, cut_short_reason=reason)
    else:
        reason = ""
    publishing = opgave.published_at is None
    if publishing:
        values["published_at"] = utcnow()
    previous = _take_step(actor, opgave, Step.SUBMIT, **values)
    if publishing:
        include_evidence(opgave)
    add_event(
        opgave,
        actor,
        OpgaveAction.SUBMITTED,
        version=opgave.current_version,
        detail=reason or None,
    )
    db.session.flush()
    logger.info(
        "%s submitted version %s of Opgave %s%s",
        actor_label(actor),
        opgave.current_version,
        opgave.id,
        " before the reaction period ended" if reason else "",
    )
    _announce(actor, opgave, previous)


def return_opgave(actor, opgave: Opgave, *, reasons: str) -> None:
    reasons = clean_text(reasons)
    if len(reasons) < 10:
        raise DomainError(_l("Explain what must change (at least 10 characters)."), "reasons")
    if len(reasons) > REASON_MAX:
        raise DomainError(
            _l("The reasons can be at most %(n)d characters.", n=REASON_MAX), "reasons"
        )
    previous = _take_step(actor, opgave, Step.RETURN)
    add_event(
        opgave, actor, OpgaveAction.RETURNED, version=opgave.submitted_version, detail=reasons
    )
    db.session.flush()
    logger.info("%s returned Opgave %s", actor_label(actor), opgave.id)
    _announce(actor, opgave, previous, reasons)


def accept(actor, opgave: Opgave, *, remarks: str = "") -> None:
    remarks = clean_text(remarks)
    if len(remarks) > REASON_MAX:
        raise DomainError(
            _l("The remarks can be at most %(n)d characters.", n=REASON_MAX), "reasons"
        )
    previous = _take_step(actor, opgave, Step.ACCEPT)
    add_event(
        opgave,
        actor,
        OpgaveAction.ACCEPTED,
        version=opgave.submitted_version,
        detail=remarks or None,
    )
    db.session.flush()
    logger.info("%s accepted Opgave %s", actor_label(actor), opgave.id)
    _announce(actor, opgave, previous, remarks or None)
