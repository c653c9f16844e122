"""Reads for the notifications page, the header count and the mails: notifications with
the titles and links of what they are about, grouped by that thing, newest first. A fixed
number of queries whatever the number of notifications."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from wijkplatform.accounts.models import Organisation
from wijkplatform.contributions.models import Contribution
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Neighbourhood
from wijkplatform.notifications import texts
from wijkplatform.notifications.models import (
    Notification,
    NotificationKind,
    SubjectType,
    merged_into,
)
from wijkplatform.opgaven.models import Opgave

PAGE_SIZE = 100


def unread_count(user_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.recipient_id == user_id, Notification.read_at.is_(None))
    )


@dataclass
class Item:
    id: int
    kind: NotificationKind
    text: str
    url: str
    created_at: datetime
    unread: bool


@dataclass
class Group:
    subject_type: SubjectType
    subject_id: int
    title: str
    url: str
    items: list[Item] = field(default_factory=list)

    @property
    def unread(self) -> int:
        return sum(1 for item in self.items if item.unread)

    @property
    def key(self) -> str:
        return f"{self.subject_type}-{self.subject_id}"


@dataclass
class Things:
    """Titles (and what links need) of everything a set of notifications mentions."""

    contributions: dict[int, tuple[str, str]]  # id -> (title, neighbourhood slug)
    opgaven: dict[int, str]
    organisations: dict[int, str]
    # Neighbourhoods whose team design a notification is about: id -> (name, slug).
    team_designs: dict[int, tuple[str, str]] = field(default_factory=dict)


def things_for(rows: Iterable[Notification]) -> Things:
    wanted = {kind: set() for kind in SubjectType}
    for row in rows:
        wanted[row.subject_type].add(row.subject_id)
        if row.kind == NotificationKind.CONTRIBUTION_MERGED:
            survivor_id = merged_into(row.detail)[0]
            if survivor_id is not None:
                wanted[SubjectType.CONTRIBUTION].add(survivor_id)
        if row.kind == NotificationKind.EVIDENCE_LINKED and (row.detail or "").isdigit():
            wanted[SubjectType.OPGAVE].add(int(row.detail))
    contributions = {}
    if wanted[SubjectType.CONTRIBUTION]:
        contributions = {
            cid: (title, slug)
            for cid, title, slug in db.session.execute(
                select(Contribution.id, Contribution.title, Neighbourhood.slug)
                .join(Neighbourhood, Neighbourhood.id == Contribution.neighbourhood_id)
                .where(Contribution.id.in_(wanted[SubjectType.CONTRIBUTION]))
            )
        }
    opgaven = {}
    if wanted[SubjectType.OPGAVE]:
        opgaven = dict(
            db.session.execute(
                select(Opgave.id, Opgave.title).where(Opgave.id.in_(wanted[SubjectType.OPGAVE]))
            ).all()
        )
    organisations = {}
    if wanted[SubjectType.ORGANISATION]:
        organisations = dict(
            db.session.execute(
                select(Organisation.id, Organisation.name).where(
                    Organisation.id.in_(wanted[SubjectType.ORGANISATION])
                )
            ).all()
        )
    team_designs = {}
    if wanted[SubjectType.TEAM_DESIGN]:
        team_designs = {
            nid: (name, slug)
            for nid, name, slug in db.session.execute(
                select(Neighbourhood.id, Neighbourhood.name, Neighbourhood.slug).where(
                    Neighbourhood.id.in_(wanted[SubjectType.TEAM_DESIGN])
                )
            )
        }
    return Things(contributions, opgaven, organisations, team_designs)


def group(
    rows: list[Notification], *, external: bool = False, things: Things | None = None
) -> list[Group]:
    """Notifications grouped by what they are about, the group with the newest first; the
    texts in the current language. `external` gives absolute links (for mail); `things`
    (from `things_for`) when the caller looked them up for more people at once."""
    things = things or things_for(rows)
    groups: dict[tuple[SubjectType, int], Group] = {}
    for row in rows:
        key = (row.subject_type, row.subject_id)
        if key not in groups:
            title, url = texts.subject(row, things, external=external)
            groups[key] = Group(row.subject_type, row.subject_id, title, url)
        groups[key].items.append(
            Item(
                id=row.id,
                kind=row.kind,
                text=texts.describe(row, things),
                url=texts.link(row, things, external=external),
                created_at=row.created_at,
                unread=row.read_at is None,
            )
        )
    return list(groups.values())


def recent_for(
    user_id: int, *, before: int | None = None, limit: int | None = None
) -> tuple[list[Group], int | None]:
    """The newest `limit` (PAGE_SIZE) notifications (older than id `before`), grouped; and
    the id to ask for the next, older page (None on the last page)."""
    limit = limit or PAGE_SIZE
    statement = (
        select(Notification)
        .options(joinedload(Notification.actor))
        .where(Notification.recipient_id == user_id)
        .order_by(Notification.id.desc())
        .limit(limit + 1)
    )
    if before is not None:
        statement = statement.where(Notification.id < before)
    rows = list(db.session.scalars(statement))
    older = rows[limit - 1].id if len(rows) > limit else None
    return group(rows[:limit]), older
