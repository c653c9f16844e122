"""Moderation pages: reports by residents, actions with bad input, what the public and the
author see afterwards, merged pages, organisations in the sign-up path, the log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import resident
from wijkplatform.accounts.models import Organisation, OrganisationStatus
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.moderation import services
from wijkplatform.moderation.models import Flag, ModerationEvent


def _text(response) -> str:
    return response.get_data(as_text=True)


# --- reports -------------------------------------------------------------------------


def test_resident_reports_a_reaction_and_returns_to_it(world, client, login):
    login(world.resident)
    response = client.post(
        f"/moderation/report/comment/{world.comment.id}", data={"reason": "offensive"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/contributions/{world.contribution.id}?comment={world.comment.id}"
        f"#comment-{world.comment.id}"
    )
    assert db.session.scalar(select(func.count(Flag.id))) == 1


def test_double_report_is_harmless(world, client, login):
    login(world.resident)
    url = f"/moderation/report/contribution/{world.contribution.id}"
    for _ in range(2):
        assert client.post(url, data={"reason": "spam"}).status_code == 302
    assert db.session.scalar(select(func.count(Flag.id))) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Kies een reden."),
        ({"reason": "boring"}, "Kies een reden."),
        ({"reason": "other", "text": ""}, "Schrijf een reden."),
    ],
)
def test_bad_report_is_refused_beside_the_field(world, client, login, data, message):
    login(world.resident)
    response = client.post(f"/moderation/report/contribution/{world.contribution.id}", data=data)
    assert response.status_code == 422
    assert message in _text(response)
    assert db.session.scalar(select(func.count(Flag.id))) == 0


@pytest.mark.parametrize(
    "url",
    [
        "/moderation/report/contribution/999999",
        "/moderation/report/comment/999999",
        "/moderation/report/user/1",
    ],
)
def test_report_on_a_missing_item_is_404(world, client, login, url):
    login(world.resident)
    assert client.post(url, data={"reason": "spam"}).status_code == 404


def test_report_form_is_linked_from_the_contribution_page(world, client, login):
    login(world.resident)
    page = _text(client.get(f"/contributions/{world.contribution.id}"))
    assert f"/moderation/report/contribution/{world.contribution.id}" in page
    assert f"/moderation/report/comment/{world.comment.id}" in page


# --- actions -------------------------------------------------------------------------


def test_hide_without_reason_keeps_nothing_and_says_why(world, client, login):
    login(world.moderator)
    response = client.post(
        f"/moderation/oude-haven/contribution/{world.contribution.id}/hide",
        data={"hide-reason": "  "},
    )
    assert response.status_code == 422
    assert "Schrijf een reden" in _text(response)
    db.session.refresh(world.contribution)
    assert not world.contribution.hidden
    assert db.session.scalar(select(func.count(ModerationEvent.id))) == 0


def test_hidden_contribution_leaves_the_public_list_and_search(world, client, login):
    title = world.contribution.title
    list_url = "/neighbourhoods/oude-haven/contributions/"
    assert title in _text(client.get(list_url))
    login(world.moderator)
    response = client.post(
        f"/moderation/oude-haven/contribution/{world.contribution.id}/hide",
        data={"hide-reason": "Bevat een telefoonnummer"},
    )
    assert response.status_code == 302
    client.post("/account/logout")
    assert title not in _text(client.get(list_url))
    assert title not in _text(client.get(list_url + "?q=Bijdrage"))
    assert client.get(f"/contributions/{world.contribution.id}").status_code == 404
    db.session.refresh(world.contribution)
    assert world.contribution.hidden  # kept, not deleted


def test_author_sees_why_their_content_was_hidden(world, client, login):
    services.hide(world.moderator, world.comment, reason="Kwetsend voor de buren")
    db.session.commit()
    login(world.author)
    page = _text(client.get("/moderation/notices"))
    assert "Kwetsend voor de buren" in page


def test_queue_shows_flagged_items_first_with_reasons_and_counts(world, client, login):
    services.flag(world.resident, world.comment, reason="offensive")
    services.flag(resident(world.neighbourhood), world.comment, reason="spam")
    services.hide(world.moderator, world.duplicate, reason="Dubbel geplaatst")
    db.session.commit()
    login(world.moderator)
    page = _text(client.get("/moderation/oude-haven/"))
    assert page.index(f"moderation-comment-{world.comment.id}") < page.index(
        f"moderation-contribution-{world.duplicate.id}"
    )
    assert "2 meldingen" in page
    assert "Kwetsend of beledigend" in page


def test_merge_with_a_missing_survivor_is_refused_beside_the_field(world, client, login):
    login(world.moderator)
    response = client.post(
        f"/moderation/oude-haven/contribution/{world.duplicate.id}/merge",
        data={"merge-survivor_id": "999999", "merge-reason": "Dubbel"},
    )
    assert response.status_code == 422
    assert "Dubbel</textarea>" in _text(response)


def test_merged_contribution_redirects_to_the_survivor(world, client):
    services.merge(world.moderator, world.duplicate, world.contribution, reason="Dubbel")
    db.session.commit()
    response = client.get(f"/contributions/{world.duplicate.id}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/contributions/{world.contribution.id}")


def test_official_answer_shows_on_the_contribution(world, client, login):
    login(world.moderator)
    response = client.post(
        f"/moderation/oude-haven/contribution/{world.contribution.id}/answer",
        data={"answer-status": "included", "answer-body": "Dit staat in de opgave."},
    )
    assert response.status_code == 302
    page = _text(client.get(f"/contributions/{world.contribution.id}"))
    assert "Officieel antwoord" in page
    assert "Dit staat in de opgave." in page


def test_answer_without_explanation_keeps_the_choice(world, client, login):
    login(world.moderator)
    response = client.post(
        f"/moderation/oude-haven/contribution/{world.contribution.id}/answer",
        data={"answer-status": "answered", "answer-body": ""},
    )
    assert response.status_code == 422
    assert '<option selected value="answered">' in _text(response)


def test_action_on_an_item_of_another_neighbourhood_is_404(world, client, login):
    login(world.other_moderator)  # works in de-akkers; the contribution is in oude-haven
    url = f"/moderation/de-akkers/contribution/{world.contribution.id}/hide"
    assert client.post(url, data={"hide-reason": "x"}).status_code == 404
    db.session.refresh(world.contribution)
    assert not world.contribution.hidden


def test_action_in_a_neighbourhood_the_worker_does_not_moderate_is_403(world, client, login):
    login(world.moderator)  # works in oude-haven, not in de-akkers
    url = f"/moderation/de-akkers/contribution/{world.contribution.id}/hide"
    assert client.post(url, data={"hide-reason": "x"}).status_code == 403
    db.session.refresh(world.contribution)
    assert not world.contribution.hidden


# --- blocks --------------------------------------------------------------------------


def test_blocked_resident_is_told_why_and_until_when(world, client, login):
    login(world.moderator)
    until = utcnow().date() + timedelta(days=10)
    response = client.post(
        f"/moderation/oude-haven/users/{world.author.id}/block",
        data={"until": until.isoformat(), "reason": "Scheldt andere bewoners uit"},
    )
    assert response.status_code == 302
    client.post("/account/logout")
    login(world.author)
    response = client.post(f"/contributions/{world.duplicate.id}/support", data={"supported": "1"})
    # Refused like every failed support without JavaScript: back to the page, with the reason.
    assert response.status_code == 302
    db.session.refresh(world.duplicate)
    assert world.duplicate.support_count == 0
    page = _text(client.get(response.headers["Location"]))
    assert "Een wijkwerker heeft je geblokkeerd" in page
    assert "Scheldt andere bewoners uit" in page
    page = _text(client.get("/moderation/notices"))
    assert "Scheldt andere bewoners uit" in page
    assert str(until.year) in page


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"until": "", "reason": "Reden"}, "Vul de laatste dag"),
        ({"until": "morgen", "reason": "Reden"}, "Vul een datum in"),
        ({"until": "2000-01-01", "reason": "Reden"}, "Kies vandaag"),
        ({"until": "2999-01-01", "reason": ""}, "Schrijf een reden"),
    ],
)
def test_bad_block_is_refused_beside_the_field(world, client, login, data, field_message):
    login(world.moderator)
    response = client.post(f"/moderation/oude-haven/users/{world.author.id}/block", data=data)
    assert response.status_code == 422
    assert field_message in _text(response)


# --- organisations -------------------------------------------------------------------


def test_registration_can_continue_with_an_organisation(world, client):
    response = client.post(
        "/account/register",
        data={
            "email": "marieke@example.nl",
            "display_name": "Marieke",
            "neighbourhood_id": world.neighbourhood.id,
            "password": "een lange zin om te onthouden",
            "password_confirm": "een lange zin om te onthouden",
            "for_organisation": "y",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/organisations/new")
    response = client.post(
        "/account/organisations/new",
        data={
            "name": "Taalcafé De Brug",
            "kind": "association",
            "neighbourhood_id": world.neighbourhood.id,
            "kvk_number": "",
            "offers": "Elke woensdag Nederlands oefenen.",
            "contact": "taalcafe@example.nl",
        },
    )
    assert response.status_code == 302
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name == "Taalcafé De Brug")
    )
    assert organisation.status == OrganisationStatus.PENDING
    assert "Taalcafé De Brug" in _text(client.get("/account/"))


def test_bad_kvk_number_is_refused_and_typed_text_is_kept(world, client, login):
    login(world.resident)
    response = client.post(
        "/account/organisations/new",
        data={
            "name": "Kapsalon Yasmin",
            "kind": "small_business",
            "neighbourhood_id": world.neighbourhood.id,
            "kvk_number": "123",
            "offers": "Stageplekken",
            "contact": "Havenstraat 4",
        },
    )
    assert response.status_code == 422
    page = _text(response)
    assert "8 cijfers" in page
    assert 'value="Kapsalon Yasmin"' in page


def test_verified_organisation_shows_with_a_mark_on_its_contributions(world, client, login):
    from wijkplatform.contributions import services as contribution_services

    login(world.moderator)
    response = client.post(
        f"/moderation/oude-haven/organisations/{world.organisation.id}/verify", data={}
    )
    assert response.status_code == 302
    contribution = contribution_services.create_contribution(
        world.author, neighbourhood=world.neighbourhood, kind="resource",
        title="Koffie in het buurthuis", body="Elke dinsdag.", categories=["community"],
        organisation=world.organisation,
    )  # fmt: skip
    db.session.commit()
    page = _text(client.get(f"/contributions/{contribution.id}"))
    assert "Buurthuis De Kade" in page
    # The mark sits beside the author's name, as a word.
    assert "role-badge--verified_organisation" in page
    assert "goedgekeurde organisatie" in page


def test_rejecting_without_reason_is_refused_on_the_queue(world, client, login):
    login(world.moderator)
    response = client.post(
        f"/moderation/oude-haven/organisations/{world.organisation.id}/reject",
        data={f"org{world.organisation.id}-reason": ""},
    )
    assert response.status_code == 422
    db.session.refresh(world.organisation)
    assert world.organisation.status == OrganisationStatus.PENDING


# --- the log -------------------------------------------------------------------------


def test_log_shows_every_action_per_neighbourhood_and_per_item(world, client, login):
    services.flag(world.resident, world.contribution, reason="spam")
    services.hide(world.moderator, world.contribution, reason="Reclame voor een winkel")
    db.session.commit()
    login(world.reviewer)
    for url in (
        "/moderation/oude-haven/log",
        f"/moderation/oude-haven/contribution/{world.contribution.id}",
    ):
        page = _text(client.get(url))
        assert "Reclame voor een winkel" in page
        assert "Wijkwerker" in page


def test_no_route_changes_or_deletes_the_log(app):
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("moderation."):
            continue
        assert not rule.methods & {"PUT", "PATCH", "DELETE"}
        assert "event" not in rule.rule and "log/" not in rule.rule
    log_rules = [r for r in app.url_map.iter_rules() if r.endpoint == "moderation.log"]
    assert [sorted(r.methods - {"HEAD", "OPTIONS"}) for r in log_rules] == [["GET"]]


def test_member_of_a_verified_organisation_posts_on_its_behalf_through_the_form(
    world, client, login
):
    services.verify_organisation(world.moderator, world.organisation)
    db.session.commit()
    login(world.author)
    form = client.get("/contributions/new?neighbourhood=oude-haven")
    assert "Buurthuis De Kade" in _text(form)
    response = client.post(
        "/contributions/new",
        data={
            "neighbourhood": "oude-haven",
            "kind": "resource",
            "title": "Koffieochtend in het buurthuis",
            "body": "Elke dinsdag staat de koffie klaar.",
            "categories": ["community"],
            "organisation_id": str(world.organisation.id),
            "submission_key": "k-organisation-1",
            "action": "publish",
        },
    )
    assert response.status_code == 302, _text(response)
    page = _text(client.get(response.headers["Location"]))
    assert "Namens Buurthuis De Kade" in page


def test_organisation_choice_is_not_offered_to_others(world, client, login):
    login(world.resident)
    assert "Buurthuis De Kade" not in _text(
        client.get("/contributions/new?neighbourhood=oude-haven")
    )


def test_merged_duplicate_leaves_the_public_list(world, client):
    services.merge(world.moderator, world.duplicate, world.contribution, reason="Dubbel")
    db.session.commit()
    page = _text(client.get("/neighbourhoods/oude-haven/contributions/"))
    assert f'/contributions/{world.duplicate.id}"' not in page
    assert f'/contributions/{world.contribution.id}"' in page


def test_account_page_links_to_notices_organisations_and_the_queue(world, client, login):
    login(world.moderator)
    page = _text(client.get("/account/"))
    assert "/moderation/notices" in page
    assert "/account/organisations/new" in page
    assert "/moderation/oude-haven/" in page


def test_blocked_resident_opening_the_form_is_told_why_before_typing(world, client, login):
    services.block(
        world.moderator,
        world.author,
        world.neighbourhood,
        until=utcnow().date() + timedelta(days=2),
        reason="Eerst even afkoelen",
    )
    db.session.commit()
    login(world.author)
    response = client.get("/contributions/new?neighbourhood=oude-haven")
    assert response.status_code == 403
    assert "Eerst even afkoelen" in _text(response)


def test_queue_runs_the_same_number_of_queries_for_more_reports(
    world, client, login, count_queries
):
    from tests.factories import CommentFactory, ContributionFactory

    login(world.moderator)

    def report_some(number):
        for _ in range(number):
            target = ContributionFactory(neighbourhood=world.neighbourhood)
            services.flag(world.resident, target, reason="spam")
            services.flag(world.resident, CommentFactory(contribution=target), reason="spam")
        db.session.commit()

    def queries_for_queue():
        with count_queries() as statements:
            assert client.get("/moderation/oude-haven/").status_code == 200
        return len(statements)

    report_some(2)
    few = queries_for_queue()
    report_some(6)
    assert queries_for_queue() == few


def test_moderation_actions_work_with_csrf_protection_on(csrf_app, login):
    import re

    from tests.moderation.conftest import make_world

    world = make_world()
    client = csrf_app.test_client()
    page = client.get("/account/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    token = token or re.search(r'name="csrf_token" value="([^"]+)"', page)
    client.post(
        "/account/login",
        data={"email": world.moderator.email, "password": "correct horse battery",
              "csrf_token": token.group(1)},
    )  # fmt: skip
    item = f"/moderation/oude-haven/contribution/{world.contribution.id}"
    page = client.get(item).get_data(as_text=True)
    hide_token = re.search(r'action="[^"]*/hide"[\s\S]*?name="csrf_token" value="([^"]+)"', page)
    assert hide_token, "the hide form carries a CSRF token"
    refused = client.post(item + "/hide", data={"hide-reason": "Spam"})
    assert refused.status_code == 400
    done = client.post(
        item + "/hide", data={"hide-reason": "Spam", "csrf_token": hide_token.group(1)}
    )
    assert done.status_code == 302
    queue = client.get("/moderation/oude-haven/").get_data(as_text=True)
    assert queue.count('id="csrf_token"') <= 1
