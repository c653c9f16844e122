"""The team design work of a neighbourhood worker or reviewer in their personal-data export:
designs they started, blocks they saved, Opgaven they linked, plan actions they made or take
care of. Erasure keeps this work (it is the neighbourhood's design, written in a role), shown
as by a former staff member. A resident's comments: `services.export_comments` and
`services.erase_comments`."""

from __future__ import annotations

from sqlalchemy import or_, select

from wijkplatform.extensions import db
from wijkplatform.team_design.models import (
    TeamDesign,
    TeamDesignAction,
    TeamDesignBlock,
    TeamDesignBlockVersion,
    TeamDesignOpgave,
)


def _iso(moment):
    return moment.isoformat() if moment else None


def export_team_design_work(user) -> dict:
    started = db.session.scalars(select(TeamDesign).where(TeamDesign.created_by_id == user.id))
    latest = db.session.scalars(
        select(TeamDesignBlock).where(TeamDesignBlock.updated_by_id == user.id)
    )
    versions = db.session.scalars(
        select(TeamDesignBlockVersion)
        .where(TeamDesignBlockVersion.author_id == user.id)
        .order_by(TeamDesignBlockVersion.id)
    )
    links = db.session.scalars(
        select(TeamDesignOpgave).where(TeamDesignOpgave.linked_by_id == user.id)
    )
    actions = db.session.scalars(
        select(TeamDesignAction)
        .where(or_(TeamDesignAction.created_by_id == user.id, TeamDesignAction.owner_id == user.id))
        .order_by(TeamDesignAction.id)
    )
    work = {
        "designs_started": [
            {"design": d.id, "neighbourhood": d.neighbourhood.name, "at": _iso(d.created_at)}
            for d in started
        ],
        "blocks_last_saved": [
            {"design": b.design_id, "block": b.number, "version": b.version} for b in latest
        ],
        "block_versions": [
            {
                "design": v.design_id,
                "block": v.number,
                "version": v.version,
                "answers": v.answers,
                "choices": v.choices,
                "note": v.note,
                "at": _iso(v.created_at),
            }
            for v in versions
        ],
        "opgaven_linked": [
            {"design": link.design_id, "opgave": link.opgave_id, "at": _iso(link.linked_at)}
            for link in links
        ],
        "plan_actions": [
            {
                "design": a.design_id,
                "block": a.block,
                "title": a.title,
                "due_date": a.due_date.isoformat(),
                "status": a.status.value,
                "you_take_care_of_it": a.owner_id == user.id,
                "made_by_you": a.created_by_id == user.id,
            }
            for a in actions
        ],
    }
    return work if any(work.values()) else {}
