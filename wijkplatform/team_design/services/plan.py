"""The team development plan: actions with an owner who works on the design, a date, a
status and the block they serve."""

from __future__ import annotations

import logging
from datetime import date

from flask_babel import lazy_gettext as _l

from wijkplatform.core.audit import actor_label
from wijkplatform.core.errors import DomainError
from wijkplatform.core.text import clean_line
from wijkplatform.extensions import db
from wijkplatform.team_design import queries
from wijkplatform.team_design.models import (
    ACTION_TITLE_MAX,
    ActionStatus,
    TeamDesignAction,
)
from wijkplatform.team_design.questions import BLOCKS_BY_NUMBER
from wijkplatform.team_design.services.common import ensure_editor

logger = logging.getLogger(__name__)


def _clean_action(design, *, block, title, owner_id, due_date):
    title = clean_line(title)
    if not title:
        raise DomainError(_l("Say what must be done."), "title")
    if len(title) > ACTION_TITLE_MAX:
        raise DomainError(_l("This can be at most %(n)d characters.", n=ACTION_TITLE_MAX), "title")
    if block not in BLOCKS_BY_NUMBER:
        raise DomainError(_l("Choose from the list."), "block")
    if owner_id is None or not queries.is_possible_owner(design, owner_id):
        raise DomainError(
            _l("Choose a neighbourhood worker of this neighbourhood or a reviewer."), "owner_id"
        )
    if not isinstance(due_date, date):
        raise DomainError(_l("Give a date."), "due_date")
    return title


def add_action(
    actor, design, *, block: int, title: str, owner_id: int | None, due_date
) -> TeamDesignAction:
    ensure_editor(actor, design.neighbourhood)
    title = _clean_action(design, block=block, title=title, owner_id=owner_id, due_date=due_date)
    action = TeamDesignAction(
        design_id=design.id,
        block=block,
        title=title,
        owner_id=owner_id,
        due_date=due_date,
        status=ActionStatus.PLANNED,
        created_by_id=actor.id,
    )
    db.session.add(action)
    db.session.flush()
    logger.info("%s added action %s to team design %s", actor_label(actor), action.id, design.id)
    return action


def set_action_status(actor, design, action: TeamDesignAction, status: str) -> None:
    ensure_editor(actor, design.neighbourhood)
    if action.design_id != design.id:
        raise DomainError(_l("This action is not part of this plan."), status=404)
    try:
        action.status = ActionStatus(status)
    except ValueError:
        raise DomainError(_l("Choose from the list."), "status") from None
    db.session.flush()
    logger.info("%s set action %s to %s", actor_label(actor), action.id, action.status.value)
