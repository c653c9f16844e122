"""The demo holds one accepted and one open Opgave, built on demo contributions."""

from __future__ import annotations

from sqlalchemy import select

from wijkplatform.demo import load_demo
from wijkplatform.extensions import db
from wijkplatform.opgaven import queries
from wijkplatform.opgaven.models import Opgave, OpgaveStatus


def test_demo_has_an_accepted_and_an_open_opgave_with_evidence_and_reactions(app):
    load_demo(echo=lambda line: None)
    db.session.commit()
    opgaven = db.session.scalars(select(Opgave).order_by(Opgave.id)).all()
    assert [o.status for o in opgaven] == [OpgaveStatus.ACCEPTED, OpgaveStatus.OPEN_FOR_REACTIONS]
    accepted, open_one = opgaven
    assert open_one.based_on == accepted
    for opgave in opgaven:
        evidence = queries.evidence(opgave)
        assert evidence.count >= 8
        assert evidence.residents_behind > 10
        assert queries.residents_reacted(opgave) >= 2
    actions = [event.action.value for event in queries.timeline(accepted)]
    assert "returned" in actions and actions[-1] == "accepted"
    load_demo(echo=lambda line: None)  # a second run adds nothing
    db.session.commit()
    assert len(db.session.scalars(select(Opgave)).all()) == 2
