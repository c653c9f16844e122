"""The accepted Opgaven behind block 1: link, unlink, and the notice when one changes
(receivers of the Opgave's domain events, connected in `team_design.init_app`)."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from wijkplatform.core.audit import actor_label
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.opgaven.models import Opgave, OpgaveStatus
from wijkplatform.team_design.models import (
    NOTE_MAX,
    TeamDesign,
    TeamDesignOpgave,
)
from wijkplatform.team_design.services.common import ensure_editor

logger = logging.getLogger(__name__)


def link_opgave(actor, design: TeamDesign, opgave: Opgave | None) -> TeamDesignOpgave:
    """Link an accepted Opgave of the same neighbourhood to block 1."""
    ensure_editor(actor, design.neighbourhood)
    if opgave is None or opgave.neighbourhood_id != design.neighbourhood_id:
        raise DomainError(_l("Choose an Opgave of this neighbourhood."), "opgave_id")
    if opgave.status != OpgaveStatus.ACCEPTED:
        raise DomainError(_l("Only an accepted Opgave can feed the team design."), "opgave_id")
    existing = db.session.scalar(
        select(TeamDesignOpgave).where(
            TeamDesignOpgave.design_id == design.id, TeamDesignOpgave.opgave_id == opgave.id
        )
    )
    if existing is not None:
        return existing
    link = TeamDesignOpgave(design_id=design.id, opgave_id=opgave.id, linked_by_id=actor.id)
    db.session.add(link)
    db.session.flush()
    logger.info("%s linked Opgave %s to team design %s", actor_label(actor), opgave.id, design.id)
    return link


def unlink_opgave(actor, design: TeamDesign, link: TeamDesignOpgave) -> None:
    ensure_editor(actor, design.neighbourhood)
    if link.design_id != design.id:
        raise DomainError(_l("This Opgave is not linked here."), status=404)
    db.session.delete(link)
    db.session.flush()
    logger.info(
        "%s unlinked Opgave %s from team design %s", actor_label(actor), link.opgave_id, design.id
    )


def acknowledge_opgave_change(actor, design: TeamDesign, link: TeamDesignOpgave) -> None:
    """The workers have looked at what changed in the Opgave: the notice goes away."""
    ensure_editor(actor, design.neighbourhood)
    if link.design_id != design.id:
        raise DomainError(_l("This Opgave is not linked here."), status=404)
    link.changed_at = None
    link.changed_note = None
    db.session.flush()


def _mark_opgave_changed(opgave: Opgave, note: str) -> None:
    ids = [opgave.id] + ([opgave.based_on_id] if opgave.based_on_id else [])
    db.session.execute(
        update(TeamDesignOpgave)
        .where(TeamDesignOpgave.opgave_id.in_(ids))
        .values(changed_at=utcnow(), changed_note=note[:NOTE_MAX])
        .execution_options(synchronize_session=False)
    )


def on_opgave_status_changed(sender, *, opgave, new_status, **kwargs) -> None:
    """An Opgave the design rests on (or a newer draft of it) changed status."""
    _mark_opgave_changed(opgave, f"status:{getattr(new_status, 'value', new_status)}")


def on_opgave_version_saved(sender, *, opgave, version, **kwargs) -> None:
    _mark_opgave_changed(opgave, f"version:{version}")
