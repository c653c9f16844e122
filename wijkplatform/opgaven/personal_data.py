"""The Opgave work of a neighbourhood worker or reviewer in their personal-data export: the
drafts they started, the versions they saved, the evidence they linked and the steps on a
timeline. Erasure keeps this work (it is the neighbourhood's task, written in a role), shown
as by a former neighbourhood worker. A resident's reactions: `services.reactions`."""

from __future__ import annotations

from sqlalchemy import select

from wijkplatform.extensions import db
from wijkplatform.opgaven.models import Opgave, OpgaveEvent, OpgaveEvidence, OpgaveVersion


def _iso(moment):
    return moment.isoformat() if moment else None


def export_opgave_work(user) -> dict:
    started = db.session.scalars(
        select(Opgave).where(Opgave.created_by_id == user.id).order_by(Opgave.id)
    )
    versions = db.session.execute(
        select(OpgaveVersion.opgave_id, OpgaveVersion.number, OpgaveVersion.created_at)
        .where(OpgaveVersion.author_id == user.id)
        .order_by(OpgaveVersion.id)
    )
    evidence = db.session.execute(
        select(OpgaveEvidence.opgave_id, OpgaveEvidence.contribution_id, OpgaveEvidence.created_at)
        .where(OpgaveEvidence.created_by_id == user.id)
        .order_by(OpgaveEvidence.id)
    )
    steps = db.session.scalars(
        select(OpgaveEvent).where(OpgaveEvent.actor_id == user.id).order_by(OpgaveEvent.id)
    )
    return {
        "started": [
            {"opgave_id": o.id, "title": o.title, "at": _iso(o.created_at)} for o in started
        ],
        "versions_saved": [
            {"opgave_id": opgave_id, "version": number, "at": _iso(at)}
            for opgave_id, number, at in versions
        ],
        "evidence_linked": [
            {"opgave_id": opgave_id, "contribution_id": contribution_id, "at": _iso(at)}
            for opgave_id, contribution_id, at in evidence
        ],
        "steps": [
            {
                "opgave_id": e.opgave_id,
                "action": e.action.value,
                "version": e.version_number,
                "detail": e.detail,
                "at": _iso(e.created_at),
            }
            for e in steps
        ],
    }
