"""Reads for other pages: the Opgaven a contribution is evidence for, news on the account
page, what waits for a reviewer or a worker."""

from __future__ import annotations

from sqlalchemy import or_, select

from wijkplatform.accounts.models import Membership, Role
from wijkplatform.contributions.models import (
    Contribution,
    Follow,
)
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Neighbourhood
from wijkplatform.opgaven import workflow
from wijkplatform.opgaven.models import (
    Opgave,
    OpgaveEvidence,
)

NEWS_LIMIT = 10

# --- Other pages ---------------------------------------------------------------------


def opgaven_for_contribution(contribution, *, include_unpublished: bool):
    """The Opgaven a contribution is evidence for: (opgave, section) pairs."""
    statement = (
        select(Opgave, OpgaveEvidence.section)
        .join(OpgaveEvidence, OpgaveEvidence.opgave_id == Opgave.id)
        .where(OpgaveEvidence.contribution_id == contribution.id)
    )
    if not include_unpublished:
        statement = statement.where(Opgave.published_at.is_not(None))
    return db.session.execute(statement.order_by(Opgave.created_at.desc())).unique().all()


def news_for(user) -> list:
    """Recent links of the user's own or followed contributions to published Opgaven:
    (contribution, opgave, section, when) rows, newest first."""
    mine = select(Contribution.id).where(Contribution.author_id == user.id)
    followed = select(Follow.contribution_id).where(Follow.user_id == user.id)
    return (
        db.session.execute(
            select(Contribution, Opgave, OpgaveEvidence.section, OpgaveEvidence.created_at)
            .join(OpgaveEvidence, OpgaveEvidence.contribution_id == Contribution.id)
            .join(Opgave, Opgave.id == OpgaveEvidence.opgave_id)
            .where(
                Opgave.published_at.is_not(None),
                or_(Contribution.id.in_(mine), Contribution.id.in_(followed)),
            )
            .order_by(OpgaveEvidence.created_at.desc())
            .limit(NEWS_LIMIT)
        )
        .unique()
        .all()
    )


def to_review(user) -> list[Opgave]:
    """Opgaven waiting for a decision in the municipalities the user reviews for."""
    municipalities = select(Membership.municipality_id).where(
        Membership.user_id == user.id, Membership.role == Role.REVIEWER
    )
    return list(
        db.session.scalars(
            select(Opgave)
            .join(Neighbourhood, Neighbourhood.id == Opgave.neighbourhood_id)
            .where(
                Opgave.status.in_(workflow.waiting_for(workflow.Actor.REVIEWER)),
                Neighbourhood.municipality_id.in_(municipalities),
            )
            .order_by(Opgave.updated_at)
        )
    )


def drafts_for_moderator(user) -> list[Opgave]:
    neighbourhoods = select(Membership.neighbourhood_id).where(
        Membership.user_id == user.id, Membership.role == Role.MODERATOR
    )
    return list(
        db.session.scalars(
            select(Opgave)
            .where(
                Opgave.neighbourhood_id.in_(neighbourhoods),
                Opgave.status.not_in(workflow.FINAL),
            )
            .order_by(Opgave.updated_at.desc())
        )
    )
