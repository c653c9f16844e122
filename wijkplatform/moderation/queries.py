"""Reads for the moderation pages: the queue, the log, notices for a resident."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from flask import current_app
from sqlalchemy import false, func, select, true

from wijkplatform.accounts.models import Organisation, OrganisationStatus, User
from wijkplatform.contributions.models import (
    Comment,
    Contribution,
    ContributionKind,
    ContributionStatus,
)
from wijkplatform.contributions.queries import resident_support_counts
from wijkplatform.contributions.thread import Author
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.moderation import targets
from wijkplatform.moderation.models import (
    Block,
    ContributionMerge,
    Flag,
    ModerationEvent,
    OfficialAnswer,
    TargetType,
)
from wijkplatform.moderation.services.flags import threshold_for

LOG_PAGE_SIZE = 100
DEFAULT_NEW_ACCOUNT_DAYS = 7


@dataclass
class QueueItem:
    target_type: TargetType
    # A row of the shown columns of a contribution or a reaction, or an item of a
    # registered kind (targets.py).
    target: object
    contribution: object | None  # the row of the contribution; None for another feature
    # For content of another feature: what it is.
    heading: str | None = None
    flag_count: int = 0
    reasons: Counter = field(default_factory=Counter)
    texts: list[str] = field(default_factory=list)
    last_flagged_at: datetime | None = None
    # Open reports that count toward hiding, and how many would hide it now.
    counting: int = 0
    threshold: int = 0
    # Open reports that do not count, by FlagNotCounted value.
    not_counted: Counter = field(default_factory=Counter)
    # Open reports from accounts younger than NEW_ACCOUNT_DAYS when they reported: a cluster
    # of these is what sock puppets look like.
    from_new_accounts: int = 0


def new_account_days() -> int:
    return int(current_app.config.get("NEW_ACCOUNT_DAYS", DEFAULT_NEW_ACCOUNT_DAYS))


def _account_age_days(flagged_at: datetime, account_made_at: datetime) -> int:
    # Both come from the same database, so both are naive (SQLite) or both aware.
    return max(0, (flagged_at - account_made_at).days)


# What the queue's item summaries and their order read (moderation/views/queue_items.py),
# read as rows of columns, not as ORM objects: a contribution's text, place and counters are
# not shown there, and building an object with its relationships for each of some hundred
# items was a fifth of the queue (issue 18, `make profile`).
_SHOWN_CONTRIBUTION_COLUMNS = (
    Contribution.id,
    Contribution.title,
    Contribution.hidden,
    Contribution.hidden_at,
    Contribution.hidden_reason,
    Contribution.created_at,
)
_SHOWN_COMMENT_COLUMNS = (
    Comment.id,
    Comment.contribution_id,
    Comment.body,
    Comment.hidden,
    Comment.hidden_at,
    Comment.hidden_reason,
    Comment.created_at,
)


def _load_targets(keys) -> dict[tuple[TargetType, int], object]:
    """Contributions and comments by (type, id) in two queries, with their contributions'
    titles: rows of the columns shown. Content of another feature is loaded as its model,
    since its kind writes its heading (targets.py)."""
    contribution_ids = {i for t, i in keys if t == TargetType.CONTRIBUTION}
    comment_ids = {i for t, i in keys if t == TargetType.COMMENT}
    comments = (
        db.session.execute(select(*_SHOWN_COMMENT_COLUMNS).where(Comment.id.in_(comment_ids))).all()
        if comment_ids
        else []
    )
    contribution_ids |= {c.contribution_id for c in comments}
    contributions = (
        {
            c.id: c
            for c in db.session.execute(
                select(*_SHOWN_CONTRIBUTION_COLUMNS).where(Contribution.id.in_(contribution_ids))
            )
        }
        if contribution_ids
        else {}
    )
    loaded = {(TargetType.CONTRIBUTION, i): c for i, c in contributions.items()}
    loaded |= {(TargetType.COMMENT, c.id): c for c in comments}
    for kind in targets.kinds():
        ids = {i for t, i in keys if t == kind.target_type}
        if ids:
            found = db.session.scalars(select(kind.model).where(kind.model.id.in_(ids)))
            loaded |= {(kind.target_type, item.id): item for item in found}
    return loaded, contributions


def _item(key, loaded, contributions) -> QueueItem | None:
    target = loaded.get(key)
    if target is None:
        return None
    if key[0] == TargetType.CONTRIBUTION:
        return QueueItem(target_type=key[0], target=target, contribution=target)
    if key[0] == TargetType.COMMENT:
        contribution = contributions.get(target.contribution_id)
        return QueueItem(target_type=key[0], target=target, contribution=contribution)
    kind = targets.kind_for_type(key[0])
    return QueueItem(
        target_type=key[0],
        target=target,
        contribution=None,
        heading=kind.heading(target),
    )


def flagged_items(neighbourhood) -> list[QueueItem]:
    """Items with open reports (all of them, whether they count or not): most reported
    first, then most recently reported. Four queries whatever the number of items."""
    rows = db.session.execute(
        select(
            Flag.target_type,
            Flag.target_id,
            Flag.reason,
            Flag.text,
            Flag.created_at,
            Flag.not_counted,
            User.created_at.label("account_made_at"),
        )
        .join(User, User.id == Flag.reporter_id)
        .where(Flag.neighbourhood_id == neighbourhood.id, Flag.dismissed_at.is_(None))
        .order_by(Flag.created_at)
    ).all()
    keys = {(f.target_type, f.target_id) for f in rows}
    loaded, contributions = _load_targets(keys)
    young = new_account_days()
    items: dict = {}
    for report in rows:
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
        if report.not_counted is None:
            item.counting += 1
        else:
            item.not_counted[report.not_counted.value] += 1
        if _account_age_days(report.created_at, report.account_made_at) < young:
            item.from_new_accounts += 1
    supporters = resident_support_counts(
        neighbourhood.id,
        [i.target.id for i in items.values() if i.target_type == TargetType.CONTRIBUTION],
    )
    for (target_type, target_id), item in items.items():
        counted = supporters.get(target_id, 0) if target_type == TargetType.CONTRIBUTION else 0
        item.threshold = threshold_for(counted)
    return sorted(items.values(), key=lambda i: (-i.flag_count, -i.last_flagged_at.timestamp()))


def hidden_items(neighbourhood, exclude=()) -> list[QueueItem]:
    """Hidden contributions and reactions in the neighbourhood (without open reports)."""
    # Equalities, not IS TRUE: the list indexes (neighbourhood, hidden, …) and the partial
    # index of hidden reactions answer them without reading every thread (issue 18).
    contributions = db.session.scalars(
        select(Contribution.id).where(
            Contribution.neighbourhood_id == neighbourhood.id, Contribution.hidden == true()
        )
    )
    comments = db.session.scalars(
        select(Comment.id)
        .join(Contribution, Contribution.id == Comment.contribution_id)
        .where(Contribution.neighbourhood_id == neighbourhood.id, Comment.hidden == true())
    )
    keys = {(TargetType.CONTRIBUTION, i) for i in contributions}
    keys |= {(TargetType.COMMENT, i) for i in comments}
    for kind in targets.kinds():
        keys |= {(kind.target_type, i) for i in db.session.scalars(kind.hidden_ids(neighbourhood))}
    keys -= set(exclude)
    loaded, by_id = _load_targets(keys)
    items = [_item(key, loaded, by_id) for key in keys]
    # Newest first; the kind and number settle a tie, as `keys` is a set in the order of its
    # enum's string hashes, which differs per process: the same queue listed same-time
    # items in another order on another worker.
    return sorted(
        (i for i in items if i is not None),
        key=lambda i: (i.target.hidden_at or i.target.created_at, i.target_type.value, i.target.id),
        reverse=True,
    )


@dataclass
class ReportLine:
    flag: Flag
    account_age_days: int  # how old the reporter's account was when they reported


def reports_for(target_type: TargetType, target_id: int) -> list[ReportLine]:
    """Every report on the item, newest first, with the age of the reporter's account."""
    rows = db.session.execute(
        select(Flag, User.created_at)
        .join(User, User.id == Flag.reporter_id)
        .where(Flag.target_type == target_type, Flag.target_id == target_id)
        .order_by(Flag.created_at.desc(), Flag.id.desc())
    ).all()
    return [ReportLine(flag, _account_age_days(flag.created_at, made)) for flag, made in rows]


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


