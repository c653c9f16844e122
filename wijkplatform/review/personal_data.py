"""The review figures hold one thing about a person: the weeks they took part in a
neighbourhood (only ever shown as counts). Their data export shows it; erasure deletes it."""

from __future__ import annotations

from sqlalchemy import select

from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Neighbourhood
from wijkplatform.review.models import ReviewParticipant


def export_participation(user) -> list[dict]:
    rows = db.session.execute(
        select(Neighbourhood.name, ReviewParticipant.week)
        .join(Neighbourhood, Neighbourhood.id == ReviewParticipant.neighbourhood_id)
        .where(ReviewParticipant.user_id == user.id)
        .order_by(ReviewParticipant.week, Neighbourhood.name)
    ).all()
    return [{"neighbourhood": name, "week_of": week.isoformat()} for name, week in rows]


def erase_participation(user) -> None:
    from wijkplatform.review.tallies import forget_participant

    forget_participant(user.id)
