"""Who may moderate. A neighbourhood worker acts only in their own neighbourhoods."""

from __future__ import annotations

from wijkplatform.accounts.permissions import is_admin, is_moderator_of, is_reviewer_of


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def can_moderate(user, neighbourhood) -> bool:
    """Hide, restore, dismiss, merge, answer, block and check organisations."""
    return _signed_in(user) and (is_admin(user) or is_moderator_of(user, neighbourhood))


def can_view_moderation_log(user, neighbourhood) -> bool:
    """Neighbourhood workers, and reviewers of the neighbourhood's municipality, read the log."""
    return can_moderate(user, neighbourhood) or (
        _signed_in(user) and is_reviewer_of(user, neighbourhood.municipality)
    )


def can_flag(user, target) -> bool:
    """Any signed-in person can report a visible contribution or reaction."""
    return _signed_in(user) and not getattr(target, "hidden", False)
