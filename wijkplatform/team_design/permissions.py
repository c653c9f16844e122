"""Who may do what with a team design. Neighbourhood workers of the neighbourhood and
reviewers of its municipality write it together and are the only ones who see the working
view (worksheet, plan, start document); everyone reads it once it is published; residents
of the neighbourhood comment on the published design; its workers and admins hide comments,
like other moderation."""

from __future__ import annotations

from wijkplatform.accounts.permissions import (
    is_admin,
    is_moderator_of,
    is_resident_of,
    is_reviewer_of,
)


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def can_edit_team_design(user, neighbourhood) -> bool:
    return _signed_in(user) and (
        is_moderator_of(user, neighbourhood) or is_reviewer_of(user, neighbourhood.municipality)
    )


def can_view_worksheet(user, neighbourhood) -> bool:
    """The working view with open questions, hints and history: the same people as those
    who write it (admins not)."""
    return can_edit_team_design(user, neighbourhood)


def can_view_team_design(user, design) -> bool:
    if design is None:
        return False
    return design.is_published or can_view_worksheet(user, design.neighbourhood)


def can_comment_on_team_design(user, design) -> bool:
    return (
        design is not None
        and design.is_published
        and _signed_in(user)
        and is_resident_of(user, design.neighbourhood)
    )


def can_moderate_team_design_comments(user, neighbourhood) -> bool:
    return _signed_in(user) and (is_moderator_of(user, neighbourhood) or is_admin(user))