# Rows per page of the worker's inbox (issue 18: the page rendered up to 100 rows).
INBOX_PAGE_SIZE = 25


def _waiting_for_a_worker():
    """New contributions nobody has answered or given a status: open, shown, not withdrawn,
    without an official answer."""
    # "hidden = false", not "IS false": only an equality lets the inbox index
    # (neighbourhood, status, hidden, withdrawn_at, created_at, id) answer the filter.
    return (
        (Contribution.status == ContributionStatus.OPEN)
        & (Contribution.hidden == false())
        & (Contribution.withdrawn_at.is_(None))
        & ~select(OfficialAnswer.id)
        .where(OfficialAnswer.contribution_id == Contribution.id)
        .exists()
    )


class InboxRow(NamedTuple):
    """What the inbox shows of a contribution: its columns, never the ORM object with its
    neighbourhood, organisation and categories (issue 18)."""

    id: int
    kind: ContributionKind
    title: str
    created_at: datetime
    support_count: int
    comment_count: int
    author: Author | None


@dataclass
class InboxPage:
    rows: list[InboxRow]
    page: int  # 1-based; the last page when a later one was asked for
    total: int
    size: int = INBOX_PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_number(self) -> int:
        """The place in the inbox of the page's first row (1-based)."""
        return (self.page - 1) * self.size + 1


