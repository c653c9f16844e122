""" "My input" (/account/contributions): every own contribution with its state and latest
step, hidden and merged ones too, and a trail from the sentence a resident wrote to what
the municipality decided (issue 17)."""

from __future__ import annotations

import re

from tests.factories import resident
from tests.opgaven.conftest import TODAY, draft, make_world
from wijkplatform.contributions import services as contribution_services
from wijkplatform.contributions.models import ContributionKind
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation
from wijkplatform.opgaven import services as opgaven


def _item(page: str, contribution_id: int) -> str:
    match = re.search(
        rf'<li class="my-input__item" id="my-input-{contribution_id}">(.*?)</details>|'
        rf'<li class="my-input__item" id="my-input-{contribution_id}">(.*?)</li>',
        page,
        re.S,
    )
    assert match, f"contribution {contribution_id} is not on the page"
    return match.group(1) or match.group(2)


def test_a_hidden_contribution_stays_in_view_for_its_author_with_the_reason(app, client, login):
    world = make_world()
    moderation.hide(world.moderator, world.issue, reason="Er staat een telefoonnummer in.")
    db.session.commit()
    login(world.author)

    page = client.get(f"/contributions/{world.issue.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Een wijkwerker heeft je bijdrage verborgen." in html
    assert "Er staat een telefoonnummer in." in html

    mine = client.get("/account/contributions").get_data(as_text=True)
    item = _item(mine, world.issue.id)
    assert "verborgen door een wijkwerker" in item
    assert "Er staat een telefoonnummer in." in item


def test_a_hidden_contribution_is_still_404_for_other_residents(app, client, login):
    world = make_world()
    moderation.hide(world.moderator, world.issue, reason="Persoonlijk.")
    db.session.commit()
    login(world.resident)
    assert client.get(f"/contributions/{world.issue.id}").status_code == 404


def test_a_merged_contribution_says_into_which_and_why(app, client, login):
    world = make_world()
    other = resident(world.neighbourhood, display_name="Tweede")
    duplicate = contribution_services.create_contribution(
        other,
        neighbourhood=world.neighbourhood,
        kind=ContributionKind.ISSUE,
        title="Eenzame ouderen in de flats",
        body="Veel ouderen zijn alleen.",
        categories=["loneliness"],
    )
    moderation.merge(world.moderator, duplicate, world.issue, reason="Zelfde vraag als hier.")
    db.session.commit()
    login(other)
    item = _item(client.get("/account/contributions").get_data(as_text=True), duplicate.id)
    assert "samengevoegd met een andere bijdrage" in item
    assert "Samengevoegd met “Ouderen in de wijk zijn eenzaam”" in item
    assert "Zelfde vraag als hier." in item
    assert f'href="/contributions/{world.issue.id}"' in item


def test_the_trail_follows_a_contribution_to_the_municipalitys_decision(app, client, login):
    world = make_world()
    moderation.answer(world.moderator, world.issue, status="under_consideration", body="We kijken.")
    opgave = draft(world)
    opgaven.link_evidence(world.moderator, opgave, world.issue, section="problems")
    opgaven.submit(world.moderator, opgave)
    opgaven.accept(world.reviewer, opgave)
    db.session.commit()
    login(world.author)

    item = _item(client.get("/account/contributions").get_data(as_text=True), world.issue.id)
    steps = re.findall(r"<li>[^:]+: (?:<a [^>]+>)?([^<]+)", item)
    assert steps == [
        "Je schreef deze bijdrage.",
        "Een wijkwerker gaf antwoord. Status: wordt bekeken.",
        "Gebruikt als onderbouwing in de opgave “Opgave Oude Haven 2027”, in het deel “Problemen”.",
        "De opgave “Opgave Oude Haven 2027” is naar de gemeente gegaan.",
        "De gemeente heeft de opgave “Opgave Oude Haven 2027” aangenomen.",
    ]
    assert "Laatste: De gemeente heeft de opgave" in item


def test_evidence_on_a_draft_is_not_in_the_trail_yet(app, client, login):
    world = make_world()
    opgave = draft(world)
    opgaven.link_evidence(world.moderator, opgave, world.issue, section="problems")
    db.session.commit()
    login(world.author)
    item = _item(client.get("/account/contributions").get_data(as_text=True), world.issue.id)
    assert "opgave" not in item.lower()
    opgaven.open_reactions(world.moderator, opgave, until=TODAY.replace(day=30), today=TODAY)
    db.session.commit()
    item = _item(client.get("/account/contributions").get_data(as_text=True), world.issue.id)
    assert "Gebruikt als onderbouwing" in item


def test_the_page_runs_a_fixed_number_of_queries(app, client, login, count_queries):
    world = make_world()
    login(world.author)
    client.get("/account/contributions")
    with count_queries() as few:
        client.get("/account/contributions")
    opgave = draft(world)
    for number in range(8):
        contribution = contribution_services.create_contribution(
            world.author,
            neighbourhood=world.neighbourhood,
            kind=ContributionKind.ISSUE,
            title=f"Nog een vraagstuk nummer {number}",
            body="Tekst.",
            categories=["loneliness"],
        )
        moderation.answer(world.moderator, contribution, status="answered", body="Ja.")
        opgaven.link_evidence(world.moderator, opgave, contribution, section="problems")
    opgaven.submit(world.moderator, opgave)
    db.session.commit()
    with count_queries() as many:
        client.get("/account/contributions")
    assert len(many) == len(few) + 1  # the Opgave decisions, once there is evidence


def test_the_author_fixes_a_hidden_contribution_and_the_worker_gets_a_link_to_decide(
    app, client, login
):
    world = make_world()
    moderation.hide(world.moderator, world.issue, reason="Er staat een adres in.")
    db.session.commit()
    login(world.author)
    page = client.get(f"/contributions/{world.issue.id}").get_data(as_text=True)
    assert f'href="/contributions/{world.issue.id}/edit"' in page
    response = client.post(
        f"/contributions/{world.issue.id}/edit",
        data={
            "title": "Ouderen in de wijk zijn eenzaam",
            "body": "Veel ouderen zijn alleen.",
            "categories": ["loneliness"],
        },
    )
    assert response.status_code == 302

    login(world.moderator)
    notifications = client.get("/notifications/").get_data(as_text=True)
    assert "vraagt je er opnieuw naar te kijken" in notifications
    assert f'href="/moderation/oude-haven/contribution/{world.issue.id}"' in notifications


def test_the_author_opening_a_merged_contribution_is_told_where_to_read_why(app, client, login):
    world = make_world()
    duplicate = contribution_services.create_contribution(
        world.resident,
        neighbourhood=world.neighbourhood,
        kind=ContributionKind.ISSUE,
        title="Eenzame ouderen in de flats",
        body="Veel ouderen zijn alleen.",
        categories=["loneliness"],
    )
    moderation.merge(world.moderator, duplicate, world.issue, reason="Zelfde vraag.")
    db.session.commit()
    login(world.resident)
    response = client.get(f"/contributions/{duplicate.id}", follow_redirects=True)
    assert "Je bijdrage is samengevoegd met deze." in response.get_data(as_text=True)
    login(world.author)
    response = client.get(f"/contributions/{duplicate.id}", follow_redirects=True)
    assert "Je bijdrage is samengevoegd" not in response.get_data(as_text=True)


def test_the_trail_ends_at_the_team_designed_on_the_opgave_once_it_is_published(app, client, login):
    from wijkplatform.team_design import services as team_design

    world = make_world()
    opgave = draft(world)
    opgaven.link_evidence(world.moderator, opgave, world.issue, section="problems")
    opgaven.submit(world.moderator, opgave)
    opgaven.accept(world.reviewer, opgave)
    design = team_design.start_design(world.moderator, world.neighbourhood)
    team_design.link_opgave(world.moderator, design, opgave)
    db.session.commit()
    login(world.author)
    step = "Het wijkteam van Oude Haven is ontworpen op de opgave “Opgave Oude Haven 2027”."
    page = client.get("/account/contributions").get_data(as_text=True)
    assert step not in _item(page, world.issue.id)  # not public yet

    team_design.publish(world.moderator, design)
    db.session.commit()
    item = _item(client.get("/account/contributions").get_data(as_text=True), world.issue.id)
    assert step in item
    assert 'href="/neighbourhoods/oude-haven/team-design/"' in item
    assert f"Laatste: {step}" in item
