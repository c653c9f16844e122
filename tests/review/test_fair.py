"""Issue 18: the fair ranking is scored and sorted in the database, from the stored reach
(`review_reach.since`: the people whose last week in the neighbourhood is that week or a
later one). After any sequence of changes the stored `since` is the sum it stands for, and
the ranking is the one Python computes from the rows (the definition in ranking.py)."""

from __future__ import annotations

import importlib.util
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import literal, select, text, update

from tests.factories import PASSWORD, MunicipalityFactory, NeighbourhoodFactory, moderator, resident
from tests.review.conftest import contribute
from wijkplatform.accounts import personal_data
from wijkplatform.contributions import services as contribution_services
from wijkplatform.contributions.models import Contribution
from wijkplatform.contributions.queries import visible
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.review import queries, ranking, tallies
from wijkplatform.review.models import ReviewParticipant, ReviewReach
from wijkplatform.review.queries.contributions import _wilson_sql

PEOPLE = 5
CONTRIBUTIONS = 6
MIGRATION = Path(__file__).parents[2] / "migrations/versions"


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


# --- The database scores as Python does ------------------------------------------------


def _scored_in_sql(successes: int, trials: int) -> float:
    return db.session.scalar(select(_wilson_sql(literal(successes), literal(trials))))


def test_the_database_scores_small_numbers_exactly_as_python():
    """Bit for bit, so the database's order is the order of the scores the page shows
    (ties included: equal numbers of supports and residents give equal scores)."""
    pairs = [(s, n) for n in range(1, 41) for s in range(1, n + 1)]
    for successes, trials in pairs:
        assert _scored_in_sql(successes, trials) == ranking.wilson_lower_bound(successes, trials), (
            successes,
            trials,
        )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(successes=st.integers(1, 200_000), extra=st.integers(0, 2_000_000))
def test_the_database_scores_any_numbers_exactly_as_python(successes, extra):
    trials = successes + extra
    assert _scored_in_sql(successes, trials) == ranking.wilson_lower_bound(successes, trials)


# --- The stored reach and the ranking are the definition, whatever happens --------------


def stored_reach(neighbourhood) -> dict:
    return {
        str(week): (people, since)
        for week, people, since in db.session.execute(
            select(ReviewReach.week, ReviewReach.people, ReviewReach.since).where(
                ReviewReach.neighbourhood_id == neighbourhood.id
            )
        )
    }


def last_weeks(neighbourhood) -> dict[int, str]:
    """Each participant's last week in the neighbourhood (ReviewParticipant: the weeks
    they took part, the rows the reach summarises)."""
    last: dict[int, str] = {}
    for user_id, week in db.session.execute(
        select(ReviewParticipant.user_id, ReviewParticipant.week).where(
            ReviewParticipant.neighbourhood_id == neighbourhood.id
        )
    ):
        last[user_id] = max(last.get(user_id, str(week)), str(week))
    return last


def reach_is_the_definition(neighbourhood) -> None:
    """Every stored week: `people` the participants whose last week it is, `since` those
    whose last week is it or later; every last week has its row."""
    last = last_weeks(neighbourhood)
    stored = stored_reach(neighbourhood)
    people = Counter(last.values())
    assert {week: n for week, (n, _) in stored.items() if n} == dict(people)
    for week, (_, since) in stored.items():
        assert since == sum(1 for w in last.values() if w >= week), week


def live_fair_ranking(neighbourhoods) -> list[tuple[int, float, int]]:
    """The definition in Python, from the rows: per neighbourhood the most supported visible
    contributions (supports, then newest), each scored by its supports against the residents
    whose last week is the week it was written or later."""
    scored = []
    for neighbourhood in neighbourhoods:
        last = last_weeks(neighbourhood)
        candidates = db.session.scalars(
            select(Contribution)
            .where(
                Contribution.neighbourhood_id == neighbourhood.id,
                visible(),
                Contribution.support_count > 0,
            )
            .order_by(
                Contribution.support_count.desc(),
                Contribution.created_at.desc(),
                Contribution.id.desc(),
            )
            .limit(queries.FAIR_CANDIDATES_PER_NEIGHBOURHOOD)
        )
        for c in candidates:
            written = str(tallies.week_of(c.created_at))
            since = sum(1 for week in last.values() if week >= written)
            score = ranking.wilson_lower_bound(c.support_count, max(since, c.support_count))
            scored.append((score, c.support_count, c.id, since))
    scored.sort(key=lambda row: (-row[0], -row[1], -row[2]))
    return [(contribution_id, score, since) for score, _, contribution_id, since in scored]


