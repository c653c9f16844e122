"""What residents raise and the social map, on the neighbourhood page and in the API."""

from __future__ import annotations

import pytest

from tests.factories import NeighbourhoodFactory, resident
from wijkplatform.contributions import area, services
from wijkplatform.contributions.models import ContributionKind
from wijkplatform.extensions import db


def _post(author, neighbourhood, kind, title, categories, **extra):
    return services.create_contribution(
        author,
        neighbourhood=neighbourhood,
        kind=kind,
        title=title,
        body="Tekst.",
        categories=categories,
        **extra,
    )


@pytest.fixture
def neighbourhood(app):
    return NeighbourhoodFactory(name="Oude Haven", slug="oude-haven")


@pytest.fixture
def author(neighbourhood):
    return resident(neighbourhood)


def test_topics_count_each_kind_per_subject_and_show_gaps(neighbourhood, author):
    for title in ("Ouderen eten alleen", "Niemand komt langs"):
        _post(author, neighbourhood, ContributionKind.ISSUE, title, ["loneliness"])
    _post(author, neighbourhood, ContributionKind.ISSUE, "Schulden", ["debt_money"])
    _post(author, neighbourhood, ContributionKind.RESOURCE, "Schuldhulp maatje", ["debt_money"])
    _post(author, neighbourhood, ContributionKind.POTENTIAL, "Leeg schoolgebouw", ["community"])
    db.session.commit()

    topics = area.raised_topics(neighbourhood.id)
    rows = {row.category: row for row in topics.rows}
    assert rows["loneliness"].counts == {"issue": 2, "resource": 0, "potential": 0}
    assert rows["debt_money"].counts == {"issue": 1, "resource": 1, "potential": 0}
    assert [row.category for row in topics.gaps] == ["loneliness"]
    assert topics.rows[0].category == "loneliness"  # most raised first


def test_hidden_and_withdrawn_contributions_are_not_counted(neighbourhood, author):
    shown = _post(author, neighbourhood, ContributionKind.RESOURCE, "Buurthuis", ["community"])
    hidden = _post(author, neighbourhood, ContributionKind.RESOURCE, "Verborgen", ["community"])
    withdrawn = _post(author, neighbourhood, ContributionKind.RESOURCE, "Weggehaald", ["community"])
    hidden.hidden = True
    services.withdraw_contribution(author, withdrawn)
    db.session.commit()

    rows = {row.category: row for row in area.raised_topics(neighbourhood.id).rows}
    assert rows["community"].counts["resource"] == 1
    assert [r.id for r in area.social_map(neighbourhood.id).resources] == [shown.id]


def test_neighbourhood_page_shows_topics_gaps_and_social_map(client, neighbourhood, author):
    for title in ("Ouderen eten alleen", "Niemand komt langs"):
        _post(author, neighbourhood, ContributionKind.ISSUE, title, ["loneliness"])
    _post(
        author, neighbourhood, ContributionKind.RESOURCE, "Voedselbank bij de moskee",
        ["debt_money"], place="Havenstraat 4",
    )  # fmt: skip
    db.session.commit()

    html = client.get("/neighbourhoods/oude-haven/").get_data(as_text=True)
    assert 'id="raised-topics"' in html and 'id="social-map"' in html
    assert "Eenzaamheid en sociaal contact" in html
    assert "Wat ontbreekt:" in html
    assert "2 vraagstukken over “Eenzaamheid en sociaal contact”" in html
    assert "Voedselbank bij de moskee" in html and "Havenstraat 4" in html


def test_empty_neighbourhood_says_nothing_was_posted_yet(client, neighbourhood):
    db.session.commit()
    html = client.get("/neighbourhoods/oude-haven/").get_data(as_text=True)
    assert 'id="raised-topics"' in html
    assert 'id="topic-' not in html


def test_neighbourhood_page_queries_stay_fixed_whatever_the_number_of_contributions(
    client, neighbourhood, author, count_queries
):
    _post(author, neighbourhood, ContributionKind.RESOURCE, "Eerste", ["community"])
    db.session.commit()
    with count_queries() as few:
        client.get("/neighbourhoods/oude-haven/")
    for number in range(15):
        _post(author, neighbourhood, ContributionKind.RESOURCE, f"Hulpbron {number}", ["work"])
        _post(author, neighbourhood, ContributionKind.ISSUE, f"Vraag {number}", ["housing"])
    db.session.commit()
    with count_queries() as many:
        client.get("/neighbourhoods/oude-haven/")
    assert len(few) == len(many)


def test_social_map_lists_verified_organisations_but_not_pending_ones(
    client, neighbourhood, author
):
    from tests.factories import moderator
    from wijkplatform.accounts import services as account_services
    from wijkplatform.moderation import services as moderation_services

    kade = account_services.register_organisation(
        author, name="Buurthuis De Kade", kind="neighbourhood", neighbourhood_id=neighbourhood.id,
        offers="Koffie en een luisterend oor.", contact="Kade 1", kvk_number="",
    )  # fmt: skip
    account_services.register_organisation(
        author, name="Taalcafé Wacht", kind="association", neighbourhood_id=neighbourhood.id,
        offers="Nederlands oefenen.", contact="Plein 2", kvk_number="",
    )  # fmt: skip
    moderation_services.verify_organisation(moderator(neighbourhood), kade)
    db.session.commit()

    html = client.get("/neighbourhoods/oude-haven/").get_data(as_text=True)
    assert "Buurthuis De Kade" in html and "Koffie en een luisterend oor." in html
    assert "Taalcafé Wacht" not in html
    data = client.get("/api/v1/neighbourhoods/oude-haven/social-map").get_json()
    assert [o["name"] for o in data["organisations"]] == ["Buurthuis De Kade"]
