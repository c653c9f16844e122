"""Issue 18: "N residents stand behind this draft" is read from rows kept by every change
(opgaven/backers.py) instead of counting the votes of every linked contribution on every
view. Each change that alters the figure shows on the next page, and after any sequence of
changes the kept figure is the live count (`queries.residents_behind_live`, the definition).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import select

from tests.factories import PASSWORD, ContributionFactory, NeighbourhoodFactory, moderator, resident
from tests.opgaven.conftest import draft
from wijkplatform.accounts import personal_data
from wijkplatform.accounts.models import Membership, Role
from wijkplatform.accounts.services import grant_role, revoke_role
from wijkplatform.contributions import services as contribution_services
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.opgaven import backers, queries, services
from wijkplatform.opgaven.models import OpgaveBacker, OpgaveEvidence

BEHIND = re.compile(r"(\d+) bewoners? sta(?:at|an) achter dit concept")


@pytest.fixture
def page(world, client, login):
    """The number the Opgave page shows, read as the neighbourhood worker reads a draft;
    checked against the definition on every read."""
    login(world.moderator)

    def shown(opgave) -> int:
        db.session.commit()
        found = BEHIND.search(client.get(f"/opgaven/{opgave.id}").get_data(as_text=True))
        assert found, "the page shows no number of residents behind the draft"
        number = int(found.group(1))
        assert number == queries.residents_behind_live(opgave)
        return number

    return shown


def kept_rows_are_right() -> bool:
    return db.session.scalar(backers.mismatches()) == 0


@pytest.fixture
def linked(world):
    """A draft with the issue linked: its author and one supporter behind it."""
    opgave = draft(world)
    contribution_services.set_support(world.resident, world.issue, True)
    services.link_evidence(world.moderator, opgave, world.issue)
    db.session.commit()
    return opgave


def test_a_support_and_a_withdrawn_support_show_at_once(world, page, linked):
    assert page(linked) == 2  # the author and the supporter
    newcomer = resident(world.neighbourhood)
    contribution_services.set_support(newcomer, world.issue, True)
    assert page(linked) == 3
    contribution_services.set_support(newcomer, world.issue, False)
    assert page(linked) == 2
    contribution_services.set_support(world.resident, world.issue, False)
    assert page(linked) == 1
    assert kept_rows_are_right()


def test_supporting_an_unlinked_contribution_changes_nothing(world, page, linked):
    contribution_services.set_support(resident(world.neighbourhood), world.resource, True)
    assert page(linked) == 2
    assert db.session.scalar(select(OpgaveBacker.refs).where(OpgaveBacker.opgave_id == linked.id))


def test_linking_and_unlinking_show_at_once_and_a_person_behind_two_counts_once(
    world, page, linked
):
    other_author = resident(world.neighbourhood)
    second = ContributionFactory(neighbourhood=world.neighbourhood, author=other_author)
    contribution_services.set_support(world.resident, second, True)  # behind both
    services.link_evidence(world.moderator, linked, second)
    assert page(linked) == 3  # two authors, one supporter of both
    row = db.session.scalar(
        select(OpgaveEvidence).where(
            OpgaveEvidence.opgave_id == linked.id, OpgaveEvidence.contribution_id == second.id
        )
    )
    services.unlink_evidence(world.moderator, linked, row)
    assert page(linked) == 2  # the supporter still supports the issue
    first = db.session.scalar(select(OpgaveEvidence).where(OpgaveEvidence.opgave_id == linked.id))
    services.unlink_evidence(world.moderator, linked, first)
    assert page(linked) == 0
    assert db.session.scalars(select(OpgaveBacker)).all() == []
    assert kept_rows_are_right()


def test_an_author_who_supports_their_own_contribution_goes_with_its_unlinking(world, page, linked):
    contribution_services.set_support(world.author, world.issue, True)
    assert page(linked) == 2
    row = db.session.scalar(select(OpgaveEvidence).where(OpgaveEvidence.opgave_id == linked.id))
    services.unlink_evidence(world.moderator, linked, row)
    assert page(linked) == 0


def test_a_resident_who_moves_away_no_longer_counts(world, page, linked):
    membership = db.session.scalar(
        select(Membership).where(
            Membership.user_id == world.resident.id, Membership.role == Role.RESIDENT
        )
    )
    revoke_role(world.resident, membership)
    grant_role(world.resident, Role.RESIDENT, neighbourhood_id=world.other_neighbourhood.id)
    assert page(linked) == 1
    grant_role(world.resident, Role.RESIDENT, neighbourhood_id=world.neighbourhood.id)
    assert page(linked) == 2  # moved back


def test_an_erased_account_no_longer_counts(world, page, linked):
    personal_data.erase_account(world.resident, password=PASSWORD)
    assert page(linked) == 1


def test_a_new_account_counts_once_it_is_old_enough(world, page, linked):
    fresh = resident(world.neighbourhood, created_at=utcnow(), email_confirmed_at=utcnow())
    contribution_services.set_support(fresh, world.issue, True)
    assert page(linked) == 2
    fresh.created_at = utcnow() - timedelta(days=4)  # as if four days went by
    assert page(linked) == 3


def test_a_blocked_resident_still_counts_as_the_rule_says(world, page, linked):
    # Who counts (accounts.permissions.counting_residents) has no rule about blocks: a
    # block stops new support, it does not take back the support given.
    moderation_services.block(
        world.moderator, world.resident, world.neighbourhood, until=utcnow().date(),
        reason="Scheldwoorden in een reactie.",
    )  # fmt: skip
    assert page(linked) == 2


def test_a_merge_moves_the_supporters_behind_the_linked_survivor(world, page, linked):
    duplicate = ContributionFactory(neighbourhood=world.neighbourhood, author=world.author)
    supporter = resident(world.neighbourhood)
    contribution_services.set_support(supporter, duplicate, True)
    contribution_services.set_support(world.resident, duplicate, True)  # supports both
    assert page(linked) == 2
    moderation_services.merge(world.moderator, duplicate, world.issue, reason="Dezelfde vraag.")
    assert page(linked) == 3
    assert kept_rows_are_right()


def test_a_new_draft_from_an_accepted_one_has_the_same_people_behind_it(world, page, linked):
    services.submit(world.moderator, linked)
    services.accept(world.reviewer, linked)
    new = services.start_from(world.moderator, linked)
    assert page(new) == page(linked) == 2


def test_recounting_repairs_rows_changed_behind_the_services_back(world, linked):
    db.session.execute(OpgaveBacker.__table__.update().values(refs=7))
    assert not kept_rows_are_right()
    backers.recount()
    assert kept_rows_are_right()
    assert queries.evidence(linked).residents_behind == 2


# --- Any order of changes ------------------------------------------------------------------

PEOPLE = 4
CONTRIBUTIONS = 3


class OpgaveBackers(RuleBasedStateMachine):
    """Supports, links, unlinks, moves, erasures, blocks and merges in any order, each
    committed or refused as a request would be; after every step the kept rows and the
    figure equal the definition."""

    def __init__(self):
        super().__init__()
        self.neighbourhood = NeighbourhoodFactory()
        self.elsewhere = NeighbourhoodFactory(municipality=self.neighbourhood.municipality)
        self.worker = moderator(self.neighbourhood)
        self.people = [resident(self.neighbourhood) for _ in range(PEOPLE)]
        self.contributions = [
            ContributionFactory(neighbourhood=self.neighbourhood, author=self.people[n % 2])
            for n in range(CONTRIBUTIONS)
        ]
        self.opgaven = [
            services.create_opgave(self.worker, self.neighbourhood, title=f"Opgave {n} wijk")
            for n in range(2)
        ]
        db.session.commit()

    def _do(self, action) -> None:
        try:
            action()
        except DomainError:
            db.session.rollback()
        else:
            db.session.commit()

    @rule(
        person=st.integers(0, PEOPLE - 1), which=st.integers(0, CONTRIBUTIONS - 1), on=st.booleans()
    )
    def support(self, person, which, on):
        self._do(
            lambda: contribution_services.set_support(
                self.people[person], self.contributions[which], on
            )
        )

    @rule(opgave=st.integers(0, 1), which=st.integers(0, CONTRIBUTIONS - 1))
    def link(self, opgave, which):
        self._do(
            lambda: services.link_evidence(
                self.worker, self.opgaven[opgave], self.contributions[which]
            )
        )

    @rule(opgave=st.integers(0, 1), which=st.integers(0, CONTRIBUTIONS - 1))
    def unlink(self, opgave, which):
        row = db.session.scalar(
            select(OpgaveEvidence).where(
                OpgaveEvidence.opgave_id == self.opgaven[opgave].id,
                OpgaveEvidence.contribution_id == self.contributions[which].id,
            )
        )
        if row is not None:
            self._do(lambda: services.unlink_evidence(self.worker, self.opgaven[opgave], row))

    @rule(person=st.integers(0, PEOPLE - 1), away=st.booleans())
    def move(self, person, away):
        user = self.people[person]
        if user.erased_at is not None:
            return
        there, here = (
            (self.elsewhere, self.neighbourhood) if away else (self.neighbourhood, self.elsewhere)
        )
        for membership in list(user.memberships):
            if membership.role == Role.RESIDENT and membership.neighbourhood_id == here.id:
                revoke_role(user, membership)
        grant_role(user, Role.RESIDENT, neighbourhood_id=there.id)
        db.session.commit()

    @rule(person=st.integers(0, PEOPLE - 1))
    def erase(self, person):
        self._do(lambda: personal_data.erase_account(self.people[person], password=PASSWORD))

    @rule(person=st.integers(0, PEOPLE - 1))
    def block(self, person):
        self._do(
            lambda: moderation_services.block(
                self.worker,
                self.people[person],
                self.neighbourhood,
                until=utcnow().date(),
                reason="Scheldwoorden in een reactie.",
            )
        )

    @rule(merged=st.integers(0, CONTRIBUTIONS - 1), survivor=st.integers(0, CONTRIBUTIONS - 1))
    def merge(self, merged, survivor):
        self._do(
            lambda: moderation_services.merge(
                self.worker,
                self.contributions[merged],
                self.contributions[survivor],
                reason="Dezelfde vraag.",
            )
        )

    @invariant()
    def the_kept_figure_is_the_live_count(self):
        assert kept_rows_are_right()
        for opgave in self.opgaven:
            assert queries.evidence(opgave).residents_behind == queries.residents_behind_live(
                opgave
            )


def test_the_figure_stays_the_live_count_whatever_happens(app):
    run_state_machine_as_test(
        OpgaveBackers,
        settings=settings(
            max_examples=20,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


def test_the_machine_can_fail(app):
    """Guard against a machine that checks nothing: a kept row changed behind the services'
    back is caught."""
    machine = OpgaveBackers()
    machine.support(2, 0, True)
    machine.link(0, 0)
    machine.the_kept_figure_is_the_live_count()
    db.session.execute(
        OpgaveBacker.__table__.delete().where(OpgaveBacker.user_id == machine.people[2].id)
    )
    with pytest.raises(AssertionError):
        machine.the_kept_figure_is_the_live_count()
