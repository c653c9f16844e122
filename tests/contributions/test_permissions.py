"""Who may do what with a contribution: a matrix of role x action."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from tests.factories import ContributionFactory, NeighbourhoodFactory, UserFactory, admin
from tests.factories import moderator as make_moderator
from tests.factories import resident as make_resident
from wijkplatform.contributions import permissions
from wijkplatform.contributions.models import ContributionKind

pytestmark = pytest.mark.usefixtures("app")

ROLES = ["visitor", "author", "resident", "resident elsewhere", "moderator", "admin"]

# action -> roles that may do it on an open resource in the author's neighbourhood
ALLOWED = {
    "create": {"author", "resident", "moderator", "admin"},
    "record offline": {"moderator", "admin"},
    "edit": {"author"},
    "withdraw": {"author"},
    "support": {"author", "resident", "resident elsewhere", "moderator", "admin"},
    "comment": {"author", "resident", "resident elsewhere", "moderator", "admin"},
    "follow": {"author", "resident", "resident elsewhere", "moderator", "admin"},
    "link": {"author", "moderator", "admin"},
}


def _actor(role, contribution):
    neighbourhood = contribution.neighbourhood
    return {
        "visitor": lambda: AnonymousUserMixin(),
        "author": lambda: contribution.author,
        "resident": lambda: make_resident(neighbourhood),
        "resident elsewhere": lambda: make_resident(NeighbourhoodFactory()),
        "moderator": lambda: make_moderator(neighbourhood),
        "admin": lambda: admin(),
    }[role]()


def _check(action, user, contribution) -> bool:
    neighbourhood = contribution.neighbourhood
    return {
        "create": lambda: permissions.can_create_contribution(user, neighbourhood),
        "record offline": lambda: permissions.can_record_offline(user, neighbourhood),
        "edit": lambda: permissions.can_edit_contribution(user, contribution),
        "withdraw": lambda: permissions.can_withdraw_contribution(user, contribution),
        "support": lambda: permissions.can_support_contribution(user, contribution),
        "comment": lambda: permissions.can_comment_on(user, contribution),
        "follow": lambda: permissions.can_follow_contribution(user, contribution),
        "link": lambda: permissions.can_link_contribution(user, contribution),
    }[action]()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_permission_matrix(role, action):
    neighbourhood = NeighbourhoodFactory()
    author = make_resident(neighbourhood)
    contribution = ContributionFactory(
        neighbourhood=neighbourhood, author=author, kind=ContributionKind.RESOURCE
    )
    assert _check(action, _actor(role, contribution), contribution) is (role in ALLOWED[action])


@pytest.mark.parametrize("action", ["support", "comment", "link", "follow"])
def test_nobody_acts_on_a_hidden_contribution(action):
    contribution = ContributionFactory(kind=ContributionKind.RESOURCE, hidden=True)
    assert _check(action, contribution.author, contribution) is False
    assert _check(action, UserFactory(), contribution) is False


def test_the_author_may_change_a_hidden_contribution_and_nobody_else():
    contribution = ContributionFactory(hidden=True, support_count=3, comment_count=2)
    assert permissions.can_edit_contribution(contribution.author, contribution)
    assert not permissions.can_edit_contribution(UserFactory(), contribution)
    assert not permissions.can_edit_contribution(
        make_moderator(contribution.neighbourhood), contribution
    )


def test_hidden_contribution_is_visible_to_its_moderators_and_its_author_only():
    contribution = ContributionFactory(hidden=True)
    assert permissions.can_view_contribution(contribution.author, contribution)
    assert not permissions.can_view_contribution(make_resident(contribution.neighbourhood),
                                                 contribution)  # fmt: skip
    assert permissions.can_view_contribution(make_moderator(contribution.neighbourhood),
                                             contribution)  # fmt: skip
    assert not permissions.can_view_contribution(make_moderator(NeighbourhoodFactory()),
                                                 contribution)  # fmt: skip


def test_author_cannot_edit_once_a_comment_arrived():
    contribution = ContributionFactory(comment_count=1)
    assert not permissions.can_edit_contribution(contribution.author, contribution)
