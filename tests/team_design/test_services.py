"""The rules of the team design, called on the services directly."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, update

from tests.factories import UserFactory, moderator
from tests.team_design.conftest import accepted, save
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.opgaven import services as opgave_services
from wijkplatform.team_design import queries, services
from wijkplatform.team_design.models import (
    ActionStatus,
    TeamDesignBlock,
    TeamDesignBlockVersion,
    TeamDesignComment,
)
from wijkplatform.team_design.questions import BLOCKS


def test_a_design_starts_with_six_empty_blocks_once_per_neighbourhood(world):
    design = services.start_design(world.moderator, world.neighbourhood)
    assert [block.number for block in design.blocks] == [1, 2, 3, 4, 5, 6]
    assert services.start_design(world.reviewer, world.neighbourhood) is design
    progress = queries.progress(design, [])
    assert all(p.answered == 0 and p.open == p.total for p in progress.values())


@pytest.mark.parametrize("who", ["resident", "moderator elsewhere", "reviewer elsewhere"])
def test_only_workers_and_reviewers_of_the_neighbourhood_start_a_design(world, who):
    with pytest.raises(DomainError) as refused:
        services.start_design(world.user(who), world.neighbourhood)
    assert refused.value.status == 403


def test_saving_a_block_keeps_its_history_and_counts_the_revision(world, design):
    save(
        world,
        design,
        2,
        answers={"why": "Eerst leren samenwerken."},
        choices={"team_form": ["network"]},
    )
    save(
        world,
        design,
        2,
        choices={"team_form": ["integrated"]},
        participation="consult",
        actor=world.reviewer,
    )
    block = design.block(2)
    assert block.version == 2
    assert block.chosen("team_form") == ["integrated"]
    assert block.participation.value == "consult"
    assert design.revision == 2
    versions = queries.history(design, 2)
    assert [(v.version, v.author_id) for v in versions] == [
        (2, world.reviewer.id),
        (1, world.moderator.id),
    ]
    assert versions[1].answers == {"why": "Eerst leren samenwerken."}


def test_saving_the_same_answers_again_makes_no_new_version(world, design):
    save(world, design, 4, choices={"principles": ["one_plan"]})
    assert save(world, design, 4, choices={"principles": ["one_plan"]}) is None
    assert design.block(4).version == 1


def test_a_save_from_an_old_version_is_refused_and_nothing_changes(world, design):
    save(world, design, 3, answers={"depth": "Kort en licht."})
    db.session.commit()
    with pytest.raises(services.StaleBlock) as stale:
        services.save_block(
            world.reviewer, design, 3, base_version=0, answers={"depth": "Lang."}, choices={}
        )
    assert stale.value.status == 409
    db.session.rollback()
    assert design.block(3).answer("depth") == "Kort en licht."
    assert db.session.scalar(select(func.count()).select_from(TeamDesignBlockVersion)) == 1


def test_a_save_that_lands_between_the_check_and_the_write_is_refused(world, design):
    """The version check on the loaded row passes, but another request has moved the block
    on in the database meanwhile: the guarded UPDATE finds no row and nothing is written."""
    row = design.block(4)
    db.session.execute(
        update(TeamDesignBlock)
        .where(TeamDesignBlock.id == row.id)
        .values(version=1)
        .execution_options(synchronize_session=False)
    )  # another worker's save, unseen by this session's loaded row
    assert row.version == 0
    with pytest.raises(services.StaleBlock) as stale:
        services.save_block(
            world.moderator, design, 4, base_version=0, answers={"notes": "Mijn tekst"}, choices={}
        )
    assert stale.value.current == 1
    assert db.session.scalar(select(func.count()).select_from(TeamDesignBlockVersion)) == 0


def test_saving_another_block_at_the_same_time_is_no_conflict(world, design):
    base_two, base_three = design.block(2).version, design.block(3).version
    services.save_block(
        world.moderator, design, 2, base_version=base_two, answers={"why": "a"}, choices={}
    )
    services.save_block(
        world.reviewer, design, 3, base_version=base_three, answers={"depth": "b"}, choices={}
    )
    assert design.revision == 2


@pytest.mark.parametrize(
    ("number", "choices", "field"),
    [
        (2, {"team_form": ["team_of_friends"]}, "team_form"),
        (2, {"team_form": ["network", "integral"]}, "team_form"),
        (3, {"breadth": ["psychosocial", "astrology"]}, "breadth"),
        (5, {"mandate": ["absolute"]}, "mandate"),
    ],
)
def test_choices_come_only_from_the_instruments_lists(world, design, number, choices, field):
    with pytest.raises(DomainError) as refused:
        save(world, design, number, choices=choices)
    assert refused.value.field == field


def test_answers_have_a_maximum_length_and_a_known_participation_level(world, design):
    with pytest.raises(DomainError) as too_long:
        save(world, design, 1, answers={"task": "x" * 5001})
    assert too_long.value.field == "task"
    with pytest.raises(DomainError) as unknown:
        save(world, design, 1, participation="shout")
    assert unknown.value.field == "participation"


def test_block_one_goals_come_from_the_linked_accepted_opgave(world, design):
    opgave = accepted(world)
    services.link_opgave(world.moderator, design, opgave)
    linked = queries.linked_opgaven(design)
    assert [item.opgave.id for item in linked] == [opgave.id]
    assert queries.opgave_choices(linked)["goals"] == ["resilience"]
    # Goals typed into block 1 by hand are not stored: they come from the Opgave.
    save(world, design, 1, choices={"goals": ["cooperation"]})
    assert design.block(1).choices == {}
    assert queries.progress(design, linked)[1].answered == 2  # goals and focus


def test_only_an_accepted_opgave_of_the_same_neighbourhood_is_linked(world, design):
    with pytest.raises(DomainError, match="vastgestelde"):
        services.link_opgave(
            world.moderator,
            design,
            opgave_services.create_opgave(
                world.moderator, world.neighbourhood, title="Nog een concept"
            ),
        )
    other = opgave_services.create_opgave(
        world.other_moderator, world.other_neighbourhood, title="Opgave De Akkers"
    )
    with pytest.raises(DomainError, match="van deze wijk") as refused:
        services.link_opgave(world.moderator, design, other)
    assert refused.value.field == "opgave_id"


def test_a_newer_draft_of_a_linked_opgave_marks_the_worksheet(world, design):
    opgave = accepted(world)
    services.link_opgave(world.moderator, design, opgave)
    assert not queries.linked_opgaven(design)[0].changed
    newer = opgave_services.start_from(world.moderator, opgave)
    opgave_services.save_version(
        world.moderator, newer, base_version=1, title=newer.title, texts={"task": "Nieuw"}
    )
    item = queries.linked_opgaven(design)[0]
    db.session.refresh(item.link)
    assert item.link.changed_at is not None
    services.acknowledge_opgave_change(world.moderator, design, item.link)
    assert not queries.linked_opgaven(design)[0].changed


def test_hints_read_the_blocks_and_the_opgave(world, design):
    services.link_opgave(world.moderator, design, accepted(world))
    save(world, design, 2, choices={"team_form": ["integral"]})
    facts = queries.facts_of(design, queries.linked_opgaven(design))
    from wijkplatform.team_design.hints import hints_for

    assert {h.key for h in hints_for(facts)} == {
        "resilience_without_community",
        "integral_without_mandate",
    }


def test_an_action_needs_an_owner_with_a_role_here_and_a_date(world, design):
    stranger = UserFactory()
    elsewhere = moderator(world.far_neighbourhood)
    # A plain resident and a worker of a neighbourhood next door do not work on this design.
    for owner in (stranger, elsewhere, world.resident, world.other_moderator, world.other_reviewer):
        with pytest.raises(DomainError) as refused:
            services.add_action(
                world.moderator,
                design,
                block=2,
                title="Kick-off",
                owner_id=owner.id,
                due_date=date(2027, 1, 1),
            )
        assert refused.value.field == "owner_id"
    owners = {user.id for user in queries.possible_owners(design)}
    assert owners == {world.moderator.id, world.second_moderator.id, world.reviewer.id}
    with pytest.raises(DomainError) as no_date:
        services.add_action(
            world.moderator,
            design,
            block=2,
            title="Kick-off",
            owner_id=world.reviewer.id,
            due_date=None,
        )
    assert no_date.value.field == "due_date"
    action = services.add_action(
        world.moderator,
        design,
        block=2,
        title="Kick-off",
        owner_id=world.reviewer.id,
        due_date=date(2027, 1, 1),
    )
    assert action.is_overdue(date(2027, 1, 2))
    services.set_action_status(world.moderator, design, action, "done")
    assert action.status == ActionStatus.DONE
    assert not action.is_overdue(date(2027, 1, 2))


def test_residents_comment_on_the_published_design_only(world, design):
    with pytest.raises(DomainError):
        services.add_comment(world.resident, design, 2, "Goed plan")
    services.publish(world.moderator, design)
    with pytest.raises(DomainError):
        services.add_comment(world.other_resident, design, 2, "Goed plan")
    comment = services.add_comment(world.resident, design, 2, "  Goed plan  ")
    assert comment.body == "Goed plan"
    services.hide_comment(world.moderator, design, comment, "Persoonlijke gegevens")
    assert queries.comments_by_block(design)[2] == []
    assert db.session.scalar(select(func.count()).select_from(TeamDesignComment)) == 1


def test_every_block_has_questions_and_unique_keys():
    keys = [q.key for block in BLOCKS for q in block.questions] + [
        c.key for block in BLOCKS for c in block.choices
    ]
    assert len(BLOCKS) == 6
    for block in BLOCKS:
        names = [q.key for q in block.questions] + [c.key for c in block.choices]
        assert len(names) == len(set(names))
    assert keys


def test_demo_holds_one_complete_published_design_and_one_in_progress(app):
    from wijkplatform.demo import load_demo
    from wijkplatform.neighbourhoods import queries as neighbourhood_queries

    load_demo(echo=lambda line: None)
    db.session.commit()
    complete = queries.design_for(neighbourhood_queries.get_neighbourhood_by_slug("oude-haven"))
    linked = queries.linked_opgaven(complete)
    assert complete.is_published and linked
    assert queries.overall(queries.progress(complete, linked)).open == 0
    from wijkplatform.team_design.hints import hints_for

    assert hints_for(queries.facts_of(complete, linked)) == []
    in_progress = queries.design_for(neighbourhood_queries.get_neighbourhood_by_slug("de-akkers"))
    assert not in_progress.is_published
    assert queries.overall(queries.progress(in_progress, [])).open > 0
    hints = hints_for(queries.facts_of(in_progress, []))
    assert "integral_without_mandate" in {hint.key for hint in hints}
