"""Issue 14, item 7: who counts. Anyone may support, but the residents behind an Opgave, the
reactions to it and the support per subject in the area analysis count only residents of the
neighbourhood with a confirmed address and an account at least three days old; each place
that shows such a number says so, and the API and the exports give the same numbers."""

from __future__ import annotations

import pytest

from tests.factories import resident
from tests.opgaven.conftest import TODAY, open_for_reactions
from wijkplatform.contributions import area
from wijkplatform.contributions import services as contribution_services
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.opgaven import queries, services

RULE = (
    "Mee tellen bewoners van Oude Haven met een bevestigd e-mailadres en een account van "
    "minstens 3 dagen oud."
)


def _text(response) -> str:
    return response.get_data(as_text=True)


def _fresh(neighbourhood):
    return resident(neighbourhood, created_at=utcnow(), email_confirmed_at=utcnow())


def _not_counting(world) -> list:
    """Supporters or reactors who do not count in Oude Haven."""
    return [
        _fresh(world.neighbourhood),
        resident(world.other_neighbourhood),
        resident(world.neighbourhood, email_confirmed_at=None),
    ]


def _supported_evidence(world):
    """The issue is supported by two residents who count and three people who do not."""
    opgave = open_for_reactions(world)
    counting = [resident(world.neighbourhood) for _ in range(2)]
    for person in counting + _not_counting(world):
        contribution_services.set_support(person, world.issue, True)
    services.link_evidence(world.moderator, opgave, world.issue)
    db.session.commit()
    return opgave


def test_residents_behind_an_opgave_are_residents_who_count(world):
    opgave = _supported_evidence(world)
    assert world.issue.support_count == 5  # anyone may support
    assert queries.evidence(opgave).residents_behind == 3  # the author and two residents


def test_reactions_of_people_who_do_not_count_are_not_in_the_results(world):
    opgave = open_for_reactions(world)
    puppet = _fresh(world.neighbourhood)
    unconfirmed = resident(world.neighbourhood, email_confirmed_at=None)
    for person in (world.resident, resident(world.neighbourhood), puppet, unconfirmed):
        services.react(person, opgave, {"whole": ("no", "")}, today=TODAY)
    assert queries.residents_reacted(opgave) == 2
    whole = {r.section: r for r in queries.reaction_results(opgave)}["whole"]
    assert whole.counts == {"yes": 0, "partly": 0, "no": 2}
    # The new resident still sees their own answer.
    assert queries.own_reactions(puppet, opgave)["whole"].answer.value == "no"


def test_opgave_page_print_and_export_say_who_counts_next_to_the_count(world, client):
    opgave = _supported_evidence(world)
    page = _text(client.get(f"/opgaven/{opgave.id}"))
    assert "3 bewoners staan achter dit concept" in page
    assert RULE in page
    assert RULE in _text(client.get(f"/opgaven/{opgave.id}/print"))
    exported = _text(client.get(f"/opgaven/{opgave.id}/export.md"))
    assert ": 3\n" in exported.split("Bewoners die erachter staan")[1][:5]
    assert RULE in exported


def test_the_api_gives_the_same_number_and_says_who_counts(world, client):
    opgave = _supported_evidence(world)
    payload = client.get(f"/api/v1/opgaven/{opgave.id}").get_json()
    assert payload["residents_behind"] == 3
    document = client.get("/api/v1/openapi.json").get_json()
    described = document["components"]["schemas"]["Opgave"]["properties"]
    assert "at least 3 days old" in described["residents_behind"]["description"]


@pytest.mark.parametrize("days", [0, 10])
def test_the_minimum_account_age_is_one_setting_for_every_count(world, app, days):
    app.config["RESIDENT_MIN_ACCOUNT_AGE_DAYS"] = days
    opgave = _supported_evidence(world)
    # Ten days: the factory's 30-day-old accounts still count; nought days: the fresh one too.
    assert queries.evidence(opgave).residents_behind == (4 if days == 0 else 3)


def test_area_analysis_support_counts_residents_who_count(world, client):
    for person in [resident(world.neighbourhood) for _ in range(2)] + _not_counting(world):
        contribution_services.set_support(person, world.issue, True)
    db.session.commit()
    rows = {row.category: row for row in area.raised_topics(world.neighbourhood.id).rows}
    assert rows["loneliness"].support["issue"] == 2
    page = _text(client.get("/neighbourhoods/oude-haven/"))
    assert RULE in page
    topics = client.get("/api/v1/neighbourhoods/oude-haven/raised-topics").get_json()
    loneliness = next(t for t in topics["topics"] if t["category"] == "loneliness")
    assert loneliness["support"]["issue"] == 2


def test_an_erased_residents_reaction_stays_in_the_results_as_a_count(world):
    opgave = open_for_reactions(world)
    leaving = resident(world.neighbourhood)
    for person in (world.resident, leaving, _fresh(world.neighbourhood)):
        services.react(person, opgave, {"whole": ("partly", "")}, today=TODAY)
    services.erase_reactions(leaving)
    db.session.commit()
    whole = {r.section: r for r in queries.reaction_results(opgave)}["whole"]
    # Two answers count (the erased one too); the new account's answer does not.
    assert whole.counts == {"yes": 0, "partly": 2, "no": 0}
    # The erased answer has no person any more, so only one resident is still known.
    assert queries.residents_reacted(opgave) == 1
