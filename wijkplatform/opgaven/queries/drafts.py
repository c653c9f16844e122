"""Reads about one Opgave and its drafts: versions, the timeline, decisions, the Opgaven of a
neighbourhood."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select

from wijkplatform.accounts.models import User
from wijkplatform.extensions import db
from wijkplatform.opgaven.models import (
    Opgave,
    OpgaveAction,
    OpgaveEvent,
    OpgaveVersion,
)


def get_opgave(opgave_id: int) -> Opgave | None:
    return db.session.get(Opgave, opgave_id)


def get_version(opgave: Opgave, number: int) -> OpgaveVersion | None:
    return db.session.scalar(
        select(OpgaveVersion).where(
            OpgaveVersion.opgave_id == opgave.id, OpgaveVersion.number == number
        )
    )


def versions(opgave: Opgave) -> list[OpgaveVersion]:
    return list(
        db.session.scalars(
            select(OpgaveVersion)
            .where(OpgaveVersion.opgave_id == opgave.id)
            .order_by(OpgaveVersion.number.desc())
        )
    )


class EventActor(NamedTuple):
    """Who did something on the timeline: the columns `public_name` reads."""

    id: int
    display_name: str | None
    erased_at: datetime | None


class TimelineEvent(NamedTuple):
    """One event of an Opgave's timeline, read as the columns the page shows."""

    id: int
    action: OpgaveAction
    actor_id: int | None
    actor: EventActor | None
    version_number: int | None
    detail: str | None
    created_at: datetime


def timeline(opgave: Opgave) -> list[TimelineEvent]:
    """Every event, with the name of who did it, as rows of columns: a draft with a hundred
    links has a hundred events, and building an OpgaveEvent and its actor for each was the
    most of what the page still built as ORM objects (issue 18, `make profile`)."""
    rows = db.session.execute(
        select(
            OpgaveEvent.id,
            OpgaveEvent.action,
            OpgaveEvent.actor_id,
            OpgaveEvent.version_number,
            OpgaveEvent.detail,
            OpgaveEvent.created_at,
            User.display_name,
            User.erased_at,
        )
        .outerjoin(User, User.id == OpgaveEvent.actor_id)
        .where(OpgaveEvent.opgave_id == opgave.id)
        .order_by(OpgaveEvent.created_at, OpgaveEvent.id)
    )
    actors: dict[int, EventActor] = {}
    events = []
    for row in rows:
        actor = None
        if row.actor_id is not None:
            actor = actors.get(row.actor_id)
            if actor is None:
                actor = actors[row.actor_id] = EventActor(
                    row.actor_id, row.display_name, row.erased_at
                )
        events.append(
            TimelineEvent(
                row.id,
                row.action,
                row.actor_id,
                actor,
                row.version_number,
                row.detail,
                row.created_at,
            )
        )
    return events


@dataclass
class TimelineEntry:
    """One line of the timeline: an event, or a run of links (or unlinks) by one person."""

    event: TimelineEvent
    details: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return max(1, len(self.details))


GROUPED = (OpgaveAction.EVIDENCE_ADDED, OpgaveAction.EVIDENCE_REMOVED)


def grouped_timeline(events: list[TimelineEvent]) -> list[TimelineEntry]:
    """Linking forty contributions in one sitting is one line, not forty."""
    entries: list[TimelineEntry] = []
    for event in events:
        last = entries[-1] if entries else None
        if (
            event.action in GROUPED
            and last is not None
            and last.event.action == event.action
            and last.event.actor_id == event.actor_id
        ):
            last.details.append(event.detail or "")
            continue
        entries.append(
            TimelineEntry(event, [event.detail or ""] if event.action in GROUPED else [])
        )
    return entries


DECISIONS = (OpgaveAction.SUBMITTED, OpgaveAction.RETURNED, OpgaveAction.ACCEPTED)


def decisions(opgave: Opgave) -> list[OpgaveEvent]:
    """Submissions to the municipality and its decisions, oldest first."""
    return list(
        db.session.scalars(
            select(OpgaveEvent)
            .where(OpgaveEvent.opgave_id == opgave.id, OpgaveEvent.action.in_(DECISIONS))
            .order_by(OpgaveEvent.created_at, OpgaveEvent.id)
        )
    )


def opgaven_of(neighbourhood, *, include_unpublished: bool) -> list[Opgave]:
    statement = select(Opgave).where(Opgave.neighbourhood_id == neighbourhood.id)
    if not include_unpublished:
        statement = statement.where(Opgave.published_at.is_not(None))
    return list(db.session.scalars(statement.order_by(Opgave.created_at.desc(), Opgave.id.desc())))
