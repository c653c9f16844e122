"""Reads about one Opgave and its drafts: versions, the timeline, decisions, the Opgaven of a
neighbourhood."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload, load_only

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


def timeline(opgave: Opgave) -> list[OpgaveEvent]:
    """Every event, with the name of who did it: a draft with a hundred links has a hundred
    events, so the actors come with the columns of `public_name` only and without their
    roles (User.memberships, a selectin load the timeline never reads)."""
    return list(
        db.session.scalars(
            select(OpgaveEvent)
            .options(
                joinedload(OpgaveEvent.actor).options(
                    load_only(User.id, User.display_name, User.erased_at),
                    lazyload(User.memberships),
                )
            )
            .where(OpgaveEvent.opgave_id == opgave.id)
            .order_by(OpgaveEvent.created_at, OpgaveEvent.id)
        )
    )


@dataclass
class TimelineEntry:
    """One line of the timeline: an event, or a run of links (or unlinks) by one person."""

    event: OpgaveEvent
    details: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return max(1, len(self.details))


GROUPED = (OpgaveAction.EVIDENCE_ADDED, OpgaveAction.EVIDENCE_REMOVED)


def grouped_timeline(events: list[OpgaveEvent]) -> list[TimelineEntry]:
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
