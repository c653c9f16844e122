""" "My input": the trail of each of a person's contributions, from the sentence they wrote
to what the neighbourhood and the municipality did with it. Contributions knows when it was
written and how many support it; the features above it add their steps (answers, merges,
moderation, use in an Opgave, the municipality's decision) by answering
`signals.contribution_trail_asked` with a list of `Step`s, all in a fixed number of queries
for any number of contributions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _

from wijkplatform.contributions.models import Contribution
from wijkplatform.core import signals


@dataclass(frozen=True)
class Step:
    contribution_id: int
    at: datetime
    text: str
    reason: str | None = None  # what a person wrote with it (a moderator's reason)
    url: str | None = None  # where it leads (the survivor of a merge, the Opgave)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def trails(contributions: list[Contribution]) -> dict[int, list[Step]]:
    """Each contribution's steps, oldest first (the first is "you wrote it")."""
    steps: dict[int, list[Step]] = defaultdict(list)
    for contribution in contributions:
        steps[contribution.id].append(
            Step(contribution.id, contribution.created_at, _("You wrote this contribution."))
        )
        if contribution.withdrawn_at:
            steps[contribution.id].append(
                Step(contribution.id, contribution.withdrawn_at, _("You withdrew it."))
            )
    ids = [contribution.id for contribution in contributions]
    if ids:
        for answer in signals.collect(signals.contribution_trail_asked, contribution_ids=ids):
            for step in answer:
                steps[step.contribution_id].append(step)
    return {cid: sorted(found, key=lambda step: _aware(step.at)) for cid, found in steps.items()}
