"""What one person does with contributions: which they support and follow, and their own
overview (their contributions, supports and follows); and how many residents support each."""

from __future__ import annotations

from sqlalchemy import func, select

from wijkplatform.accounts.permissions import join_counting_residents
from wijkplatform.contributions.models import Contribution, Follow, Vote
from wijkplatform.contributions.queries.common import visible
from wijkplatform.extensions import db


def supported_ids(user, contribution_ids) -> set[int]:
    if not contribution_ids or user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        db.session.scalars(
            select(Vote.contribution_id).where(
                Vote.user_id == user.id, Vote.contribution_id.in_(contribution_ids)
            )
        )
    )


def resident_support_counts(neighbourhood_id: int, contribution_ids) -> dict[int, int]:
    """Per contribution: how many of its supporters count as residents of the neighbourhood
    (accounts.permissions.join_counting_residents). One query; contributions without any are left
    out."""
    ids = list(contribution_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        join_counting_residents(
            select(Vote.contribution_id, func.count(Vote.id)).where(Vote.contribution_id.in_(ids)),
            Vote.user_id,
            neighbourhood_id,
        ).group_by(Vote.contribution_id)
    ).all()
    return {contribution_id: int(number) for contribution_id, number in rows}


def has_supported(user, contribution) -> bool:
    return contribution.id in supported_ids(user, [contribution.id])


def is_following(user, contribution) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            select(Follow.id).where(
                Follow.user_id == user.id, Follow.contribution_id == contribution.id
            )
        )
        is not None
    )


def user_overview(user) -> dict[str, list[Contribution]]:
    """My contributions (all of them), my supports and what I follow (visible ones), in 3+1
    queries."""

    def ids(statement) -> select:
        return select(Contribution).where(visible(), Contribution.id.in_(statement))

    # Every own contribution, hidden and merged ones too: the author always keeps them in
    # view, with their state ("my input").
    own = (
        db.session.scalars(
            select(Contribution)
            .where((Contribution.author_id == user.id) | (Contribution.recorded_by_id == user.id))
            .order_by(Contribution.created_at.desc())
        )
        .unique()
        .all()
    )
    supported = (
        db.session.scalars(
            ids(select(Vote.contribution_id).where(Vote.user_id == user.id)).order_by(
                Contribution.created_at.desc()
            )
        )
        .unique()
        .all()
    )
    followed = (
        db.session.scalars(
            ids(select(Follow.contribution_id).where(Follow.user_id == user.id)).order_by(
                Contribution.created_at.desc()
            )
        )
        .unique()
        .all()
    )
    return {"own": list(own), "supported": list(supported), "followed": list(followed)}
