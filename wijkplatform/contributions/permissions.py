"""Who may do what with contributions and comments. Views pass the results to templates."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l

from wijkplatform.accounts.models import Role
from wijkplatform.accounts.permissions import is_admin, is_moderator_of, is_resident_of
from wijkplatform.contributions.models import SUPPORTABLE_STATUSES, ContributionStatus
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


def neighbourhoods_to_share_in(user) -> list:
    """The neighbourhoods where `user` may post, their own first (as resident, then as
    neighbourhood worker), each once, in alphabetical order within a group."""
    if not _signed_in(user):
        return []
    found = {}
    for role in (Role.RESIDENT, Role.MODERATOR):
        group = [m.neighbourhood for m in user.memberships if m.role == role and m.neighbourhood]
        for neighbourhood in sorted(group, key=lambda n: n.name):
            found.setdefault(neighbourhood.id, neighbourhood)
    return list(found.values())


def can_record_offline(user, neighbourhood) -> bool:
    """Type in contributions collected on paper, at a meeting or door to door."""
    return _signed_in(user) and _moderates(user, neighbourhood)


def can_view_contribution(user, contribution) -> bool:
    """Hidden ones: the neighbourhood's workers, and the author, who always keeps their own
    contribution in view (with the reason it is hidden)."""
    return (
        not contribution.hidden
        or _is_author(user, contribution)
        or _moderates(user, contribution.neighbourhood)
    )


def can_see_withdrawn_photos(user, contribution) -> bool:
    """The photos of a hidden or withdrawn contribution: its author and the
    neighbourhood's workers only (photos/queries.can_see_photos)."""
    return _is_author(user, contribution) or (
        _signed_in(user) and _moderates(user, contribution.neighbourhood)
    )


def _is_open(contribution) -> bool:
    return not contribution.hidden and not contribution.withdrawn


def can_edit_contribution(user, contribution) -> bool:
    """Authors edit until the first support or comment arrives. A hidden contribution its
    author may always change, to take out what was wrong: the neighbourhood workers are then
    asked to look at it again (notifications, "review asked")."""
    if not _is_author(user, contribution) or contribution.withdrawn:
        return False
    if contribution.hidden:
        return True
    return contribution.support_count == 0 and contribution.comment_count == 0


def can_withdraw_contribution(user, contribution) -> bool:
    return _is_author(user, contribution) and not contribution.withdrawn


# Why support is closed, said in place of the button (never just leave the button out).
SUPPORT_CLOSED = {
    ContributionStatus.INCLUDED: _l(
        "Support is closed: this contribution is already part of the task (Opgave) for the "
        "neighbourhood."
    ),
    ContributionStatus.ANSWERED: _l(
        "Support is closed: a neighbourhood worker has given an answer to this contribution."
    ),
    ContributionStatus.MERGED: _l(
        "Support is closed: this contribution was merged with another one. You can support "
        "that one."
    ),
}


def support_refusal(user, contribution):
    """Why support for `contribution` is closed (a translated sentence), or None when it is
    open. A visitor gets None too: the page asks them to log in instead."""
    if contribution.withdrawn:
        return _l("Support is closed: this contribution was withdrawn.")
    if contribution.hidden:
        return _l("Support is closed: a neighbourhood worker has hidden this contribution.")
    if contribution.status not in SUPPORTABLE_STATUSES:
        return SUPPORT_CLOSED.get(contribution.status, _l("Support is closed."))
    return None


def can_support_contribution(user, contribution) -> bool:
    return _signed_in(user) and support_refusal(user, contribution) is None


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


def comments_they_may_change(user, comments) -> tuple[set[int], set[int]]:
    """The ids of `comments` (a page of a thread) that `user` may edit, and those they may
    remove: `can_edit_comment` and `can_delete_comment`, asked only of the person's own
    comments, since both refuse everyone else's (issue 18: a page asked both of every
    comment, a visitor's page included)."""
    if not _signed_in(user):
        return set(), set()
    now = utcnow()
    own = [comment for comment in comments if comment.author_id == user.id]
    return (
        {c.id for c in own if can_edit_comment(user, c, now=now)},
        {c.id for c in own if can_delete_comment(user, c)},
    )


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
