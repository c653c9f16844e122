"""Residents' comments on the team design are moderated like reactions: reported through
moderation's report page, in the neighbourhood's queue and log, hidden and shown again by
moderation's services, their author told. This is what moderation needs to know about them
(moderation/targets.py); `init_app` registers it."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from wijkplatform.extensions import db
from wijkplatform.moderation.models import TargetType
from wijkplatform.moderation.targets import ModeratedKind
from wijkplatform.team_design.models import TeamDesign, TeamDesignComment


def _neighbourhood(comment: TeamDesignComment):
    return comment.design.neighbourhood


def _heading(comment: TeamDesignComment) -> str:
    return _(
        "Comment on block %(number)d of the team design of %(name)s",
        number=comment.block,
        name=_neighbourhood(comment).name,
    )


def _page_url(comment: TeamDesignComment) -> str:
    return url_for(
        "team_design.public",
        slug=_neighbourhood(comment).slug,
        _anchor=f"team-design-comment-{comment.id}",
    )


def _shown(comment: TeamDesignComment) -> bool:
    return comment.design.is_published and not comment.hidden


def _hidden_ids(neighbourhood):
    return (
        select(TeamDesignComment.id)
        .join(TeamDesign, TeamDesign.id == TeamDesignComment.design_id)
        .where(TeamDesign.neighbourhood_id == neighbourhood.id, TeamDesignComment.hidden.is_(True))
    )


def _hidden_of(user) -> list[TeamDesignComment]:
    return list(
        db.session.scalars(
            select(TeamDesignComment)
            .where(TeamDesignComment.author_id == user.id, TeamDesignComment.hidden.is_(True))
            .order_by(TeamDesignComment.id)
        )
    )


DESIGN_COMMENTS = ModeratedKind(
    target_type=TargetType.DESIGN_COMMENT,
    model=TeamDesignComment,
    neighbourhood=_neighbourhood,
    heading=_heading,
    page_url=_page_url,
    shown=_shown,
    hidden_ids=_hidden_ids,
    hidden_of=_hidden_of,
)
