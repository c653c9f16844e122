"""The rules of Opgave drafts, called on the services directly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from tests.factories import resident
from tests.opgaven.conftest import TEXTS, TODAY, draft, open_for_reactions, submitted, supporters
from wijkplatform.accounts import personal_data
from wijkplatform.contributions import services as contribution_services
from wijkplatform.contributions.models import ContributionStatus
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.opgaven import queries, services
from wijkplatform.opgaven.models import (
    Opgave,
    OpgaveAction,
    OpgaveEvent,
    OpgaveReaction,
    OpgaveStatus,
    OpgaveVersion,
)


def actions(opgave) -> list[str]:
    return [event.action.value for event in queries.timeline(opgave)]


# --- Drafts and versions -------------------------------------------------------------


def test_moderator_starts_a_draft_with_an_empty_first_version(world):
    opgave = services.create_opgave(world.moderator, world.neighbourhood, title="Opgave 2027")
    assert opgave.status == OpgaveStatus.DRAFT
    assert opgave.current_version == 1
    assert not opgave.is_public
    assert services.latest_version(opgave).task == ""
    assert actions(opgave) == ["created"]


@pytest.mark.parametrize("role", ["resident", "moderator elsewhere", "reviewer", "admin"])
def test_only_moderators_of_the_neighbourhood_start_a_draft(world, role):
    with pytest.raises(DomainError) as refused:
        services.create_opgave(world.user(role), world.neighbourhood, title="Opgave 2027")
    assert refused.value.status == 403


@pytest.mark.parametrize("title", ["", "Kort", "x" * 151])
def test_a_title_must_be_5_to_150_characters(world, title):
    with pytest.raises(DomainError) as refused:
        services.create_opgave(world.moderator, world.neighbourhood, title=title)
    assert refused.value.field == "title"


def test_every_save_is_a_new_version_and_the_old_one_stays(world):
    opgave = draft(world)
    services.save_version(
        world.moderator,
        opgave,
        base_version=2,
        title=opgave.title,
        texts={**TEXTS, "task": "Een nieuwe zin."},
        note="Taak korter",
    )
    assert opgave.current_version == 3
    assert queries.get_version(opgave, 2).task == TEXTS["task"]
    assert queries.get_version(opgave, 3).task == "Een nieuwe zin."
    assert actions(opgave) == ["created", "saved", "saved"]
    assert queries.timeline(opgave)[-1].detail == "Taak korter"


def test_saving_the_same_text_makes_no_version(world):
    opgave = draft(world)
    again = services.save_version(
        world.moderator,
        opgave,
        base_version=2,
        title=opgave.title,
        texts=TEXTS,
        goals=["resilience"],
    )
    assert again is None
    assert opgave.current_version == 2


def test_a_save_from_an_old_version_is_refused_and_changes_nothing(world):
    """Two moderators opened version 2; the second to save must not overwrite the first."""
    opgave = draft(world)
    services.save_version(
        world.second_moderator,
        opgave,
        base_version=2,
        title=opgave.title,
        texts={**TEXTS, "task": "Lotte's tekst."},
    )
    db.session.commit()
    with pytest.raises(services.StaleVersion) as stale:
        services.save_version(
            world.moderator,
            opgave,
            base_version=2,
            title=opgave.title,
            texts={**TEXTS, "task": "Karim's tekst."},
        )
    assert stale.value.current == 3
    assert stale.value.status == 409
    db.session.rollback()
    assert services.latest_version(opgave).task == "Lotte's tekst."
    assert db.session.scalar(select(func.count(OpgaveVersion.id))) == 3


def test_unknown_goals_or_focus_are_refused(world):
    opgave = draft(world)
    with pytest.raises(DomainError) as refused:
        services.save_version(
            world.moderator,
            opgave,
            base_version=2,
            title=opgave.title,
            texts=TEXTS,
            goals=["world_peace"],
        )
    assert refused.value.field == "goals"


def test_a_section_longer_than_the_limit_is_refused(world):
    opgave = draft(world)
    with pytest.raises(DomainError) as refused:
        services.save_version(
            world.moderator,
            opgave,
            base_version=2,
            title=opgave.title,
            texts={"task": "x" * 20_001},
        )
    assert refused.value.field == "task"


def test_control_characters_are_taken_out_of_the_text(world):
    opgave = draft(world)
    services.save_version(
        world.moderator,
        opgave,
        base_version=2,
        title=opgave.title,
        texts={"task": "Een\x00 taak\x1b."},
    )
    assert services.latest_version(opgave).task == "Een taak."


# --- Evidence ------------------------------------------------------------------------


def test_linking_puts_contributions_in_their_sections_and_counts_the_people_behind_it(world):
    opgave = draft(world)
    supporters(world.issue, 3, world.neighbourhood)
    supporters(world.resource, 1, world.neighbourhood)
    services.link_evidence(world.moderator, opgave, world.issue)
    services.link_evidence(world.moderator, opgave, world.resource)
    evidence = queries.evidence(opgave)
    assert [row.contribution_id for row in evidence.by_section["problems"]] == [world.issue.id]
    assert [row.contribution_id for row in evidence.by_section["infrastructure"]] == [
        world.resource.id
    ]
    # 4 supporters plus the author of both contributions, counted once.
    assert evidence.residents_behind == 5


def test_a_supporter_of_two_linked_contributions_counts_once(world):
    opgave = draft(world)
    person = resident(world.neighbourhood)
    contribution_services.set_support(person, world.issue, True)
    contribution_services.set_support(person, world.potential, True)
    services.link_evidence(world.moderator, opgave, world.issue)
    services.link_evidence(world.moderator, opgave, world.potential)
    assert queries.evidence(opgave).residents_behind == 2  # the author and this person


def test_linking_a_hidden_contribution_is_refused_with_a_reason(world):
    opgave = draft(world)
    moderation_services.hide(world.moderator, world.issue, reason="Persoonlijke gegevens")
    with pytest.raises(DomainError) as refused:
        services.link_evidence(world.moderator, opgave, world.issue)
    assert "verborgen" in str(refused.value.message)
    assert world.issue.status == ContributionStatus.OPEN


def test_linking_a_merged_contribution_is_refused_with_a_reason(world):
    opgave = draft(world)
    moderation_services.merge(world.moderator, world.resource, world.issue, reason="Dubbel")
    with pytest.raises(DomainError) as refused:
        services.link_evidence(world.moderator, opgave, world.resource)
    assert "samengevoegd" in str(refused.value.message)


def test_linking_a_contribution_from_another_neighbourhood_is_refused(world):
    from tests.factories import ContributionFactory

    elsewhere = ContributionFactory(neighbourhood=world.other_neighbourhood)
    with pytest.raises(DomainError):
        services.link_evidence(world.moderator, draft(world), elsewhere)


def test_linking_twice_is_refused(world):
    opgave = draft(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    with pytest.raises(DomainError) as refused:
        services.link_evidence(world.moderator, opgave, world.issue, section="potentials")
    assert "al aan deze opgave gekoppeld" in str(refused.value.message)


def test_unlinking_gives_the_contribution_its_status_back(world):
    opgave = open_for_reactions(world)
    world.issue.status = ContributionStatus.UNDER_CONSIDERATION
    evidence = services.link_evidence(world.moderator, opgave, world.issue)
    services.unlink_evidence(world.moderator, opgave, evidence)
    assert world.issue.status == ContributionStatus.UNDER_CONSIDERATION
    assert actions(opgave)[-2:] == ["evidence_added", "evidence_removed"]


def test_unlinking_keeps_included_while_another_public_opgave_still_uses_it(world):
    first, second = open_for_reactions(world), open_for_reactions(world)
    services.link_evidence(world.moderator, first, world.issue)
    evidence = services.link_evidence(world.moderator, second, world.issue)
    services.unlink_evidence(world.moderator, second, evidence)
    assert world.issue.status == ContributionStatus.INCLUDED


def test_linking_tells_the_author_and_followers_on_their_account(world):
    follower = resident(world.neighbourhood)
    contribution_services.set_follow(follower, world.issue, True)
    opgave = open_for_reactions(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    for person in (world.author, follower):
        news = queries.news_for(person)
        assert [(row[0], row[1]) for row in news] == [(world.issue, opgave)]
    assert queries.news_for(world.resident) == []


def test_news_waits_until_the_draft_is_shown_to_residents(world):
    opgave = draft(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    assert queries.news_for(world.author) == []


def test_suggestions_propose_related_and_well_supported_unused_contributions(world):
    from tests.factories import ContributionFactory
    from wijkplatform.contributions.models import ContributionCategory

    opgave = draft(world)
    services.link_evidence(world.moderator, opgave, world.issue)  # subject: loneliness
    same_subject = ContributionFactory(
        neighbourhood=world.neighbourhood,
        title="Niemand belt mij nog",
        category_rows=[ContributionCategory(category="loneliness")],
    )
    popular = ContributionFactory(
        neighbourhood=world.neighbourhood,
        title="Het park is donker",
        category_rows=[ContributionCategory(category="safety")],
    )
    supporters(popular, 4, world.neighbourhood)
    hidden = ContributionFactory(
        neighbourhood=world.neighbourhood,
        title="Ook eenzaam",
        category_rows=[ContributionCategory(category="loneliness")],
    )
    moderation_services.hide(world.moderator, hidden, reason="Scheldwoorden")
    found = queries.suggestions(opgave, services.latest_version(opgave))
    assert same_subject in found.related
    assert world.issue not in found.related  # already linked
    assert hidden not in found.related
    assert popular in found.popular_unused
    assert hidden not in found.popular_unused


def test_suggestions_find_contributions_with_words_from_the_draft(world):
    from tests.factories import ContributionFactory
    from wijkplatform.contributions.models import ContributionCategory

    opgave = draft(world, texts={"task": "Schuldhulp moet eerder beginnen. Schuldhulp!"})
    debts = ContributionFactory(
        neighbourhood=world.neighbourhood,
        title="Schuldhulp is te laat",
        category_rows=[ContributionCategory(category="debt_money")],
    )
    db.session.commit()
    found = queries.suggestions(opgave, services.latest_version(opgave))
    assert debts in found.related


# --- Workflow ------------------------------------------------------------------------


def test_full_path_draft_reactions_submitted_returned_resubmitted_accepted(world):
    opgave = draft(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    services.open_reactions(world.moderator, opgave, until=TODAY + timedelta(days=14), today=TODAY)
    assert opgave.is_public
    services.react(world.resident, opgave, {"whole": ("yes", "Klopt")}, today=TODAY)
    services.submit(world.moderator, opgave, today=TODAY + timedelta(days=15))  # period over
    assert (opgave.status, opgave.submitted_version) == (OpgaveStatus.SUBMITTED, 2)
    services.return_opgave(world.reviewer, opgave, reasons="Maak de doelen concreter, graag.")
    assert opgave.status == OpgaveStatus.RETURNED
    services.save_version(
        world.moderator,
        opgave,
        base_version=2,
        title=opgave.title,
        texts={**TEXTS, "task": "Concreter."},
        goals=["resilience"],
    )
    services.submit(world.moderator, opgave)
    assert opgave.submitted_version == 3
    services.accept(world.reviewer, opgave)
    assert opgave.status == OpgaveStatus.ACCEPTED
    assert actions(opgave) == [
        "created",
        "saved",
        "evidence_added",
        "reactions_opened",
        "submitted",
        "returned",
        "saved",
        "submitted",
        "accepted",
    ]
    returned = next(e for e in queries.timeline(opgave) if e.action == OpgaveAction.RETURNED)
    assert returned.detail == "Maak de doelen concreter, graag."
    assert returned.actor_id == world.reviewer.id and returned.actor.display_name == "Sanne"


def test_a_submitted_draft_cannot_be_changed(world):
    opgave = submitted(world)
    with pytest.raises(DomainError) as refused:
        services.save_version(
            world.moderator,
            opgave,
            base_version=2,
            title=opgave.title,
            texts={"task": "Nog even snel"},
        )
    assert refused.value.status == 409
    with pytest.raises(DomainError):
        services.link_evidence(world.moderator, opgave, world.issue)


def test_an_accepted_opgave_is_read_only_and_a_new_draft_starts_from_it(world):
    opgave = submitted(world)
    services.accept(world.reviewer, opgave)
    with pytest.raises(DomainError):
        services.save_version(
            world.moderator, opgave, base_version=2, title=opgave.title, texts={"task": "Anders"}
        )
    with pytest.raises(DomainError):
        services.open_reactions(
            world.moderator, opgave, until=TODAY + timedelta(days=3), today=TODAY
        )
    new = services.start_from(world.moderator, opgave)
    assert new.based_on == opgave
    assert new.status == OpgaveStatus.DRAFT
    assert services.latest_version(new).task == TEXTS["task"]
    assert opgave.status == OpgaveStatus.ACCEPTED


def test_a_new_draft_keeps_the_evidence_of_the_accepted_one(world):
    opgave = draft(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    services.submit(world.moderator, opgave)
    services.accept(world.reviewer, opgave)
    new = services.start_from(world.moderator, opgave)
    assert queries.evidence(new).contribution_ids == {world.issue.id}


@pytest.mark.parametrize("role", ["moderator", "reviewer elsewhere", "admin", "resident"])
def test_only_reviewers_of_the_municipality_decide(world, role):
    opgave = submitted(world)
    with pytest.raises(DomainError) as refused:
        services.accept(world.user(role), opgave)
    assert refused.value.status == 403
    assert opgave.status == OpgaveStatus.SUBMITTED


def test_returning_needs_reasons(world):
    opgave = submitted(world)
    with pytest.raises(DomainError) as refused:
        services.return_opgave(world.reviewer, opgave, reasons="nee")
    assert refused.value.field == "reasons"
    assert opgave.status == OpgaveStatus.SUBMITTED


def test_a_draft_cannot_be_accepted_before_it_is_submitted(world):
    opgave = draft(world)
    with pytest.raises(DomainError) as refused:
        services.accept(world.reviewer, opgave)
    assert refused.value.status == 409


def test_submitting_needs_the_task_paragraph(world):
    opgave = services.create_opgave(world.moderator, world.neighbourhood, title="Lege opgave")
    with pytest.raises(DomainError) as refused:
        services.submit(world.moderator, opgave)
    assert refused.value.field == "task"


def test_a_second_decision_on_a_stale_status_is_refused(world):
    """Two reviewers decide at the same time: the one whose update finds the status changed
    is refused instead of overwriting the first decision."""
    opgave = submitted(world)
    # The other reviewer's acceptance, written behind this session's back.
    db.session.execute(
        update(Opgave)
        .where(Opgave.id == opgave.id)
        .values(status=OpgaveStatus.ACCEPTED)
        .execution_options(synchronize_session=False)
    )
    assert opgave.status == OpgaveStatus.SUBMITTED  # what this request still sees
    with pytest.raises(DomainError) as refused:
        services.return_opgave(world.reviewer, opgave, reasons="Toch terug, graag.")
    assert refused.value.status == 409
    assert opgave.status == OpgaveStatus.ACCEPTED


@pytest.mark.parametrize("days", [0, -1, 91])
def test_the_reaction_period_ends_after_today_and_within_90_days(world, days):
    opgave = draft(world)
    with pytest.raises(DomainError) as refused:
        services.open_reactions(
            world.moderator, opgave, until=TODAY + timedelta(days=days), today=TODAY
        )
    assert refused.value.field == "until"
    assert opgave.status == OpgaveStatus.DRAFT


# --- Reactions -----------------------------------------------------------------------


def test_a_resident_reacts_once_per_section_and_can_change_the_answer(world):
    opgave = open_for_reactions(world)
    services.react(
        world.resident, opgave, {"whole": ("yes", ""), "problems": ("no", "Mist")}, today=TODAY
    )
    services.react(
        world.resident, opgave, {"whole": ("partly", ""), "problems": ("", "")}, today=TODAY
    )
    rows = db.session.scalars(select(OpgaveReaction)).all()
    assert [(r.section, r.answer.value) for r in rows] == [("whole", "partly")]
    results = {r.section: r for r in queries.reaction_results(opgave)}
    assert results["whole"].counts == {"yes": 0, "partly": 1, "no": 0}
    assert results["problems"].total == 0


def test_reaction_results_count_per_section(world):
    opgave = open_for_reactions(world)
    for answer in ("yes", "yes", "no"):
        services.react(resident(world.neighbourhood), opgave, {"whole": (answer, "")}, today=TODAY)
    whole = {r.section: r for r in queries.reaction_results(opgave)}["whole"]
    assert whole.counts == {"yes": 2, "partly": 0, "no": 1}
    assert whole.share("yes") == 65  # 66.7 % rounded to a bar step of 5
    assert queries.residents_reacted(opgave) == 3


@pytest.mark.parametrize("role", ["resident elsewhere", "moderator", "reviewer", "visitor"])
def test_only_residents_of_the_neighbourhood_react(world, role):
    opgave = open_for_reactions(world)
    with pytest.raises(DomainError) as refused:
        services.react(world.user(role), opgave, {"whole": ("yes", "")}, today=TODAY)
    assert refused.value.status == 403


def test_reactions_are_refused_after_the_last_day_and_when_not_open(world):
    opgave = open_for_reactions(world, days=3)
    with pytest.raises(DomainError):
        services.react(
            world.resident, opgave, {"whole": ("yes", "")}, today=TODAY + timedelta(days=4)
        )
    services.react(world.resident, opgave, {"whole": ("yes", "")}, today=TODAY + timedelta(days=3))
    services.close_reactions(world.moderator, opgave)
    with pytest.raises(DomainError):
        services.react(world.resident, opgave, {"whole": ("no", "")}, today=TODAY)


def test_a_comment_without_an_answer_is_refused(world):
    opgave = open_for_reactions(world)
    with pytest.raises(DomainError) as refused:
        services.react(world.resident, opgave, {"whole": ("", "Wat bedoelen jullie?")}, today=TODAY)
    assert refused.value.field == "whole-answer"


def test_an_empty_reaction_is_refused(world):
    opgave = open_for_reactions(world)
    with pytest.raises(DomainError):
        services.react(world.resident, opgave, {"whole": ("", "")}, today=TODAY)


def test_erasing_an_account_keeps_the_answers_as_counts_without_the_comment(world):
    opgave = open_for_reactions(world)
    services.react(
        world.resident, opgave, {"whole": ("no", "Mijn buurman Jan is ziek")}, today=TODAY
    )
    exported = personal_data.export_personal_data(world.resident)["opgave_reactions"]
    assert exported[0]["comment"] == "Mijn buurman Jan is ziek"
    personal_data.erase_account(world.resident, password="correct horse battery")
    reaction = db.session.scalar(select(OpgaveReaction))
    assert (reaction.user_id, reaction.comment, reaction.answer.value) == (None, "", "no")


def test_the_timeline_cannot_be_changed(world):
    opgave = draft(world)
    event = db.session.scalar(select(OpgaveEvent).where(OpgaveEvent.opgave_id == opgave.id))
    event.detail = "anders"
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()
