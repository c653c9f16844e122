"""Merging a duplicate contribution into the one that is kept."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from wijkplatform.contributions.models import (
    Comment,
    Contribution,
    ContributionStatus,
    Follow,
    Vote,
)
from wijkplatform.core import signals
from wijkplatform.core.audit import actor_label
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.moderation.models import (
    Action,
    ContributionMerge,
    TargetType,
)
from wijkplatform.moderation.services.common import (
    ensure_moderator,
    reason_text,
    record_event,
    refresh_counters,
)

logger = logging.getLogger(__name__)


# --- Merge ---------------------------------------------------------------------------


def merge(actor, merged: Contribution, survivor: Contribution, *, reason: str) -> None:
    """`merged` is a duplicate of `survivor`: supports, follows and reactions move over.

    A person who supported both keeps one support; both counters are recounted from the
    rows, so they are exact."""
    ensure_moderator(actor, merged.neighbourhood)
    reason = reason_text(reason, required=True)
    if survivor is None or survivor.id == merged.id:
        raise DomainError(_l("Choose another contribution to keep."), "survivor_id")
    if survivor.neighbourhood_id != merged.neighbourhood_id:
        raise DomainError(_l("Choose a contribution from the same neighbourhood."), "survivor_id")
    if merged.status == ContributionStatus.MERGED:
        raise DomainError(_l("This contribution was merged already."), status=409)
    if survivor.status == ContributionStatus.MERGED or survivor.hidden:
        raise DomainError(_l("Choose a contribution that is still shown."), "survivor_id")

    # Who supported or followed the duplicate, before their rows move (the event tells them).
    supporter_ids = set(
        db.session.scalars(select(Vote.user_id).where(Vote.contribution_id == merged.id))
    )
    follower_ids = set(
        db.session.scalars(select(Follow.user_id).where(Follow.contribution_id == merged.id))
    )
    for model in (Vote, Follow):
        already = select(model.user_id).where(model.contribution_id == survivor.id)
        db.session.execute(
            delete(model)
            .where(model.contribution_id == merged.id, model.user_id.in_(already))
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            update(model)
            .where(model.contribution_id == merged.id)
            .values(contribution_id=survivor.id)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(
        update(Comment)
        .where(Comment.contribution_id == merged.id)
        .values(contribution_id=survivor.id)
        .execution_options(synchronize_session=False)
    )
    # Earlier duplicates of this one now lead to the survivor too.
    db.session.execute(
        update(ContributionMerge)
        .where(ContributionMerge.survivor_id == merged.id)
        .values(survivor_id=survivor.id)
        .execution_options(synchronize_session=False)
    )
    merged.status = ContributionStatus.MERGED
    db.session.add(
        ContributionMerge(
            merged_id=merged.id, survivor_id=survivor.id, actor_id=actor.id, reason=reason
        )
    )
    db.session.flush()
    for comment in db.session.identity_map.values():
        if isinstance(comment, Comment) and comment.contribution_id == merged.id:
            db.session.refresh(comment, ["contribution_id"])
    refresh_counters(merged.id)
    refresh_counters(survivor.id)
    record_event(
        actor,
        Action.MERGED,
        TargetType.CONTRIBUTION,
        merged.id,
        neighbourhood_id=merged.neighbourhood_id,
        reason=f"→ #{survivor.id}: {reason}",
    )
    logger.info("%s merged contribution %s into %s", actor_label(actor), merged.id, survivor.id)
    signals.contribution_merged.send(
        "moderation",
        actor=actor,
        merged=merged,
        survivor=survivor,
        reason=reason,
        supporter_ids=supporter_ids,
        follower_ids=follower_ids,
    )


def survivor_id_of(contribution_id: int) -> int | None:
    return db.session.scalar(
        select(ContributionMerge.survivor_id).where(ContributionMerge.merged_id == contribution_id)
    )
