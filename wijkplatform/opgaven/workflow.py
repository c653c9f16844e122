"""The Opgave workflow as tables: which step leads from which status to which, who takes
it, and what each status means for the text, for reactions and on the Opgave page. Services,
permissions, queries and templates look these up instead of comparing statuses themselves,
so a new status is a row in STATUSES and its steps in ALLOWED_TRANSITIONS."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class StatusRules:
    # What the Opgave page says happens now: templates/opgaven/_notice_<notice>.html.
    notice: str
    # Neighbourhood workers change the text and the evidence: while the municipality reviews
    # a version it stays as submitted, and an accepted Opgave is final.
    editable: bool
    # Residents of the neighbourhood react, up to and including the last day.
    takes_reactions: bool = False


STATUSES: dict[S, StatusRules] = {
    S.DRAFT: StatusRules(notice="draft", editable=True),
    S.OPEN_FOR_REACTIONS: StatusRules(notice="reactions", editable=True, takes_reactions=True),
    S.SUBMITTED: StatusRules(notice="submitted", editable=False),
    S.RETURNED: StatusRules(notice="returned", editable=True),
    S.ACCEPTED: StatusRules(notice="accepted", editable=False),
}

# Nothing leads out of these: a new draft starts from them instead.
FINAL = frozenset(s for s in S if not any(start == s for start, _ in ALLOWED_TRANSITIONS))


def next_status(status: S, step: Step) -> S | None:
    """The status after `step`, or None when the step is not possible from `status`."""
    return ALLOWED_TRANSITIONS.get((S(status), step))


def waiting_for(actor: Actor) -> frozenset[S]:
    """The statuses in which the next step is the actor's (the reviewer's: submitted)."""
    return frozenset(start for start, step in ALLOWED_TRANSITIONS if TAKEN_BY[step] == actor)


def is_editable(status: S) -> bool:
    return STATUSES[S(status)].editable


def is_final(status: S) -> bool:
    return S(status) in FINAL


def notice(status: S) -> str:
    return STATUSES[S(status)].notice


def reactions_open(status: S, until: date | None, today: date) -> bool:
    return STATUSES[S(status)].takes_reactions and until is not None and today <= until
