"""The last step of "my input" (contributions/trail.py): a published team design that builds
on an Opgave in which the contribution is evidence, from the sentence a resident wrote to
the team that was designed. One query for any number of contributions."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from wijkplatform.contributions.trail import Step
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Neighbourhood
from wijkplatform.opgaven.models import Opgave, OpgaveEvidence
from wijkplatform.team_design.models import TeamDesign, TeamDesignOpgave


def trail_steps(sender, *, contribution_ids: list[int], **kwargs) -> list[Step]:
    rows = db.session.execute(
        select(
            OpgaveEvidence.contribution_id,
            TeamDesignOpgave.linked_at,
            TeamDesign.published_at,
            Opgave.title,
            Neighbourhood.name,
            Neighbourhood.slug,
        )
        .join(Opgave, Opgave.id == OpgaveEvidence.opgave_id)
        .join(TeamDesignOpgave, TeamDesignOpgave.opgave_id == Opgave.id)
        .join(TeamDesign, TeamDesign.id == TeamDesignOpgave.design_id)
        .join(Neighbourhood, Neighbourhood.id == TeamDesign.neighbourhood_id)
        .where(
            OpgaveEvidence.contribution_id.in_(contribution_ids),
            Opgave.published_at.is_not(None),
            TeamDesign.published_at.is_not(None),
        )
    )
    return [
        Step(
            contribution_id,
            max(linked_at, published_at, key=lambda m: m.replace(tzinfo=None)),
            _(
                "The neighbourhood team of %(name)s is designed on the Opgave “%(title)s”.",
                name=name,
                title=title,
            ),
            url=url_for("team_design.public", slug=slug),
        )
        for contribution_id, linked_at, published_at, title, name, slug in rows
    ]