class FairRanking(RuleBasedStateMachine):
    """Supports, reactions, people taking part in earlier weeks, hiding, restoring,
    erasure and `review refresh`, in any order, on two neighbourhoods whose contributions
    were written in different weeks; after every step the stored reach and the ranking are
    the definition."""

    def __init__(self):
        super().__init__()
        municipality = MunicipalityFactory()
        self.places = [NeighbourhoodFactory(municipality=municipality) for _ in range(2)]
        self.worker = moderator(self.places[0])
        self.people = [resident(self.places[n % 2]) for n in range(PEOPLE)]
        # Each written by a resident of its neighbourhood (person n lives in place n % 2).
        self.contributions = [
            contribute(
                self.people[n % 2 + 2 * (n // 2 % 2)], self.places[n % 2], f"Vraag nummer {n}"
            )
            for n in range(CONTRIBUTIONS)
        ]
        # Written over the last weeks, counted as `review refresh` would count them.
        now = utcnow()
        for n, contribution in enumerate(self.contributions):
            contribution.created_at = now - timedelta(weeks=n % 4, days=n)
        db.session.flush()
        tallies.refresh_all()
        db.session.commit()

    def _do(self, action) -> None:
        try:
            action()
        except DomainError:
            db.session.rollback()
        else:
            db.session.commit()

    def _person(self, number):
        person = self.people[number]
        return None if person.erased_at is not None else person

    @rule(
        person=st.integers(0, PEOPLE - 1), which=st.integers(0, CONTRIBUTIONS - 1), on=st.booleans()
    )
    def support(self, person, which, on):
        if user := self._person(person):
            self._do(lambda: contribution_services.set_support(user, self.contributions[which], on))

    @rule(person=st.integers(0, PEOPLE - 1), which=st.integers(0, CONTRIBUTIONS - 1))
    def react(self, person, which):
        if user := self._person(person):
            self._do(
                lambda: contribution_services.add_comment(
                    user, self.contributions[which], body="Dat zie ik ook zo."
                )
            )

    @rule(person=st.integers(0, PEOPLE - 1), weeks_ago=st.integers(0, 5))
    def took_part_earlier(self, person, weeks_ago):
        """As an import or a refresh would count an earlier week."""
        if user := self._person(person):
            week = tallies.week_of(utcnow()) - timedelta(weeks=weeks_ago)
            tallies._took_part(user, self.places[person % 2], week)
            db.session.commit()

    @rule(which=st.integers(0, CONTRIBUTIONS - 1), hide=st.booleans())
    def moderate(self, which, hide):
        contribution = self.contributions[which]
        worker = moderator(contribution.neighbourhood)
        if hide and not contribution.hidden:
            self._do(lambda: moderation_services.hide(worker, contribution, reason="Scheldwoord"))
        elif not hide and contribution.hidden:
            self._do(lambda: moderation_services.restore(worker, contribution))

    @rule(person=st.integers(0, PEOPLE - 1))
    def erase(self, person):
        if user := self._person(person):
            self._do(lambda: personal_data.erase_account(user, password=PASSWORD))

    @rule()
    def refresh(self):
        tallies.refresh_all()
        db.session.commit()

    @invariant()
    def stored_reach_and_ranking_are_the_definition(self):
        for place in self.places:
            reach_is_the_definition(place)
        # The comparison's residents taking part: everyone with a last week there.
        overview = queries.overview(self.places[0].municipality)
        assert {f.neighbourhood.id: f.counts["participants"] for f in overview} == {
            place.id: len(last_weeks(place)) for place in self.places
        }
        ids = [p.id for p in self.places]
        live = live_fair_ranking(self.places)
        ranked = queries.fair_ranking(ids, limit=100)
        assert [(r.contribution.id, r.score, r.participants) for r in ranked] == live
        # The page's lines: the same order and figures, with what a line shows.
        lines = queries.fair_ranking_lines(ids, limit=100)
        assert [(line.id, line.score, line.participants) for line in lines] == live
        assert [(line.title, line.support_count) for line in lines] == [
            (r.contribution.title, r.contribution.support_count) for r in ranked
        ]
        assert queries.fair_ranking_lines(ids, limit=3) == lines[:3]


def test_the_stored_reach_and_the_ranking_stay_the_definition_whatever_happens(app):
    run_state_machine_as_test(
        FairRanking,
        settings=settings(
            max_examples=15,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


def test_the_machine_can_fail(app):
    """Guard against a machine that checks nothing: a stored `since` changed behind the
    services' back is caught, and so is a ranking that no longer follows it."""
    machine = FairRanking()
    machine.support(1, 0, True)
    machine.took_part_earlier(3, 2)
    machine.stored_reach_and_ranking_are_the_definition()
    place = machine.places[0]
    db.session.execute(
        update(ReviewReach)
        .where(ReviewReach.neighbourhood_id == place.id)
        .values(since=ReviewReach.since + 7)
    )
    with pytest.raises(AssertionError):
        reach_is_the_definition(place)
    with pytest.raises(AssertionError):
        machine.stored_reach_and_ranking_are_the_definition()


def test_a_newcomer_and_a_returning_resident_move_the_reach_of_the_weeks_between():
    wijk = NeighbourhoodFactory()
    author, fan, newcomer = resident(wijk), resident(wijk), resident(wijk)
    item = contribute(author, wijk, "Meer bankjes in het park")
    this_week = tallies.week_of(utcnow())
    weeks = [this_week - timedelta(weeks=n) for n in range(4)]
    tallies._took_part(fan, wijk, weeks[3])
    tallies._took_part(newcomer, wijk, weeks[1])
    # author this week; newcomer last in week 1; fan last in week 3
    assert stored_reach(wijk) == {
        str(weeks[0]): (1, 1),
        str(weeks[1]): (1, 2),
        str(weeks[3]): (1, 3),
    }
    contribution_services.set_support(fan, item, True)  # the fan moves to this week
    assert stored_reach(wijk) == {
        str(weeks[0]): (2, 2),
        str(weeks[1]): (1, 3),
        str(weeks[3]): (0, 3),
    }
    tallies._took_part(author, wijk, weeks[2])  # an earlier week: this week stays the last
    assert stored_reach(wijk)[str(weeks[0])] == (2, 2)
    reach_is_the_definition(wijk)
    personal_data.erase_account(fan, password=PASSWORD)
    reach_is_the_definition(wijk)
    assert stored_reach(wijk)[str(weeks[3])] == (0, 2)


def test_the_migration_fills_since_as_the_events_keep_it():
    """The migration's UPDATE (4e8a1c7d2b90) on the rows the events wrote gives the same
    `since` as the events did."""
    wijk = NeighbourhoodFactory()
    people = [resident(wijk) for _ in range(4)]
    this_week = tallies.week_of(utcnow())
    for n, person in enumerate(people):
        tallies._took_part(person, wijk, this_week - timedelta(weeks=2 * n))
    before = stored_reach(wijk)
    db.session.execute(update(ReviewReach).values(since=0))
    path = next(MIGRATION.glob("*_4e8a1c7d2b90_review_reach_since.py"))
    spec = importlib.util.spec_from_file_location("reach_since_migration", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    db.session.execute(text(migration.FILL_SINCE))
    assert stored_reach(wijk) == before
    assert sorted(since for _, since in before.values()) == [1, 2, 3, 4]
