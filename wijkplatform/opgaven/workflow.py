"""The Opgave workflow as a table: which step leads from which status to which, and who
takes it. Services look steps up here instead of comparing statuses themselves."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from wijkplatform.opgaven.models import OpgaveStatus as S


class Step(StrEnum):
    OPEN_REACTIONS = "open_reactions"
    CLOSE_REACTIONS = "close_reactions"
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"


class Actor(StrEnum):
    MODERATOR = "moderator"  # neighbourhood worker of the Opgave's neighbourhood
    REVIEWER = "reviewer"  # reviewer of the neighbourhood's municipality


ALLOWED_TRANSITIONS: dict[tuple[S, Step], S] = {
    (S.DRAFT, Step.OPEN_REACTIONS): S.OPEN_FOR_REACTIONS,
    (S.RETURNED, Step.OPEN_REACTIONS): S.OPEN_FOR_REACTIONS,
    (S.OPEN_FOR_REACTIONS, Step.CLOSE_REACTIONS): S.DRAFT,
    (S.DRAFT, Step.SUBMIT): S.SUBMITTED,
    (S.OPEN_FOR_REACTIONS, Step.SUBMIT): S.SUBMITTED,
    (S.RETURNED, Step.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, Step.RETURN): S.RETURNED,
    (S.SUBMITTED, Step.ACCEPT): S.ACCEPTED,
}

TAKEN_BY: dict[Step, Actor] = {
    Step.OPEN_REACTIONS: Actor.MODERATOR,
    Step.CLOSE_REACTIONS: Actor.MODERATOR,
    Step.SUBMIT: Actor.MODERATOR,
    Step.RETURN: Actor.REVIEWER,
    Step.ACCEPT: Actor.REVIEWER,
}

# Neighbourhood workers change the text and the evidence only in these statuses: while the
# municipality reviews a version it stays as submitted, and an accepted Opgave is final.
EDITABLE = frozenset({S.DRAFT, S.OPEN_FOR_REACTIONS, S.RETURNED})


def next_status(status: S, step: Step) -> S | None:
    """The status after `step`, or None when the step is not possible from `status`."""
    return ALLOWED_TRANSITIONS.get((S(status), step))


def is_editable(status: S) -> bool:
    return S(status) in EDITABLE


def reactions_open(status: S, until: date | None, today: date) -> bool:
    return S(status) == S.OPEN_FOR_REACTIONS and until is not None and today <= until
