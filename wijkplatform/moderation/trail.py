"""Moderation's steps in "my input" (contributions/trail.py): official answers, merges
(into which contribution, and the reason "the author sees"), hiding and showing again, each
with the reason the neighbourhood worker gave. Three queries for any number of
contributions."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from wijkplatform.contributions.models import STATUS_LABELS, Contribution
from wijkplatform.contributions.trail import Step
from wijkplatform.extensions import db
from wijkplatform.moderation.models import (
    Action,
    ContributionMerge,
    ModerationEvent,
    OfficialAnswer,
    TargetType,
)


def _moderation_text(action: Action) -> str:
    if action == Action.AUTO_HIDDEN:
        return _("Hidden after reports by residents, until a neighbourhood worker looks at it.")
    if action == Action.HIDDEN:
        return _("A neighbourhood worker hid it. Only you and the neighbourhood workers see it.")
    return _("A neighbourhood worker showed it again.")


def trail_steps(sender, *, contribution_ids: list[int], **kwargs) -> list[Step]:
    steps = []
    # Columns, not rows: a row would bring its author (and their memberships) along.
    for contribution_id, created_at, status, body in db.session.execute(
        select(
            OfficialAnswer.contribution_id,
            OfficialAnswer.created_at,
            OfficialAnswer.status,
            OfficialAnswer.body,
        ).where(OfficialAnswer.contribution_id.in_(contribution_ids))
    ):
        steps.append(
            Step(
                contribution_id,
                created_at,
                _(
                    "A neighbourhood worker answered. Status: %(status)s.",
                    status=STATUS_LABELS.get(status.value, status.value),
                ),
                reason=body,
            )
        )
    for merged_id, survivor_id, created_at, reason, survivor_title in db.session.execute(
        select(
            ContributionMerge.merged_id,
            ContributionMerge.survivor_id,
            ContributionMerge.created_at,
            ContributionMerge.reason,
            Contribution.title,
        )
        .join(Contribution, Contribution.id == ContributionMerge.survivor_id)
        .where(ContributionMerge.merged_id.in_(contribution_ids))
    ):
        steps.append(
            Step(
                merged_id,
                created_at,
                _(
                    "Merged with “%(title)s”: it says the same. Your supporters and reactions "
                    "moved there; you can support it too.",
                    title=survivor_title,
                ),
                reason=reason,
                url=url_for("contributions.detail", contribution_id=survivor_id),
            )
        )
    for target_id, created_at, action, reason in db.session.execute(
        select(
            ModerationEvent.target_id,
            ModerationEvent.created_at,
            ModerationEvent.action,
            ModerationEvent.reason,
        ).where(
            ModerationEvent.target_type == TargetType.CONTRIBUTION,
            ModerationEvent.target_id.in_(contribution_ids),
            ModerationEvent.action.in_([Action.HIDDEN, Action.AUTO_HIDDEN, Action.RESTORED]),
        )
    ):
        steps.append(Step(target_id, created_at, _moderation_text(action), reason))
    return steps
