"""How authors are shown (issue 14, items 6 and 8): an erased author is a "former resident",
never an empty name; a badge beside a name comes from the person's role in that place, never
from the name they chose; and badges cost no query per comment."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.factories import (
    PASSWORD,
    CommentFactory,
    ContributionFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    moderator,
    resident,
    reviewer,
)
from wijkplatform.accounts import personal_data
from wijkplatform.extensions import db
from wijkplatform.opgaven import services as opgave_services

AUTHOR_NAME = re.compile(r'<strong class="author__name">([^<]*)</strong>')


@pytest.fixture
def place(app):
    municipality = MunicipalityFactory(name="Utrecht")
    lombok = NeighbourhoodFactory(municipality=municipality, name="Lombok", slug="lombok")
    elsewhere = NeighbourhoodFactory(municipality=municipality, slug="zuilen")
    db.session.commit()
    return lombok, elsewhere


def _names(html: str) -> list[str]:
    return AUTHOR_NAME.findall(html)


def test_an_erased_authors_comment_and_contribution_show_former_resident(client, place, login):
    lombok, _ = place
    henk = resident(lombok, display_name="Henk")
    contribution = ContributionFactory(neighbourhood=lombok, author=henk, title="Bankjes erbij")
    CommentFactory(contribution=contribution, author=henk, body="Nog een reactie van mij.")
    db.session.commit()
    personal_data.erase_account(henk, password=PASSWORD)
    login(resident(lombok))

    page = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)

    assert _names(page) == ["voormalig bewoner", "voormalig bewoner"]
    assert 'Door <span class="author"><strong class="author__name">voormalig bewoner' in page
    assert "reactie van voormalig bewoner" in page  # the report link's hidden text


def test_moderation_pages_show_an_erased_author_as_former_resident(client, place, login):
    lombok, _ = place
    henk = resident(lombok, display_name="Henk")
    contribution = ContributionFactory(neighbourhood=lombok, author=henk, title="Bankjes erbij")
    worker = moderator(lombok)
    db.session.commit()
    personal_data.erase_account(henk, password=PASSWORD)
    login(worker)

    page = client.get(f"/moderation/lombok/contribution/{contribution.id}").get_data(as_text=True)

    assert _names(page) == ["voormalig bewoner"]
    assert "De schrijver blokkeren" not in page  # an erased account is nobody to block


def test_an_erased_neighbourhood_worker_shows_as_former_worker_on_the_opgave(client, place):
    lombok, _ = place
    worker = moderator(lombok, display_name="Karim")
    opgave = opgave_services.create_opgave(worker, lombok, title="Opgave Lombok")
    opgave_services.open_reactions(
        worker, opgave, until=date.today() + timedelta(days=10), today=date.today()
    )
    db.session.commit()
    personal_data.erase_account(worker, password=PASSWORD)
    db.session.commit()

    page = client.get(f"/opgaven/{opgave.id}").get_data(as_text=True)

    assert "door een oud-wijkwerker." in page
    assert "\u2013 oud-medewerker" in page  # on the timeline, after a dash
    assert "door ." not in page


def test_badges_come_from_the_role_in_this_neighbourhood_not_from_the_name(client, place):
    lombok, zuilen = place
    worker = moderator(lombok, display_name="Karim")
    official = reviewer(lombok.municipality, display_name="Sanne")
    worker_elsewhere = moderator(zuilen, display_name="Anouk")
    copycat = resident(lombok, display_name="Karim")  # the name alone earns nothing
    contribution = ContributionFactory(neighbourhood=lombok, author=resident(lombok))
    for person in (worker, official, worker_elsewhere, copycat):
        CommentFactory(contribution=contribution, author=person, body=f"Van {person.id}.")
    db.session.commit()

    page = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    badges = {}
    for html in re.findall(r'<li class="comment" id="comment-\d+">(.*?)</li>', page, re.S):
        name = _names(html)[0]
        badges.setdefault(name, []).append(re.findall(r"role-badge--(\w+)", html))

    assert badges["Karim"] == [["neighbourhood_worker"], []]
    assert badges["Sanne"] == [["municipality"]]
    assert badges["Anouk"] == [[]]
    # A word, not only a colour.
    assert "wijkwerker</span>" in page or ">wijkwerker<" in page
    assert "gemeente" in page


def test_a_contribution_for_a_verified_organisation_has_the_badge_beside_the_author(client, place):
    from wijkplatform.accounts import services as account_services
    from wijkplatform.accounts.models import OrganisationStatus

    lombok, _ = place
    member = resident(lombok, display_name="Marieke")
    organisation = account_services.register_organisation(
        member, name="Buurthuis De Kade", kind="neighbourhood", neighbourhood_id=lombok.id,
        offers="Koffie.", contact="030-1234567",
    )  # fmt: skip
    pending = ContributionFactory(
        neighbourhood=lombok, author=member, organisation=organisation, title="Koffie en thee"
    )
    db.session.commit()
    before = client.get(f"/contributions/{pending.id}").get_data(as_text=True)
    organisation.status = OrganisationStatus.VERIFIED
    db.session.commit()
    after = client.get(f"/contributions/{pending.id}").get_data(as_text=True)

    assert "role-badge--verified_organisation" not in before
    assert "role-badge--verified_organisation" in after


def test_badges_cost_no_query_per_comment(client, place, count_queries):
    lombok, _ = place
    municipality = lombok.municipality
    contribution = ContributionFactory(neighbourhood=lombok, author=resident(lombok))

    def add_comments(number):
        for n in range(number):
            person = (moderator, resident, lambda nb: reviewer(municipality))[n % 3](lombok)
            CommentFactory(contribution=contribution, author=person, body=f"Reactie {n}.")
        db.session.commit()

    add_comments(3)
    with count_queries() as few:
        client.get(f"/contributions/{contribution.id}")
    add_comments(27)
    with count_queries() as many:
        page = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)

    assert page.count("role-badge--neighbourhood_worker") == 10
    assert len(many) == len(few)
