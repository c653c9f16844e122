"""What the team design services share: who may change a design, and finding it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.team_design import permissions
from wijkplatform.team_design.models import TeamDesign


def ensure_editor(actor, neighbourhood) -> None:
    if not permissions.can_edit_team_design(actor, neighbourhood):
        raise DomainError(
            _l("Only neighbourhood workers and reviewers of this neighbourhood change it."),
            status=403,
        )


def design_of(neighbourhood) -> TeamDesign | None:
    return db.session.scalar(
        select(TeamDesign).where(TeamDesign.neighbourhood_id == neighbourhood.id)
    )
