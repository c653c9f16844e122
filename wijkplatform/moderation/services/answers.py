"""The official answer of a neighbourhood worker on a contribution, with its status."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l

from wijkplatform.contributions.models import (
    Contribution,
    ContributionStatus,
)
from wijkplatform.core import signals
from wijkplatform.core.audit import actor_label
from wijkplatform.core.errors import DomainError
from wijkplatform.core.text import clean_text
from wijkplatform.extensions import db
from wijkplatform.moderation.models import (
    ANSWER_MAX,
    ANSWER_STATUSES,
    Action,
    OfficialAnswer,
    TargetType,
)
from wijkplatform.moderation.services.common import (
    ensure_moderator,
    record_event,
)

logger = logging.getLogger(__name__)


# --- Official answer -----------------------------------------------------------------


def answer(actor, contribution: Contribution, *, status: str, body: str) -> OfficialAnswer:
    ensure_moderator(actor, contribution.neighbourhood)
    try:
        status = ContributionStatus(status)
    except ValueError as error:
        raise DomainError(_l("Choose a status."), "status") from error
    if status not in ANSWER_STATUSES:
        raise DomainError(_l("Choose a status."), "status")
    if contribution.status == ContributionStatus.MERGED:
        raise DomainError(_l("This contribution was merged with another one."), status=409)
    body = clean_text(body)
    if not body:
        raise DomainError(_l("Explain the status to the author and the neighbourhood."), "body")
    if len(body) > ANSWER_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=ANSWER_MAX), "body")
    official = OfficialAnswer(
        contribution_id=contribution.id, author_id=actor.id, status=status, body=body
    )
    db.session.add(official)
    contribution.status = status
    db.session.flush()
    record_event(
        actor,
        Action.ANSWERED,
        TargetType.CONTRIBUTION,
        contribution.id,
        neighbourhood_id=contribution.neighbourhood_id,
        reason=status.value,
    )
    logger.info("%s answered contribution %s (%s)", actor_label(actor), contribution.id, status)
    signals.contribution_answered.send(
        "moderation", actor=actor, contribution=contribution, answer=official
    )
    return official
