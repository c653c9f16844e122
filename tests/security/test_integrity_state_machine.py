"""Integrity under any order of actions: a stateful hypothesis test drives support, withdrawn
support, comments, reports, hide, restore and merge through the real services, and after
every step checks what residents rely on:

- every stored counter equals the rows it counts (supports; visible, undeleted comments);
- hidden and merged contributions never appear in the public list or its total;
- nobody supports a contribution twice (the database refuses it; the counts agree).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from tests.factories import NeighbourhoodFactory, moderator, resident
from wijkplatform.contributions import queries
from wijkplatform.contributions import services as contribution_services
from wijkplatform.contributions.models import Comment, ContributionStatus, Vote
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services

PEOPLE = 4
CONTRIBUTIONS = 3


class Neighbourhood(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.neighbourhood = NeighbourhoodFactory()
        self.worker = moderator(self.neighbourhood)
        self.people = [resident(self.neighbourhood) for _ in range(PEOPLE)]
        self.contributions = [
            contribution_services.create_contribution(
                self.people[0],
                neighbourhood=self.neighbourhood,
                kind="issue",
                title=f"Bijdrage {n} voor de toestand",
                body="Tekst.",
                categories=["community"],
            )
            for n in range(CONTRIBUTIONS)
        ]
        db.session.commit()

    # --- actions (each a request's worth of work, committed or rolled back) ---------------

    def _do(self, action) -> None:
        try:
            action()
        except DomainError:
            db.session.rollback()  # refused by a rule (hidden, merged, …): nothing changes
        else:
            db.session.commit()

    @rule(
        person=st.integers(0, PEOPLE - 1),
        which=st.integers(0, CONTRIBUTIONS - 1),
        on=st.booleans(),
    )
    def support(self, person, which, on):
        self._do(
            lambda: contribution_services.set_support(
                self.people[person], self.contributions[which], on
            )
        )

    @rule(person=st.integers(0, PEOPLE - 1), which=st.integers(0, CONTRIBUTIONS - 1))
    def comment(self, person, which):
        self._do(
            lambda: contribution_services.add_comment(
                self.people[person], self.contributions[which], body="Een reactie."
            )
        )

    @rule(which=st.integers(0, CONTRIBUTIONS - 1))
    def delete_a_comment(self, which):
        comment = db.session.scalar(
            select(Comment).where(
                Comment.contribution_id == self.contributions[which].id,
                Comment.deleted_at.is_(None),
            )
        )
        if comment is not None:
            author = db.session.get(type(self.people[0]), comment.author_id)
            self._do(lambda: contribution_services.delete_comment(author, comment))

    @rule(person=st.integers(0, PEOPLE - 1), which=st.integers(0, CONTRIBUTIONS - 1))
    def report(self, person, which):
        self._do(
            lambda: moderation_services.flag(
                self.people[person], self.contributions[which], reason="spam"
            )
        )

    @rule(which=st.integers(0, CONTRIBUTIONS - 1))
    def hide(self, which):
        self._do(
            lambda: moderation_services.hide(
                self.worker, self.contributions[which], reason="Reclame voor een winkel."
            )
        )

    @rule(which=st.integers(0, CONTRIBUTIONS - 1))
    def restore(self, which):
        self._do(
            lambda: moderation_services.restore(
                self.worker, self.contributions[which], reason="Toch in orde."
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

    # --- what must hold after every step ---------------------------------------------------

    @invariant()
    def counters_equal_the_rows(self):
        for contribution in self.contributions:
            db.session.refresh(contribution)
            votes = db.session.scalar(
                select(func.count(Vote.id)).where(Vote.contribution_id == contribution.id)
            )
            comments = db.session.scalar(
                select(func.count(Comment.id)).where(
                    Comment.contribution_id == contribution.id,
                    Comment.hidden.is_(False),
                    Comment.deleted_at.is_(None),
                )
            )
            assert contribution.support_count == votes, contribution
            assert contribution.comment_count == comments, contribution

    @invariant()
    def hidden_and_merged_contributions_are_not_listed(self):
        page = queries.list_contributions(
            queries.ListFilters(), neighbourhood_ids=[self.neighbourhood.id], per_page=50
        )
        shown = {c.id for c in page.items}
        for contribution in self.contributions:
            public = not contribution.hidden and contribution.status != ContributionStatus.MERGED
            assert (contribution.id in shown) == public, contribution
        assert page.total == len(shown)

    @invariant()
    def nobody_supports_twice(self):
        doubles = db.session.execute(
            select(Vote.user_id, Vote.contribution_id)
            .group_by(Vote.user_id, Vote.contribution_id)
            .having(func.count(Vote.id) > 1)
        ).all()
        assert doubles == []


def test_counters_lists_and_supports_stay_right_whatever_happens(app):
    run_state_machine_as_test(
        Neighbourhood,
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


@pytest.mark.parametrize("steps", [1])
def test_the_machine_can_fail(app, steps):
    """Guard against a machine that checks nothing: a counter changed behind the services'
    back is caught by the first invariant."""
    machine = Neighbourhood()
    contribution = machine.contributions[0]
    contribution.support_count = 5
    db.session.commit()
    with pytest.raises(AssertionError):
        machine.counters_equal_the_rows()
