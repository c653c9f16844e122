"""Who may do what with contributions and comments. Views pass the results to templates."""

from __future__ import annotations

from datetime import timedelta

from wijkplatform.accounts.permissions import is_admin, is_moderator_of, is_resident_of
from wijkplatform.contributions.models import SUPPORTABLE_STATUSES
from wijkplatform.core.db import utcnow

# A comment can be corrected for a short while after it was posted.
COMMENT_EDIT_WINDOW = timedelta(minutes=30)


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _moderates(user, neighbourhood) -> bool:
    return is_admin(user) or is_moderator_of(user, neighbourhood)


def _is_author(user, contribution) -> bool:
    if not _signed_in(user):
        return False
    return user.id in {contribution.author_id, contribution.recorded_by_id} - {None}


def can_create_contribution(user, neighbourhood) -> bool:
    return _signed_in(user) and (
        is_resident_of(user, neighbourhood) or _moderates(user, neighbourhood)
    )


def can_record_offline(user, neighbourhood) -> bool:
    """Type in contributions collected on paper, at a meeting or door to door."""
    return _signed_in(user) and _moderates(user, neighbourhood)


def can_view_contribution(user, contribution) -> bool:
    return not contribution.hidden or _moderates(user, contribution.neighbourhood)


def _is_open(contribution) -> bool:
    return not contribution.hidden and not contribution.withdrawn


def can_edit_contribution(user, contribution) -> bool:
    """Authors edit until the first support or comment arrives."""
    return (
        _is_author(user, contribution)
        and _is_open(contribution)
        and contribution.support_count == 0
        and contribution.comment_count == 0
    )


def can_withdraw_contribution(user, contribution) -> bool:
    return _is_author(user, contribution) and not contribution.withdrawn


def can_support_contribution(user, contribution) -> bool:
    return (
        _signed_in(user) and _is_open(contribution) and contribution.status in SUPPORTABLE_STATUSES
    )


def can_follow_contribution(user, contribution) -> bool:
    return _signed_in(user) and not contribution.hidden


def can_comment_on(user, contribution) -> bool:
    return _signed_in(user) and _is_open(contribution)


def can_edit_comment(user, comment, *, now=None) -> bool:
    if not _signed_in(user) or comment.author_id != user.id or comment.deleted or comment.hidden:
        return False
    return (now or utcnow()) - _aware(comment.created_at) <= COMMENT_EDIT_WINDOW


def can_delete_comment(user, comment) -> bool:
    return _signed_in(user) and comment.author_id == user.id and not comment.deleted


def can_link_contribution(user, contribution) -> bool:
    """Link a resource or potential to the issues it could help with."""
    return (
        _signed_in(user)
        and contribution.is_linkable
        and not contribution.hidden
        and (_is_author(user, contribution) or _moderates(user, contribution.neighbourhood))
    )


def _aware(moment):
    # SQLite hands back naive datetimes; they were stored in UTC.
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