def inbox(neighbourhood, *, total: int, page: int = 1, size: int = INBOX_PAGE_SIZE) -> InboxPage:
    """One page of the worker's inbox for one neighbourhood, oldest first (one query).
    `total` is the inbox's count, which the page already has from the header's count; a
    page past the last is the last."""
    found = InboxPage(rows=[], page=1, total=total, size=size)
    found.page = max(1, min(page, found.pages))
    rows = db.session.execute(
        select(
            Contribution.id,
            Contribution.kind,
            Contribution.title,
            Contribution.created_at,
            Contribution.support_count,
            Contribution.comment_count,
            User.id,
            User.display_name,
            User.erased_at,
        )
        .select_from(Contribution)
        .outerjoin(User, User.id == Contribution.author_id)
        .where(Contribution.neighbourhood_id == neighbourhood.id, _waiting_for_a_worker())
        .order_by(Contribution.created_at, Contribution.id)
        .offset((found.page - 1) * size)
        .limit(size)
    ).all()
    found.rows = [
        InboxRow(*row[:6], author=Author(row[6], row[7], row[8]) if row[6] is not None else None)
        for row in rows
    ]
    return found


def inbox_counts(neighbourhood_ids) -> dict[int, int]:
    """How many contributions wait in each neighbourhood's inbox (one query)."""
    if not neighbourhood_ids:
        return {}
    rows = db.session.execute(
        select(Contribution.neighbourhood_id, func.count())
        .where(Contribution.neighbourhood_id.in_(list(neighbourhood_ids)), _waiting_for_a_worker())
        .group_by(Contribution.neighbourhood_id)
    )
    return {row[0]: row[1] for row in rows.all()}


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
    # Hidden content of other features (targets.py): (what it is, the item).
    others: list[tuple[str, object]] = field(default_factory=list)


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
        others=[
            (kind.heading(item), item) for kind in targets.kinds() for item in kind.hidden_of(user)
        ],
    )
