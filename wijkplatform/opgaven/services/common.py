"""What the Opgave services share: the domain errors, the timeline, the latest version."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wijkplatform.accounts.models import User
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.opgaven.models import (
    Opgave,
    OpgaveAction,
    OpgaveEvent,
    OpgaveVersion,
)

logger = logging.getLogger(__name__)


class StaleVersion(DomainError):
    """Someone saved a newer version after the editor opened the form."""

    def __init__(self, current: int):
        super().__init__(
            _l(
                "Someone else saved version %(number)d while you were editing. Your text is "
                "kept below. Look at what changed, then save again.",
                number=current,
            ),
            status=409,
        )
        self.current = current


def add_event(opgave: Opgave, actor, action: OpgaveAction, *, detail=None, version=None) -> None:
    db.session.add(
        OpgaveEvent(
            opgave_id=opgave.id,
            actor_id=actor.id if actor is not None else None,
            action=action,
            version_number=version,
            detail=detail,
        )
    )


def latest_version(opgave: Opgave) -> OpgaveVersion | None:
    # The author comes with the version (a joined load) for their name; their roles
    # (User.memberships, a selectin load) only when something asks for them.
    return db.session.scalar(
        select(OpgaveVersion)
        .options(joinedload(OpgaveVersion.author).lazyload(User.memberships))
        .where(OpgaveVersion.opgave_id == opgave.id, OpgaveVersion.number == opgave.current_version)
    )
