"""Who may do what with an Opgave. Neighbourhood workers write the drafts of their own
neighbourhood; reviewers decide for their own municipality; residents react."""

from __future__ import annotations

from datetime import date

from wijkplatform.accounts.permissions import (
    is_admin,
    is_moderator_of,
    is_resident_of,
    is_reviewer_of,
)
from wijkplatform.opgaven import workflow
from wijkplatform.opgaven.models import Opgave


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def can_write_opgave(user, neighbourhood) -> bool:
    """Start drafts, change their text and evidence, open reactions and submit."""
    return _signed_in(user) and is_moderator_of(user, neighbourhood)


def can_review_opgave(user, opgave: Opgave) -> bool:
    return _signed_in(user) and is_reviewer_of(user, opgave.neighbourhood.municipality)


def can_view_opgave(user, opgave: Opgave) -> bool:
    """Everyone once the draft is shown to residents or the municipality; before that the
    neighbourhood's workers, the municipality's reviewers and administrators."""
    if opgave.is_public:
        return True
    return _signed_in(user) and (
        can_write_opgave(user, opgave.neighbourhood)
        or can_review_opgave(user, opgave)
        or is_admin(user)
    )


def can_edit_opgave(user, opgave: Opgave) -> bool:
    return can_write_opgave(user, opgave.neighbourhood) and workflow.is_editable(opgave.status)


def can_take_step(user, opgave: Opgave, step: workflow.Step) -> bool:
    if workflow.next_status(opgave.status, step) is None:
        return False
    if workflow.TAKEN_BY[step] == workflow.Actor.REVIEWER:
        return can_review_opgave(user, opgave)
    return can_write_opgave(user, opgave.neighbourhood)


def can_react_to_opgave(user, opgave: Opgave, today: date) -> bool:
    """Residents of the neighbourhood, while the draft is open for reactions."""
    return (
        _signed_in(user)
        and is_resident_of(user, opgave.neighbourhood)
        and workflow.reactions_open(opgave.status, opgave.reactions_until, today)
    )


def can_see_reaction_comments(user, opgave: Opgave) -> bool:
    """Comments come without names, but only those who work with them read them."""
    return _signed_in(user) and (
        can_write_opgave(user, opgave.neighbourhood) or can_review_opgave(user, opgave)
    )


def can_start_from(user, opgave: Opgave) -> bool:
    return workflow.is_final(opgave.status) and can_write_opgave(user, opgave.neighbourhood)
