"""Moderation services: flags and the auto-hide threshold, hide and restore, merges with
exact counts, official answers, blocks, organisations and the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import CommentFactory, ContributionFactory, resident
from wijkplatform.accounts.models import OrganisationStatus
from wijkplatform.contributions import queries as contribution_queries
from wijkplatform.contributions import services as contribution_services
from wijkplatform.contributions.models import Comment, ContributionStatus, Follow, Vote
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.moderation import services
from wijkplatform.moderation.models import Action, Flag, ModerationEvent


def _events(target_id=None):
    statement = select(ModerationEvent).order_by(ModerationEvent.id)
    if target_id is not None:
        statement = statement.where(ModerationEvent.target_id == target_id)
    return list(db.session.scalars(statement))


def _actions(target_id):
    return [e.action for e in _events(target_id)]


# --- flags ---------------------------------------------------------------------------


def test_third_distinct_flag_hides_the_item_pending_review(world):
    reporters = [resident(world.neighbourhood) for _ in range(3)]
    services.flag(reporters[0], world.contribution, reason="spam")
    services.flag(reporters[1], world.contribution, reason="offensive")
    assert not world.contribution.hidden
    services.flag(reporters[2], world.contribution, reason="off_topic")
    assert world.contribution.hidden
    assert world.contribution.hidden_reason
    assert _actions(world.contribution.id)[-1] == Action.AUTO_HIDDEN
    assert _events(world.contribution.id)[-1].actor_id is None


def test_repeated_flags_from_one_person_count_once(world):
    for reason in ["spam", "spam", "offensive", "other"]:
        services.flag(world.resident, world.contribution, reason=reason, text="Nog eens")
    services.flag(resident(world.neighbourhood), world.contribution, reason="spam")
    count = db.session.scalar(select(func.count(Flag.id)))
    assert count == 2
    assert not world.contribution.hidden


def test_double_flag_returns_none_and_changes_nothing(world):
    assert services.flag(world.resident, world.comment, reason="spam") is not None
    assert services.flag(world.resident, world.comment, reason="spam") is None
    assert services.active_flag_count("comment", world.comment.id) == 1


def test_threshold_is_configurable(world, app):
    app.config["FLAG_HIDE_THRESHOLD"] = 1
    services.flag(world.resident, world.comment, reason="personal_data")
    assert world.comment.hidden


def test_unknown_reason_is_refused(world):
    with pytest.raises(DomainError) as error:
        services.flag(world.resident, world.contribution, reason="boring")
    assert error.value.field == "reason"


def test_other_needs_an_explanation(world):
    with pytest.raises(DomainError) as error:
        services.flag(world.resident, world.contribution, reason="other", text="  ")
    assert error.value.field == "text"


def test_hidden_item_cannot_be_flagged(world):
    services.hide(world.moderator, world.contribution, reason="Scheldwoorden")
    with pytest.raises(DomainError):
        services.flag(world.resident, world.contribution, reason="spam")


# --- hide, restore, dismiss ----------------------------------------------------------


def test_hide_needs_a_reason_and_the_item_stays_in_the_database(world):
    with pytest.raises(DomainError) as error:
        services.hide(world.moderator, world.contribution, reason="")
    assert error.value.field == "reason"
    services.hide(world.moderator, world.contribution, reason="Persoonsgegevens")
    db.session.commit()
    assert world.contribution.hidden_reason == "Persoonsgegevens"
    assert contribution_queries.get_contribution(world.contribution.id) is not None


def test_hiding_a_comment_lowers_the_public_count_and_restoring_raises_it(world):
    assert world.contribution.comment_count == 1
    services.hide(world.moderator, world.comment, reason="Kwetsend")
    assert world.contribution.comment_count == 0
    services.restore(world.moderator, world.comment, reason="Toch in orde")
    assert world.contribution.comment_count == 1
    assert not world.comment.hidden and world.comment.hidden_reason is None


def test_restore_sets_reports_aside_so_they_do_not_hide_again(world):
    for _ in range(3):
        services.flag(resident(world.neighbourhood), world.contribution, reason="spam")
    assert world.contribution.hidden
    services.restore(world.moderator, world.contribution)
    assert services.active_flag_count("contribution", world.contribution.id) == 0
    services.flag(world.resident, world.contribution, reason="spam")
    assert not world.contribution.hidden


def test_restore_of_a_visible_item_is_refused(world):
    with pytest.raises(DomainError) as error:
        services.restore(world.moderator, world.contribution)
    assert error.value.status == 409


def test_dismiss_sets_open_reports_aside(world):
    services.flag(world.resident, world.contribution, reason="spam")
    services.flag(resident(world.neighbourhood), world.contribution, reason="spam")
    assert services.dismiss_flags(world.moderator, world.contribution, reason="Geen spam") == 2
    assert services.active_flag_count("contribution", world.contribution.id) == 0
    assert _actions(world.contribution.id)[-1] == Action.FLAGS_DISMISSED


def test_moderator_of_another_neighbourhood_cannot_act(world):
    for action in (
        lambda: services.hide(world.other_moderator, world.contribution, reason="x"),
        lambda: services.dismiss_flags(world.other_moderator, world.contribution),
        lambda: services.answer(
            world.other_moderator, world.contribution, status="answered", body="x"
        ),
        lambda: services.merge(
            world.other_moderator, world.duplicate, world.contribution, reason="x"
        ),
        lambda: services.block(
            world.other_moderator,
            world.author,
            world.neighbourhood,
            until=utcnow().date(),
            reason="x",
        ),
        lambda: services.verify_organisation(world.other_moderator, world.organisation),
    ):
        with pytest.raises(DomainError) as error:
            action()
        assert error.value.status == 403
    assert _events() == []


# --- merge ---------------------------------------------------------------------------


def _support(user, contribution):
    contribution_services.set_support(user, contribution, True)


def test_merge_moves_supports_without_double_counting(world):
    both = resident(world.neighbourhood)
    only_duplicate = resident(world.neighbourhood)
    only_survivor = resident(world.neighbourhood)
    for user in (both, only_survivor):
        _support(user, world.contribution)
    for user in (both, only_duplicate):
        _support(user, world.duplicate)
    contribution_services.set_follow(both, world.contribution, True)
    contribution_services.set_follow(both, world.duplicate, True)
    reply_target = CommentFactory(contribution=world.duplicate, author=only_duplicate)
    reply = CommentFactory(contribution=world.duplicate, author=both, parent_id=None)
    reply.parent_id = reply_target.id
    world.duplicate.comment_count = 2
    db.session.flush()
    assert (world.contribution.support_count, world.duplicate.support_count) == (2, 2)

    services.merge(world.moderator, world.duplicate, world.contribution, reason="Zelfde vraag")

    assert world.contribution.support_count == 3
    assert world.duplicate.support_count == 0
    votes = db.session.scalars(
        select(Vote.user_id).where(Vote.contribution_id == world.contribution.id)
    ).all()
    assert sorted(votes) == sorted([both.id, only_duplicate.id, only_survivor.id])
    assert db.session.scalar(select(func.count(Follow.id)).where(Follow.user_id == both.id)) == 1
    assert world.contribution.comment_count == 3
    assert world.duplicate.comment_count == 0
    moved = db.session.scalars(
        select(Comment).where(Comment.contribution_id == world.contribution.id)
    ).all()
    assert len(moved) == 3
    assert world.duplicate.status == ContributionStatus.MERGED
    assert services.survivor_id_of(world.duplicate.id) == world.contribution.id
    assert _actions(world.duplicate.id) == [Action.MERGED]


def test_hidden_comments_stay_out_of_the_count_after_a_merge(world):
    hidden = CommentFactory(contribution=world.duplicate)
    world.duplicate.comment_count = 1
    db.session.flush()
    services.hide(world.moderator, hidden, reason="Kwetsend")
    services.merge(world.moderator, world.duplicate, world.contribution, reason="Dubbel")
    assert world.contribution.comment_count == 1  # only the visible one it had


def test_earlier_merges_follow_the_survivor(world):
    third = ContributionFactory(neighbourhood=world.neighbourhood, author=world.author)
    services.merge(world.moderator, world.duplicate, third, reason="Dubbel")
    services.merge(world.moderator, third, world.contribution, reason="Dubbel")
    assert services.survivor_id_of(world.duplicate.id) == world.contribution.id


@pytest.mark.parametrize("case", ["itself", "other neighbourhood", "merged twice"])
def test_bad_merges_are_refused(world, case):
    survivor = world.contribution
    if case == "itself":
        survivor = world.duplicate
    elif case == "other neighbourhood":
        survivor = ContributionFactory(neighbourhood=world.other_neighbourhood)
    else:
        services.merge(world.moderator, world.duplicate, world.contribution, reason="Dubbel")
    with pytest.raises(DomainError):
        services.merge(world.moderator, world.duplicate, survivor, reason="Dubbel")


def test_merge_needs_a_reason(world):
    with pytest.raises(DomainError) as error:
        services.merge(world.moderator, world.duplicate, world.contribution, reason="")
    assert error.value.field == "reason"


# --- official answer -----------------------------------------------------------------


def test_official_answer_sets_the_status(world):
    services.answer(
        world.moderator,
        world.contribution,
        status="under_consideration",
        body="We bespreken dit in het wijkteam.",
    )
    assert world.contribution.status == ContributionStatus.UNDER_CONSIDERATION
    assert _actions(world.contribution.id) == [Action.ANSWERED]


@pytest.mark.parametrize(
    ("status", "body", "field"),
    [("merged", "Uitleg", "status"), ("nonsense", "Uitleg", "status"), ("answered", " ", "body")],
)
def test_bad_answers_are_refused(world, status, body, field):
    with pytest.raises(DomainError) as error:
        services.answer(world.moderator, world.contribution, status=status, body=body)
    assert error.value.field == field
    assert world.contribution.status == ContributionStatus.OPEN


# --- blocks --------------------------------------------------------------------------


def test_blocked_resident_cannot_contribute_support_or_react_and_is_told_why(world):
    until = utcnow().date() + timedelta(days=7)
    services.block(
        world.moderator,
        world.author,
        world.neighbourhood,
        until=until,
        reason="Herhaaldelijk kwetsend",
    )
    for action in (
        lambda: contribution_services.create_contribution(
            world.author,
            neighbourhood=world.neighbourhood,
            kind="issue",
            title="Een nieuwe vraag",
            body="Tekst over de wijk.",
            categories=["community"],
        ),
        lambda: contribution_services.set_support(world.author, world.duplicate, True),
        lambda: contribution_services.add_comment(world.author, world.duplicate, body="Hallo"),
    ):
        with pytest.raises(DomainError) as error:
            action()
        assert error.value.status == 403
        assert "Herhaaldelijk kwetsend" in str(error.value.message)
    # Elsewhere and for others nothing changes.
    contribution_services.set_support(world.resident, world.duplicate, True)


def test_lifted_or_expired_block_no_longer_applies(world):
    block = services.block(
        world.moderator, world.author, world.neighbourhood, until=utcnow().date(), reason="Afkoelen"
    )
    assert services.active_block(world.author, world.neighbourhood.id) is not None
    services.lift_block(world.moderator, block, reason="Gesprek gehad")
    assert services.active_block(world.author, world.neighbourhood.id) is None
    assert _actions(world.author.id)[-2:] == [Action.BLOCKED, Action.UNBLOCKED]


@pytest.mark.parametrize(
    ("days", "reason", "field"),
    [(-1, "Reden", "until"), (400, "Reden", "until"), (3, "", "reason"), (None, "Reden", "until")],
)
def test_bad_blocks_are_refused(world, days, reason, field):
    until = None if days is None else utcnow().date() + timedelta(days=days)
    with pytest.raises(DomainError) as error:
        services.block(
            world.moderator, world.author, world.neighbourhood, until=until, reason=reason
        )
    assert error.value.field == field


def test_moderators_cannot_be_blocked_in_their_neighbourhood(world):
    with pytest.raises(DomainError):
        services.block(
            world.admin, world.moderator, world.neighbourhood, until=utcnow().date(), reason="Reden"
        )


# --- organisations -------------------------------------------------------------------


def test_only_members_of_a_verified_organisation_post_on_its_behalf(world):
    def post(user):
        return contribution_services.create_contribution(
            user,
            neighbourhood=world.neighbourhood,
            kind="resource",
            title="Inloopochtend in het buurthuis",
            body="Elke dinsdag koffie.",
            categories=["community"],
            organisation=world.organisation,
        )

    with pytest.raises(DomainError):
        post(world.author)  # not verified yet
    services.verify_organisation(world.moderator, world.organisation)
    assert world.organisation.status == OrganisationStatus.VERIFIED
    assert post(world.author).organisation_id == world.organisation.id
    with pytest.raises(DomainError):
        post(world.resident)  # not a member


def test_rejecting_an_organisation_needs_a_reason_shown_to_the_member(world):
    with pytest.raises(DomainError):
        services.reject_organisation(world.moderator, world.organisation, reason="")
    services.reject_organisation(world.moderator, world.organisation, reason="Onbekend adres")
    assert world.organisation.status == OrganisationStatus.REJECTED
    assert world.organisation.decision_reason == "Onbekend adres"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kvk_number": "1234567"}, "kvk_number"),
        ({"kvk_number": "1234567a"}, "kvk_number"),
        ({"kvk_number": "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18"}, "kvk_number"),
        ({"kind": "bank"}, "kind"),
        ({"name": ""}, "name"),
        ({"offers": ""}, "offers"),
        ({"contact": ""}, "contact"),
        ({"neighbourhood_id": None}, "neighbourhood_id"),
    ],
)
def test_bad_organisations_are_refused(world, changes, field):
    from wijkplatform.accounts import services as account_services

    data = {
        "name": "Moskee Al Nour",
        "kind": "faith",
        "neighbourhood_id": world.neighbourhood.id,
        "offers": "Voedselbank",
        "contact": "info@example.nl",
        "kvk_number": "",
    } | changes
    with pytest.raises(DomainError) as error:
        account_services.register_organisation(world.resident, **data)
    assert error.value.field == field


def test_kvk_number_with_spaces_is_accepted(world):
    from wijkplatform.accounts import services as account_services

    organisation = account_services.register_organisation(
        world.resident,
        name="Kapsalon Yasmin",
        kind="small_business",
        neighbourhood_id=world.neighbourhood.id,
        offers="Een stageplek",
        contact="Havenstraat 4",
        kvk_number="1234 5678",
    )
    assert organisation.kvk_number == "12345678"


# --- audit trail ---------------------------------------------------------------------


def test_every_action_leaves_an_event_with_actor_and_reason(world):
    services.flag(world.resident, world.comment, reason="spam")
    services.dismiss_flags(world.moderator, world.comment, reason="Geen spam")
    services.hide(world.moderator, world.comment, reason="Toch kwetsend")
    services.restore(world.moderator, world.comment, reason="Aangepast")
    services.answer(world.moderator, world.contribution, status="answered", body="Zie plan.")
    services.merge(world.moderator, world.duplicate, world.contribution, reason="Dubbel")
    block = services.block(
        world.moderator, world.author, world.neighbourhood, until=utcnow().date(), reason="Afkoelen"
    )
    services.lift_block(world.moderator, block)
    services.verify_organisation(world.moderator, world.organisation)
    events = _events()
    assert [e.action for e in events] == [
        Action.FLAGGED,
        Action.FLAGS_DISMISSED,
        Action.HIDDEN,
        Action.RESTORED,
        Action.ANSWERED,
        Action.MERGED,
        Action.BLOCKED,
        Action.UNBLOCKED,
        Action.ORGANISATION_VERIFIED,
    ]
    assert all(e.neighbourhood_id == world.neighbourhood.id for e in events)
    assert {e.actor_id for e in events[1:]} == {world.moderator.id}
    assert events[2].reason == "Toch kwetsend"


def test_the_log_cannot_be_changed_or_deleted_through_the_orm(world):
    services.hide(world.moderator, world.contribution, reason="Spam")
    db.session.commit()
    event = _events()[0]
    event.reason = "iets anders"
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(_events()[0])
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()
