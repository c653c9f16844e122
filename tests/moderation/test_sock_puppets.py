"""Issue 14, item 3: fresh accounts and people from elsewhere cannot hide a contribution the
neighbourhood supports. Only reports from residents who count hide an item, the number
needed grows with their support, and a reason a worker already decided on does not hide it
again. Every report still reaches the queue, where the worker sees the puppets.

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory, membership, resident
from wijkplatform.accounts.models import Role
from wijkplatform.contributions import services as contribution_services
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.moderation import services

REASONS = ["offensive", "spam", "off_topic", "personal_data"]


def _fresh_resident(neighbourhood):
    """Made a minute ago, address confirmed: what a puppet costs."""
    return resident(neighbourhood, created_at=utcnow(), email_confirmed_at=utcnow())


def _supported_by_ten(world):
    for _ in range(10):
        contribution_services.set_support(resident(world.neighbourhood), world.contribution, True)
    db.session.commit()


def _report(people, target, reasons=REASONS):
    for number, person in enumerate(people):
        services.flag(person, target, reason=reasons[number % len(reasons)])


@pytest.mark.parametrize("puppets", [3, 10])
def test_fresh_accounts_cannot_hide_a_contribution_ten_residents_support(world, puppets):
    _supported_by_ten(world)
    _report([_fresh_resident(world.neighbourhood) for _ in range(puppets)], world.contribution)
    assert not world.contribution.hidden
    assert services.active_flag_count("contribution", world.contribution.id) == puppets


@pytest.mark.parametrize("puppets", [3, 10])
def test_fresh_accounts_cannot_hide_even_an_unsupported_contribution(world, puppets):
    _report([_fresh_resident(world.neighbourhood) for _ in range(puppets)], world.contribution)
    assert not world.contribution.hidden


def test_established_accounts_from_another_neighbourhood_cannot_hide_it(world):
    _supported_by_ten(world)
    _report([resident(world.other_neighbourhood) for _ in range(10)], world.contribution)
    assert not world.contribution.hidden


def test_residents_with_an_unconfirmed_address_do_not_count(world):
    people = [resident(world.neighbourhood, email_confirmed_at=None) for _ in range(5)]
    _report(people, world.contribution)
    assert not world.contribution.hidden


def test_residents_who_count_hide_it_at_the_threshold_their_support_raised(world):
    _supported_by_ten(world)
    assert services.hide_threshold(world.contribution) == 5  # 3 + 10 // 5
    residents = [resident(world.neighbourhood) for _ in range(5)]
    _report(residents[:4], world.contribution)
    assert not world.contribution.hidden
    _report(residents[4:], world.contribution)
    assert world.contribution.hidden


def test_puppet_reports_do_not_add_up_with_real_ones(world):
    _report([_fresh_resident(world.neighbourhood) for _ in range(10)], world.contribution)
    _report([resident(world.neighbourhood) for _ in range(2)], world.contribution)
    assert not world.contribution.hidden
    assert services.counting_flag_count("contribution", world.contribution.id) == 2


def test_puppets_supporting_do_not_protect_an_item_either(world):
    for _ in range(10):
        contribution_services.set_support(
            _fresh_resident(world.neighbourhood), world.contribution, True
        )
        contribution_services.set_support(
            resident(world.other_neighbourhood), world.contribution, True
        )
    assert services.hide_threshold(world.contribution) == 3
    _report([resident(world.neighbourhood) for _ in range(3)], world.contribution)
    assert world.contribution.hidden


def test_a_restored_item_is_not_hidden_again_for_the_reasons_already_decided(world):
    first = [resident(world.neighbourhood) for _ in range(3)]
    _report(first, world.contribution, reasons=["offensive", "spam"])
    assert world.contribution.hidden
    services.restore(world.moderator, world.contribution, reason="Niets mis mee")

    again = [resident(world.neighbourhood) for _ in range(4)]
    _report(again, world.contribution, reasons=["offensive", "spam"])
    assert not world.contribution.hidden
    assert services.active_flag_count("contribution", world.contribution.id) == 4
    assert services.counting_flag_count("contribution", world.contribution.id) == 0

    # A reason nobody decided on yet still counts.
    _report([resident(world.neighbourhood) for _ in range(3)], world.contribution,
            reasons=["personal_data"])  # fmt: skip
    assert world.contribution.hidden


def test_reasons_set_aside_by_a_worker_do_not_hide_a_reaction_later(world):
    _report([resident(world.neighbourhood) for _ in range(2)], world.comment, reasons=["spam"])
    services.dismiss_flags(world.moderator, world.comment, reason="Geen spam")
    _report([resident(world.neighbourhood) for _ in range(3)], world.comment, reasons=["spam"])
    assert not world.comment.hidden


def test_each_report_remembers_why_it_does_not_count(world):
    from wijkplatform.moderation.models import FlagNotCounted

    puppet = _fresh_resident(world.neighbourhood)
    elsewhere = resident(world.other_neighbourhood)
    unconfirmed = resident(world.neighbourhood, email_confirmed_at=None)
    worker = world.moderator
    reports = {
        person: services.flag(person, world.contribution, reason="spam")
        for person in (puppet, elsewhere, unconfirmed, worker, world.resident)
    }
    assert reports[puppet].not_counted == FlagNotCounted.NEW_ACCOUNT
    assert reports[elsewhere].not_counted == FlagNotCounted.NOT_RESIDENT
    assert reports[unconfirmed].not_counted == FlagNotCounted.UNCONFIRMED
    assert reports[worker].not_counted == FlagNotCounted.NOT_RESIDENT
    assert reports[world.resident].not_counted is None


def test_the_minimum_account_age_is_a_setting(world, app):
    app.config["RESIDENT_MIN_ACCOUNT_AGE_DAYS"] = 0
    _report([_fresh_resident(world.neighbourhood) for _ in range(3)], world.contribution)
    assert world.contribution.hidden


def test_the_support_step_is_a_setting(world, app):
    app.config["FLAG_SUPPORTERS_PER_EXTRA_REPORT"] = 2
    _supported_by_ten(world)
    assert services.hide_threshold(world.contribution) == 8  # 3 + 10 // 2


# --- the queue -------------------------------------------------------------------------


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_every_report_reaches_the_queue_and_the_worker_sees_the_puppets(world, client, login):
    _supported_by_ten(world)
    _report([_fresh_resident(world.neighbourhood) for _ in range(3)], world.contribution)
    _report([resident(world.other_neighbourhood)], world.contribution)
    db.session.commit()
    login(world.moderator)
    page = _text(client.get("/moderation/oude-haven/"))
    assert f"moderation-contribution-{world.contribution.id}" in page
    assert "4 meldingen" in page
    assert "3 van de 4 meldingen van accounts jonger dan 7 dagen" in page
    assert "Meldingen die meetellen: 0 van de 5" in page
    assert "Telt niet mee, geen bewoner van deze wijk: 1" in page

    item = _text(client.get(f"/moderation/oude-haven/contribution/{world.contribution.id}"))
    assert item.count("telt niet mee: account te nieuw") == 3
    assert item.count("account 0 dagen oud") == 3
    assert "telt niet mee: geen bewoner van deze wijk" in item


def test_the_item_page_says_which_reasons_a_worker_already_decided(world, client, login):
    _report([resident(world.neighbourhood) for _ in range(3)], world.contribution,
            reasons=["spam"])  # fmt: skip
    services.restore(world.moderator, world.contribution)
    _report([resident(world.neighbourhood)], world.contribution, reasons=["spam"])
    db.session.commit()
    login(world.moderator)
    item = _text(client.get(f"/moderation/oude-haven/contribution/{world.contribution.id}"))
    assert "al naar meldingen gekeken over: Spam of reclame" in item
    assert "telt niet mee: reden al beoordeeld door een wijkwerker" in item


def test_queue_runs_the_same_number_of_queries_with_puppet_clusters(
    world, client, login, count_queries
):
    from tests.factories import ContributionFactory

    login(world.moderator)

    def report_some(number):
        for _ in range(number):
            target = ContributionFactory(neighbourhood=world.neighbourhood)
            contribution_services.set_support(world.resident, target, True)
            _report([_fresh_resident(world.neighbourhood) for _ in range(2)], target)
        db.session.commit()

    def queries_for_queue():
        with count_queries() as statements:
            assert client.get("/moderation/oude-haven/").status_code == 200
        return len(statements)

    report_some(2)
    few = queries_for_queue()
    report_some(5)
    assert queries_for_queue() == few


# --- one rule in Python and in SQL -----------------------------------------------------


def test_counts_as_resident_and_its_sql_agree(world):
    from datetime import timedelta

    from sqlalchemy import select

    from wijkplatform.accounts.models import User
    from wijkplatform.accounts.permissions import (
        counting_residents,
        counts_as_resident,
        counts_as_resident_clause,
        join_counting_residents,
    )

    nb = world.neighbourhood
    just_old_enough = utcnow() - timedelta(days=3, minutes=1)
    people = [
        resident(nb),
        resident(nb, created_at=just_old_enough, email_confirmed_at=just_old_enough),
        _fresh_resident(nb),
        resident(nb, created_at=utcnow() - timedelta(days=2, hours=23)),
        resident(nb, email_confirmed_at=None),
        resident(nb, active=False),
        resident(nb, erased_at=utcnow()),
        resident(world.other_neighbourhood),
        world.moderator,
        UserFactory(),
    ]
    both = UserFactory()
    membership(both, Role.RESIDENT, neighbourhood=world.other_neighbourhood)
    membership(both, Role.RESIDENT, neighbourhood=nb)
    people.append(both)
    db.session.commit()
    ids = [person.id for person in people]
    in_sql = set(
        db.session.scalars(
            select(User.id).where(User.id.in_(ids), User.id.in_(counting_residents(nb.id)))
        )
    )
    as_clause = set(
        db.session.scalars(
            select(User.id).where(User.id.in_(ids), counts_as_resident_clause(User.id, nb.id))
        )
    )
    # The join form counts each person once, also one who stands in both neighbourhoods.
    joined = list(
        db.session.scalars(
            join_counting_residents(select(User.id).where(User.id.in_(ids)), User.id, nb.id)
        )
    )
    in_python = {person.id for person in people if counts_as_resident(person, nb)}
    assert in_python == in_sql == as_clause == set(joined)
    assert len(joined) == len(set(joined))
    assert in_python == {people[0].id, people[1].id, both.id}
