"""Services for contributions, votes, comments, follows and links, on factory objects."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import (
    CommentFactory,
    ContributionFactory,
    NeighbourhoodFactory,
    UserFactory,
    moderator,
    resident,
)
from wijkplatform.contributions import queries, services
from wijkplatform.contributions.models import (
    Comment,
    Contribution,
    ContributionKind,
    ContributionLink,
    Follow,
    Vote,
)
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db


@pytest.fixture(autouse=True)
def request_context(app):
    """Translated messages need a request (the language comes from the session)."""
    with app.test_request_context():
        yield


def _new(author, neighbourhood, **changes):
    values = {
        "neighbourhood": neighbourhood,
        "kind": "issue",
        "title": "Te weinig bankjes in het park",
        "body": "Oudere bewoners kunnen nergens even zitten.",
        "categories": ["community"],
    }
    values.update(changes)
    return services.create_contribution(author, **values)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- creating ----------------------------------------------------------------------------


def test_resident_adds_a_contribution_with_categories_and_place():
    neighbourhood = NeighbourhoodFactory()
    author = resident(neighbourhood)
    contribution = _new(
        author,
        neighbourhood,
        kind="resource",
        categories=["community", "loneliness"],
        place="  Buurthuis   De Kade ",
        latitude=52.09,
        longitude=5.12,
    )
    assert contribution.kind == ContributionKind.RESOURCE
    assert contribution.author_id == author.id
    assert sorted(contribution.categories) == ["community", "loneliness"]
    assert contribution.place == "Buurthuis De Kade"
    assert contribution.support_count == 0 and contribution.comment_count == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "abc"}, "title"),
        ({"title": "x" * 151}, "title"),
        ({"body": ""}, "body"),
        ({"body": "x" * 10_001}, "body"),
        ({"categories": []}, "categories"),
        ({"categories": ["astrology"]}, "categories"),
        ({"kind": "complaint"}, "kind"),
        ({"place": "p" * 201}, "place"),
        ({"latitude": 52.0}, "place"),
        ({"latitude": 95.0, "longitude": 5.0}, "place"),
    ],
)
def test_bad_contribution_input_is_refused_on_its_field_and_nothing_is_saved(changes, field):
    neighbourhood = NeighbourhoodFactory()
    author = resident(neighbourhood)
    with pytest.raises(DomainError) as caught:
        _new(author, neighbourhood, **changes)
    assert caught.value.field == field
    assert str(caught.value.message)  # a translated message, not an empty one
    assert _count(Contribution) == 0


def test_someone_from_another_neighbourhood_cannot_add_a_contribution_here():
    here = NeighbourhoodFactory()
    elsewhere_resident = resident(NeighbourhoodFactory())
    with pytest.raises(DomainError) as caught:
        _new(elsewhere_resident, here)
    assert caught.value.status == 403


def test_the_same_submission_twice_creates_one_contribution():
    neighbourhood = NeighbourhoodFactory()
    author = resident(neighbourhood)
    first = _new(author, neighbourhood, submission_key="k" * 32)
    second = _new(author, neighbourhood, submission_key="k" * 32)
    assert first.id == second.id
    assert _count(Contribution) == 1


def test_moderator_records_a_paper_contribution_with_source_and_date():
    neighbourhood = NeighbourhoodFactory()
    worker = moderator(neighbourhood)
    contribution = _new(
        worker, neighbourhood, offline_source="paper", offline_date=date(2026, 10, 3)
    )
    assert contribution.is_offline
    assert contribution.author_id is None
    assert contribution.recorded_by_id == worker.id
    assert contribution.offline_date == date(2026, 10, 3)


def test_resident_cannot_record_offline_contributions():
    neighbourhood = NeighbourhoodFactory()
    with pytest.raises(DomainError) as caught:
        _new(resident(neighbourhood), neighbourhood, offline_source="paper",
             offline_date=date(2026, 10, 3))  # fmt: skip
    assert caught.value.status == 403
    assert _count(Contribution) == 0


def test_offline_contribution_needs_a_date_that_is_not_in_the_future():
    neighbourhood = NeighbourhoodFactory()
    worker = moderator(neighbourhood)
    with pytest.raises(DomainError) as caught:
        _new(worker, neighbourhood, offline_source="meeting",
             offline_date=utcnow().date() + timedelta(days=2))  # fmt: skip
    assert caught.value.field == "offline_date"


# --- editing and withdrawing -------------------------------------------------------------


def test_author_edits_until_the_first_support_arrives():
    neighbourhood = NeighbourhoodFactory()
    author = resident(neighbourhood)
    contribution = _new(author, neighbourhood)
    services.edit_contribution(
        author, contribution, title="Meer bankjes in het park", body="Graag.",
        categories=["community", "safety"],
    )  # fmt: skip
    assert contribution.title == "Meer bankjes in het park"
    assert sorted(contribution.categories) == ["community", "safety"]
    services.set_support(resident(neighbourhood), contribution, True)
    with pytest.raises(DomainError):
        services.edit_contribution(
            author, contribution, title="Iets heel anders", body="Nee.", categories=["work"]
        )
    assert contribution.title == "Meer bankjes in het park"


def test_withdrawn_contribution_stays_and_cannot_be_supported():
    neighbourhood = NeighbourhoodFactory()
    author = resident(neighbourhood)
    contribution = _new(author, neighbourhood)
    services.withdraw_contribution(author, contribution)
    assert contribution.withdrawn
    with pytest.raises(DomainError):
        services.set_support(resident(neighbourhood), contribution, True)
    assert contribution.support_count == 0
    assert db.session.get(Contribution, contribution.id) is not None


def test_only_the_author_withdraws():
    contribution = ContributionFactory()
    with pytest.raises(DomainError):
        services.withdraw_contribution(UserFactory(), contribution)
    assert not contribution.withdrawn


# --- support -----------------------------------------------------------------------------


def test_support_adds_one_vote_and_updates_the_count():
    contribution = ContributionFactory()
    voter = UserFactory()
    assert services.set_support(voter, contribution, True) is True
    assert contribution.support_count == 1
    assert queries.has_supported(voter, contribution)


def test_second_vote_by_same_resident_is_refused_silently():
    contribution = ContributionFactory()
    voter = UserFactory()
    services.set_support(voter, contribution, True)
    assert services.set_support(voter, contribution, True) is False
    assert contribution.support_count == 1
    assert _count(Vote) == 1


def test_removing_support_lowers_the_count_once():
    contribution = ContributionFactory()
    voter = UserFactory()
    services.set_support(voter, contribution, True)
    assert services.set_support(voter, contribution, False) is True
    assert services.set_support(voter, contribution, False) is False
    assert contribution.support_count == 0


def test_vote_on_hidden_contribution_is_refused():
    contribution = ContributionFactory(hidden=True)
    with pytest.raises(DomainError):
        services.set_support(UserFactory(), contribution, True)
    assert _count(Vote) == 0


def test_database_refuses_a_second_vote_row_for_the_same_person():
    from sqlalchemy.exc import IntegrityError

    contribution = ContributionFactory()
    voter = UserFactory()
    db.session.add(Vote(user_id=voter.id, contribution_id=contribution.id))
    db.session.flush()
    db.session.add(Vote(user_id=voter.id, contribution_id=contribution.id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


# --- follow --------------------------------------------------------------------------------


def test_following_twice_keeps_one_follow():
    contribution = ContributionFactory()
    user = UserFactory()
    assert services.set_follow(user, contribution, True)
    assert not services.set_follow(user, contribution, True)
    assert _count(Follow) == 1
    assert services.set_follow(user, contribution, False)
    assert _count(Follow) == 0


# --- comments ------------------------------------------------------------------------------


def test_comment_raises_the_count_and_keeps_its_stance():
    contribution = ContributionFactory()
    comment = services.add_comment(UserFactory(), contribution, body="Mee eens!", stance="for")
    assert comment.stance.value == "for"
    assert contribution.comment_count == 1


def test_reply_to_a_reply_joins_the_same_thread():
    contribution = ContributionFactory()
    top = services.add_comment(UserFactory(), contribution, body="Eerste")
    reply = services.add_comment(UserFactory(), contribution, body="Antwoord", parent_id=top.id)
    deeper = services.add_comment(UserFactory(), contribution, body="Nog een", parent_id=reply.id)
    assert reply.parent_id == top.id
    assert deeper.parent_id == top.id


def test_reply_to_a_comment_of_another_contribution_is_refused():
    other = CommentFactory()
    contribution = ContributionFactory()
    with pytest.raises(DomainError):
        services.add_comment(UserFactory(), contribution, body="Hoi", parent_id=other.id)
    assert contribution.comment_count == 0


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 5001])
def test_empty_or_oversized_comment_is_refused(body):
    contribution = ContributionFactory()
    with pytest.raises(DomainError) as caught:
        services.add_comment(UserFactory(), contribution, body=body)
    assert caught.value.field == "body"
    assert _count(Comment) == 0
    assert contribution.comment_count == 0


def test_unknown_stance_is_refused():
    contribution = ContributionFactory()
    with pytest.raises(DomainError) as caught:
        services.add_comment(UserFactory(), contribution, body="Hoi", stance="angry")
    assert caught.value.field == "stance"


def test_comment_on_withdrawn_contribution_is_refused():
    contribution = ContributionFactory()
    services.withdraw_contribution(contribution.author, contribution)
    with pytest.raises(DomainError):
        services.add_comment(UserFactory(), contribution, body="Hoi")


def test_deleting_a_comment_clears_its_text_and_lowers_the_count_once():
    contribution = ContributionFactory()
    author = UserFactory()
    comment = services.add_comment(author, contribution, body="Oeps")
    services.delete_comment(author, comment)
    services.delete_comment(author, comment)
    assert comment.deleted and comment.body == ""
    assert contribution.comment_count == 0


def test_someone_else_cannot_delete_or_edit_a_comment():
    comment = CommentFactory()
    stranger = UserFactory()
    with pytest.raises(DomainError):
        services.delete_comment(stranger, comment)
    with pytest.raises(DomainError):
        services.edit_comment(stranger, comment, body="Anders")
    assert not comment.deleted and comment.body == "Een reactie."


def test_comment_cannot_be_edited_after_the_edit_window():
    comment = CommentFactory(created_at=utcnow() - timedelta(hours=2))
    with pytest.raises(DomainError):
        services.edit_comment(comment.author, comment, body="Te laat")
    fresh = CommentFactory()
    services.edit_comment(fresh.author, fresh, body="Verbeterd", stance="question")
    assert fresh.body == "Verbeterd" and fresh.stance.value == "question"


# --- links ----------------------------------------------------------------------------------


def test_author_links_a_resource_to_an_issue_once():
    neighbourhood = NeighbourhoodFactory()
    issue = ContributionFactory(neighbourhood=neighbourhood)
    resource = ContributionFactory(neighbourhood=neighbourhood, kind=ContributionKind.RESOURCE)
    first = services.link_contributions(resource.author, resource, issue)
    second = services.link_contributions(resource.author, resource, issue)
    assert first.id == second.id
    assert _count(ContributionLink) == 1


def test_an_issue_cannot_be_the_source_of_a_link():
    neighbourhood = NeighbourhoodFactory()
    issue = ContributionFactory(neighbourhood=neighbourhood)
    other_issue = ContributionFactory(neighbourhood=neighbourhood)
    with pytest.raises(DomainError):
        services.link_contributions(issue.author, issue, other_issue)


def test_a_resource_can_only_link_to_an_issue():
    neighbourhood = NeighbourhoodFactory()
    resource = ContributionFactory(neighbourhood=neighbourhood, kind=ContributionKind.RESOURCE)
    potential = ContributionFactory(neighbourhood=neighbourhood, kind=ContributionKind.POTENTIAL)
    with pytest.raises(DomainError) as caught:
        services.link_contributions(resource.author, resource, potential)
    assert caught.value.field == "target_id"


def test_moderator_links_and_a_stranger_cannot():
    neighbourhood = NeighbourhoodFactory()
    issue = ContributionFactory(neighbourhood=neighbourhood)
    potential = ContributionFactory(neighbourhood=neighbourhood, kind=ContributionKind.POTENTIAL)
    with pytest.raises(DomainError):
        services.link_contributions(resident(neighbourhood), potential, issue)
    link = services.link_contributions(moderator(neighbourhood), potential, issue)
    services.unlink_contributions(moderator(neighbourhood), link)
    assert _count(ContributionLink) == 0


def test_someone_elses_submission_key_is_refused_without_touching_their_row():
    neighbourhood = NeighbourhoodFactory()
    first = _new(resident(neighbourhood), neighbourhood, submission_key="gedeeld")
    with pytest.raises(DomainError):
        _new(resident(neighbourhood), neighbourhood, submission_key="gedeeld", title="Iets anders")
    assert _count(Contribution) == 1
    assert first.title == "Te weinig bankjes in het park"
