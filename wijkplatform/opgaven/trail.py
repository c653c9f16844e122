"""The Opgave steps in "my input" (contributions/trail.py): a contribution used as evidence
in a published Opgave (which part), and what happened to that Opgave afterwards: sent to the
municipality, accepted or returned (with the reasons). Two queries for any number of
contributions. Drafts stay out: only neighbourhood workers see them."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from wijkplatform.contributions.trail import Step
from wijkplatform.extensions import db
from wijkplatform.opgaven.models import (
    SECTION_LABELS,
    Opgave,
    OpgaveAction,
    OpgaveEvent,
    OpgaveEvidence,
)

_DECISIONS = (OpgaveAction.SUBMITTED, OpgaveAction.ACCEPTED, OpgaveAction.RETURNED)


def _decision_text(action: OpgaveAction, title: str) -> str:
    if action == OpgaveAction.SUBMITTED:
        return _("The Opgave “%(title)s” went to the municipality.", title=title)
    if action == OpgaveAction.ACCEPTED:
        return _("The municipality accepted the Opgave “%(title)s”.", title=title)
    return _("The municipality returned the Opgave “%(title)s” for changes.", title=title)


def trail_steps(sender, *, contribution_ids: list[int], **kwargs) -> list[Step]:
    # Columns, not rows: a row would bring its contribution and people along.
    used = db.session.execute(
        select(
            OpgaveEvidence.opgave_id,
            OpgaveEvidence.contribution_id,
            OpgaveEvidence.section,
            OpgaveEvidence.created_at,
            Opgave.title,
            Opgave.published_at,
        )
        .join(Opgave, Opgave.id == OpgaveEvidence.opgave_id)
        .where(
            OpgaveEvidence.contribution_id.in_(contribution_ids),
            Opgave.published_at.is_not(None),
        )
    ).all()
    if not used:
        return []
    steps = []
    users_of: dict[int, list[int]] = {}
    for opgave_id, contribution_id, section, linked_at, title, published_at in used:
        users_of.setdefault(opgave_id, []).append(contribution_id)
        steps.append(
            Step(
                contribution_id,
                # Residents hear of it once the Opgave is published, not before.
                max(linked_at, published_at, key=lambda m: m.replace(tzinfo=None)),
                _(
                    "Used as evidence in the Opgave “%(title)s”, in the part “%(part)s”.",
                    title=title,
                    part=SECTION_LABELS.get(section, section),
                ),
                url=url_for("opgaven.detail", opgave_id=opgave_id),
            )
        )
    for opgave_id, action, detail, created_at, title in db.session.execute(
        select(
            OpgaveEvent.opgave_id,
            OpgaveEvent.action,
            OpgaveEvent.detail,
            OpgaveEvent.created_at,
            Opgave.title,
        )
        .join(Opgave, Opgave.id == OpgaveEvent.opgave_id)
        .where(OpgaveEvent.opgave_id.in_(list(users_of)), OpgaveEvent.action.in_(_DECISIONS))
    ):
        reason = detail if action == OpgaveAction.RETURNED else None
        for contribution_id in users_of[opgave_id]:
            steps.append(
                Step(
                    contribution_id,
                    created_at,
                    _decision_text(action, title),
                    reason=reason,
                    url=url_for("opgaven.detail", opgave_id=opgave_id),
                )
            )
    return steps
