"""Who takes part: the optional age group and years in the neighbourhood, compared with the
area profile; groups under 10 are never shown on their own."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.factories import PASSWORD, NeighbourhoodFactory, resident
from wijkplatform.accounts.models import Membership, Role, User
from wijkplatform.accounts.personal_data import erase_account, export_account
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import AreaProfile, IndicatorValue
from wijkplatform.review import queries

AGES = {
    "age_15_24_pct": 20.0,
    "age_25_44_pct": 30.0,
    "age_45_64_pct": 30.0,
    "age_65_plus_pct": 20.0,
}


def _give_ages(scene) -> None:
    for profile in db.session.scalars(select(AreaProfile)):
        profile.values.extend(IndicatorValue(key=k, status="ok", value=v) for k, v in AGES.items())
    people = list(
        db.session.scalars(
            select(User)
            .join(Membership)
            .where(Membership.neighbourhood_id == scene.large.id, Membership.role == Role.RESIDENT)
            .order_by(User.id)
        )
    )
    for person in people[:11]:
        person.age_group = "45_64"
        person.years_here = "more_than_10"
    people[11].age_group = "15_24"
    db.session.commit()


def test_groups_under_ten_are_not_shown_and_are_named_as_missing(scene, app):
    _give_ages(scene)
    with app.test_request_context():
        who = queries.who_takes_part([scene.large, scene.small])
    ages = {row.key: row for row in who.ages}
    assert ages["45_64"].shown and ages["45_64"].participants == 11
    assert not ages["15_24"].shown
    assert not who.shares_shown and all(row.participant_share is None for row in who.ages)
    assert ages["25_44"].population_share == 0.3
    assert {row.key for row in who.missing} == {"15_24", "25_44", "65_plus"}
    assert {row.key: row.shown for row in who.years}["more_than_10"]


def test_review_page_says_which_groups_are_missing_without_small_numbers(scene, client, login):
    _give_ages(scene)
    login(scene.reviewer)
    html = client.get("/review/").get_data(as_text=True)
    assert 'id="review-who-missing"' in html
    row = re.search(r'id="review-who-age-15_24">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r'<td class="utrecht-table__cell">(.*?)</td>', row, re.S)
    assert cells[1].strip() == "minder dan 10"  # not the 1 person it is
    row = re.search(r'id="review-who-age-45_64">(.*?)</tr>', html, re.S).group(1)
    assert ">11<" in row


def test_resident_gives_and_removes_age_group_and_years(client, login, app):
    person = resident(NeighbourhoodFactory())
    db.session.commit()
    login(person)
    page = client.get("/account/about-you")
    assert page.status_code == 200 and 'name="age_group"' in page.get_data(as_text=True)
    response = client.post(
        "/account/about-you", data={"age_group": "25_44", "years_here": "less_than_2"}
    )
    assert response.status_code == 302
    db.session.refresh(person)
    assert (person.age_group, person.years_here) == ("25_44", "less_than_2")
    with app.test_request_context():
        assert export_account(person)["age_group"] == "25_44"
    client.post("/account/about-you", data={"age_group": "", "years_here": ""})
    db.session.refresh(person)
    assert person.age_group is None and person.years_here is None


def test_unknown_age_group_is_refused_beside_the_field_and_nothing_is_saved(client, login):
    person = resident(NeighbourhoodFactory())
    db.session.commit()
    login(person)
    response = client.post(
        "/account/about-you", data={"age_group": "12_14", "years_here": "2_to_10"}
    )
    assert response.status_code == 422
    assert 'id="age_group-error"' in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.age_group is None and person.years_here is None


def test_erasure_removes_age_group_and_years(app):
    person = resident(NeighbourhoodFactory(), age_group="65_plus", years_here="2_to_10")
    db.session.commit()
    with app.test_request_context():
        erase_account(person, password=PASSWORD)
    assert person.age_group is None and person.years_here is None
