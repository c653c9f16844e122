"""Reads for the moderation pages: the queue, the log, notices for a resident."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from wijkplatform.accounts.models import Organisation, OrganisationStatus
from wijkplatform.contributions.models import Comment, Contribution
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.moderation.models import (
    Block,
    ContributionMerge,
    Flag,
    ModerationEvent,
    OfficialAnswer,
    TargetType,
)

LOG_PAGE_SIZE = 100


@dataclass
class QueueItem:
    target_type: TargetType
    target: Contribution | Comment
    contribution: Contribution
    flag_count: int = 0
    reasons: Counter = field(default_factory=Counter)
    texts: list[str] = field(default_factory=list)
    last_flagged_at: datetime | None = None


def _load_targets(keys) -> dict[tuple[TargetType, int], object]:
    """Contributions and comments by (type, id) in two queries, with their contributions."""
    contribution_ids = {i for t, i in keys if t == TargetType.CONTRIBUTION}
    comment_ids = {i for t, i in keys if t == TargetType.COMMENT}
    comments = (
        list(db.session.scalars(select(Comment).where(Comment.id.in_(comment_ids))))
        if comment_ids
        else []
    )
    contribution_ids |= {c.contribution_id for c in comments}
    contributions = (
        {
            c.id: c
            for c in db.session.scalars(
                select(Contribution).where(Contribution.id.in_(contribution_ids))
            )
        }
        if contribution_ids
        else {}
    )
    loaded = {(TargetType.CONTRIBUTION, i): c for i, c in contributions.items()}
    loaded |= {(TargetType.COMMENT, c.id): c for c in comments}
    return loaded, contributions


def _item(key, loaded, contributions) -> QueueItem | None:
    target = loaded.get(key)
    if target is None:
        return None
    contribution = (
        target if key[0] == TargetType.CONTRIBUTION else contributions.get(target.contribution_id)
    )
    return QueueItem(target_type=key[0], target=target, contribution=contribution)


def flagged_items(neighbourhood) -> list[QueueItem]:
    """Items with open reports: most reported first, then most recently reported."""
    flags = list(
        db.session.scalars(
            select(Flag)
            .where(Flag.neighbourhood_id == neighbourhood.id, Flag.dismissed_at.is_(None))
            .order_by(Flag.created_at)
        )
    )
    keys = {(f.target_type, f.target_id) for f in flags}
    loaded, contributions = _load_targets(keys)
    items: dict = {}
    for report in flags:
        key = (report.target_type, report.target_id)
        if key not in items:
            item = _item(key, loaded, contributions)
            if item is None:
                continue
            items[key] = item
        item = items[key]
        item.flag_count += 1
        item.reasons[report.reason.value] += 1
        if report.text:
            item.texts.append(report.text)
        item.last_flagged_at = report.created_at
    return sorted(items.values(), key=lambda i: (-i.flag_count, -i.last_flagged_at.timestamp()))


def hidden_items(neighbourhood, exclude=()) -> list[QueueItem]:
    """Hidden contributions and reactions in the neighbourhood (without open reports)."""
    contributions = db.session.scalars(
        select(Contribution.id).where(
            Contribution.neighbourhood_id == neighbourhood.id, Contribution.hidden.is_(True)
        )
    )
    comments = db.session.scalars(
        select(Comment.id)
        .join(Contribution, Contribution.id == Comment.contribution_id)
        .where(Contribution.neighbourhood_id == neighbourhood.id, Comment.hidden.is_(True))
    )
    keys = {(TargetType.CONTRIBUTION, i) for i in contributions}
    keys |= {(TargetType.COMMENT, i) for i in comments}
    keys -= set(exclude)
    loaded, by_id = _load_targets(keys)
    items = [_item(key, loaded, by_id) for key in keys]
    return sorted(
        (i for i in items if i is not None),
        key=lambda i: i.target.hidden_at or i.target.created_at,
        reverse=True,
    )


def flags_for(target_type: TargetType, target_id: int) -> list[Flag]:
    return list(
        db.session.scalars(
            select(Flag)
            .where(Flag.target_type == target_type, Flag.target_id == target_id)
            .order_by(Flag.created_at.desc())
        )
    )


def events_for_neighbourhood(neighbourhood, limit: int = LOG_PAGE_SIZE) -> list[ModerationEvent]:
    return list(
        db.session.scalars(
            select(ModerationEvent)
            .where(ModerationEvent.neighbourhood_id == neighbourhood.id)
            .order_by(ModerationEvent.created_at.desc(), ModerationEvent.id.desc())
            .limit(limit)
        )
    )


def events_for(target_type: TargetType, target_id: int) -> list[ModerationEvent]:
    return list(
        db.session.scalars(
            select(ModerationEvent)
            .where(
                ModerationEvent.target_type == target_type, ModerationEvent.target_id == target_id
            )
            .order_by(ModerationEvent.created_at.desc(), ModerationEvent.id.desc())
        )
    )


def pending_organisations(neighbourhood) -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation)
            .where(
                Organisation.neighbourhood_id == neighbourhood.id,
                Organisation.status == OrganisationStatus.PENDING,
            )
            .order_by(Organisation.created_at)
        )
    )


def active_blocks(neighbourhood) -> list[Block]:
    now = utcnow()
    return list(
        db.session.scalars(
            select(Block)
            .where(
                Block.neighbourhood_id == neighbourhood.id,
                Block.lifted_at.is_(None),
                Block.ends_at > now,
            )
            .order_by(Block.ends_at)
        )
    )


def latest_answer(contribution_id: int) -> OfficialAnswer | None:
    return db.session.scalar(
        select(OfficialAnswer)
        .where(OfficialAnswer.contribution_id == contribution_id)
        .order_by(OfficialAnswer.created_at.desc(), OfficialAnswer.id.desc())
        .limit(1)
    )


def merge_of(contribution_id: int) -> ContributionMerge | None:
    return db.session.scalar(
        select(ContributionMerge).where(ContributionMerge.merged_id == contribution_id)
    )


@dataclass
class Notices:
    contributions: list[Contribution]
    comments: list[Comment]
    blocks: list[Block]


def notices_for(user) -> Notices:
    """What moderation did to the resident's own content: hidden items with the reason, and
    blocks with their end."""
    now = utcnow()
    return Notices(
        contributions=list(
            db.session.scalars(
                select(Contribution).where(
                    Contribution.author_id == user.id, Contribution.hidden.is_(True)
                )
            )
        ),
        comments=list(
            db.session.scalars(
                select(Comment).where(Comment.author_id == user.id, Comment.hidden.is_(True))
            )
        ),
        blocks=list(
            db.session.scalars(
                select(Block).where(
                    Block.user_id == user.id, Block.lifted_at.is_(None), Block.ends_at > now
                )
            )
        ),
    )
