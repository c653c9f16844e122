"""The team design pages: wiring, statuses, bad input kept beside its field, conflicts told,
and who sees what."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.team_design.conftest import accepted, save
from wijkplatform.extensions import db
from wijkplatform.team_design import services
from wijkplatform.team_design.models import TeamDesignAction, TeamDesignBlockVersion

BASE = "/neighbourhoods/oude-haven/team-design"


def test_moderator_starts_fills_in_and_publishes_a_design_through_the_web(world, client, login):
    opgave = accepted(world)
    db.session.commit()
    login(world.moderator)
    page = client.get(f"{BASE}/worksheet")
    assert page.status_code == 200
    assert "Begin met het teamontwerp" in page.get_data(as_text=True)
    assert client.post(f"{BASE}/start").status_code == 302
    assert client.post(f"{BASE}/opgaven", data={"opgave_id": str(opgave.id)}).status_code == 302

    form = client.get(f"{BASE}/blocks/2/edit")
    assert form.status_code == 200
    response = client.post(
        f"{BASE}/blocks/2/edit",
        data={
            "base_version": "0",
            "team_form": "integral",
            "why": "Er is al veel samenwerking.",
            "participation": "advise",
        },
    )
    assert response.status_code == 302
    worksheet = client.get(f"{BASE}/worksheet").get_data(as_text=True)
    assert 'id="hint-integral_without_mandate"' in worksheet
    assert 'id="hint-resilience_without_community"' in worksheet
    assert opgave.title in worksheet

    assert client.post(f"{BASE}/publish", data={"action": "publish"}).status_code == 302
    client.post("/account/logout")
    public = client.get(f"{BASE}/")
    text = public.get_data(as_text=True)
    assert public.status_code == 200
    assert "Er is al veel samenwerking." in text
    assert 'id="block-6"' in text


def test_bad_choice_is_refused_beside_the_field_and_the_text_is_kept(world, client, login):
    services.start_design(world.moderator, world.neighbourhood)
    login(world.moderator)
    response = client.post(
        f"{BASE}/blocks/5/edit",
        data={"base_version": "0", "mandate": "absolute", "director": "De welzijnsorganisatie"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="mandate-error"' in html
    assert "De welzijnsorganisatie" in html
    assert db.session.scalar(select(func.count()).select_from(TeamDesignBlockVersion)) == 0


def test_two_workers_saving_the_same_block_are_told_not_overwritten(world, client, login):
    design = services.start_design(world.moderator, world.neighbourhood)
    save(world, design, 3, answers={"depth": "Kort"}, actor=world.reviewer)
    db.session.commit()
    login(world.moderator)
    response = client.post(
        f"{BASE}/blocks/3/edit", data={"base_version": "0", "depth": "Lang en intensief"}
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'id="conflict"' in html and "Lang en intensief" in html and "Kort" in html
    db.session.expire_all()
    assert design.block(3).answer("depth") == "Kort"
    # The form now carries the newer version: saving again goes through.
    assert (
        client.post(
            f"{BASE}/blocks/3/edit", data={"base_version": "1", "depth": "Lang en intensief"}
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("visitor", 302),
        ("resident", 403),
        ("moderator elsewhere", 403),
        ("reviewer", 200),
        ("moderator", 200),
        ("admin", 403),  # the working view is the team's, not the platform's
    ],
)
def test_only_workers_and_reviewers_open_the_worksheet(world, client, login, who, status):
    services.start_design(world.moderator, world.neighbourhood)
    user = world.user(who)
    if user is not None:
        login(user)
    assert client.get(f"{BASE}/worksheet").status_code == status
    assert client.get(f"{BASE}/blocks/1/edit").status_code == status


def test_unpublished_design_is_not_shown_to_residents(world, client, login):
    design = services.start_design(world.moderator, world.neighbourhood)
    save(world, design, 2, answers={"why": "Geheim concept"})
    db.session.commit()
    login(world.resident)
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Geheim concept" not in page


def test_resident_comments_per_block_and_an_empty_comment_is_refused(world, client, login):
    design = services.start_design(world.moderator, world.neighbourhood)
    services.publish(world.moderator, design)
    db.session.commit()
    login(world.resident)
    empty = client.post(f"{BASE}/blocks/2/comments", data={"block2-body": "   "})
    assert empty.status_code == 422
    assert 'id="block2-body-error"' in empty.get_data(as_text=True)
    placed = client.post(
        f"{BASE}/blocks/2/comments", data={"block2-body": "Fijn dat er één team komt"}
    )
    assert placed.status_code == 302
    assert "Fijn dat er één team komt" in client.get(f"{BASE}/").get_data(as_text=True)


def test_plan_refuses_an_owner_from_elsewhere_and_marks_overdue_actions(world, client, login):
    design = services.start_design(world.moderator, world.neighbourhood)
    services.add_action(
        world.moderator,
        design,
        block=2,
        title="Kick-off met de partners",
        owner_id=world.second_moderator.id,
        due_date=date.today() - timedelta(days=3),
    )
    db.session.commit()
    login(world.moderator)
    refused = client.post(
        f"{BASE}/plan",
        data={
            "title": "Werving",
            "block": "6",
            "owner_id": str(world.other_moderator.id),
            "due_date": "2027-03-31",
        },
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="owner_id-error"' in html and 'value="Werving"' in html
    bad_date = client.post(
        f"{BASE}/plan",
        data={
            "title": "Werving",
            "block": "6",
            "owner_id": str(world.moderator.id),
            "due_date": "31 maart",
        },
    )
    assert bad_date.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(TeamDesignAction)) == 1
    page = client.get(f"{BASE}/plan").get_data(as_text=True)
    assert "plan-action--overdue" in page


@pytest.mark.parametrize("who", ["resident", "moderator elsewhere"])
def test_plan_refuses_an_owner_who_does_not_work_on_the_design(world, client, login, who):
    services.start_design(world.moderator, world.neighbourhood)
    db.session.commit()
    owner = world.user(who)
    login(world.moderator)
    form = client.get(f"{BASE}/plan").get_data(as_text=True)
    assert f">{owner.display_name}</option>" not in form  # not offered ...
    refused = client.post(
        f"{BASE}/plan",
        data={
            "title": "Buurtavond voorbereiden",
            "block": "4",
            "owner_id": str(owner.id),
            "due_date": "2027-03-31",
        },
    )
    assert refused.status_code == 422  # ... and not taken when sent anyway
    html = refused.get_data(as_text=True)
    assert 'id="owner_id-error"' in html
    assert 'value="Buurtavond voorbereiden"' in html
    assert db.session.scalar(select(func.count()).select_from(TeamDesignAction)) == 0


def test_neighbourhood_page_and_opgave_page_link_to_the_team_design(world, client, login):
    opgave = accepted(world)
    design = services.start_design(world.moderator, world.neighbourhood)
    services.link_opgave(world.moderator, design, opgave)
    services.publish(world.moderator, design)
    db.session.commit()
    assert f'href="{BASE}/"' in client.get("/neighbourhoods/oude-haven/").get_data(as_text=True)
    assert f'href="{BASE}/"' in client.get(f"/opgaven/{opgave.id}").get_data(as_text=True)


def test_opgave_of_another_neighbourhood_cannot_be_linked_through_the_form(world, client, login):
    from wijkplatform.opgaven import services as opgave_services

    services.start_design(world.moderator, world.neighbourhood)
    other = opgave_services.create_opgave(
        world.other_moderator, world.other_neighbourhood, title="Elders 2027"
    )
    db.session.commit()
    login(world.moderator)
    client.post(f"{BASE}/opgaven", data={"opgave_id": str(other.id)})
    assert "Elders 2027" not in client.get(f"{BASE}/worksheet").get_data(as_text=True)


def test_earlier_versions_of_a_block_stay_readable(world, client, login):
    design = services.start_design(world.moderator, world.neighbourhood)
    save(world, design, 2, answers={"why": "Eerste gedachte"}, choices={"team_form": ["network"]})
    save(world, design, 2, answers={"why": "Tweede gedachte"}, actor=world.reviewer)
    db.session.commit()
    login(world.moderator)
    worksheet = client.get(f"{BASE}/worksheet").get_data(as_text=True)
    assert f'href="{BASE}/blocks/2/history"' in worksheet
    page = client.get(f"{BASE}/blocks/2/history").get_data(as_text=True)
    assert 'id="version-1"' in page and 'id="version-2"' in page
    assert "Eerste gedachte" in page and "Tweede gedachte" in page
    assert "Samenwerkingsverband" in page  # the choice of version 1
    login(world.resident)
    assert client.get(f"{BASE}/blocks/2/history").status_code == 403


def test_block_saves_need_the_csrf_token_when_protection_is_on(csrf_app):
    from tests.conftest import csrf_token_from
    from tests.factories import PASSWORD
    from tests.opgaven.conftest import make_world

    world = make_world()
    services.start_design(world.moderator, world.neighbourhood)
    db.session.commit()
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    client.post(
        "/account/login",
        data={"email": world.moderator.email, "password": PASSWORD, "csrf_token": token},
    )
    form = client.get(f"{BASE}/blocks/2/edit").get_data(as_text=True)
    refused = client.post(f"{BASE}/blocks/2/edit", data={"base_version": "0", "why": "Zonder"})
    assert refused.status_code == 400
    saved = client.post(
        f"{BASE}/blocks/2/edit",
        data={"base_version": "0", "why": "Met", "csrf_token": csrf_token_from(form)},
    )
    assert saved.status_code == 302


def test_admin_hides_a_comment_like_other_moderation_but_cannot_open_the_worksheet(
    world, client, login
):
    design = services.start_design(world.moderator, world.neighbourhood)
    services.publish(world.moderator, design)
    comment = services.add_comment(world.resident, design, 3, "Bel 06-12345678 voor hulp")
    db.session.commit()
    login(world.admin)
    assert client.get(f"{BASE}/plan").status_code == 403
    assert client.get(f"{BASE}/start-document.md").status_code == 403
    client.post(f"{BASE}/comments/{comment.id}/hide", data={"reason": "Telefoonnummer"})
    db.session.refresh(comment)
    assert comment.hidden and comment.hidden_reason == "Telefoonnummer"


def test_worker_hides_a_comment_with_a_reason_and_shows_it_again(world, client, login):
    design = services.start_design(world.moderator, world.neighbourhood)
    services.publish(world.moderator, design)
    comment = services.add_comment(world.resident, design, 3, "Bel 06-12345678 voor hulp")
    db.session.commit()
    login(world.moderator)
    refused = client.post(f"{BASE}/comments/{comment.id}/hide", data={"reason": ""})
    assert refused.status_code == 302
    db.session.refresh(comment)
    assert not comment.hidden
    client.post(f"{BASE}/comments/{comment.id}/hide", data={"reason": "Telefoonnummer"})
    worker_view = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Telefoonnummer" in worker_view and f"/comments/{comment.id}/restore" in worker_view
    client.post("/account/logout")
    assert "06-12345678" not in client.get(f"{BASE}/").get_data(as_text=True)
    login(world.moderator)
    client.post(f"{BASE}/comments/{comment.id}/restore")
    client.post("/account/logout")
    assert "06-12345678" in client.get(f"{BASE}/").get_data(as_text=True)


def test_worksheet_says_when_a_linked_opgave_changes_after_block_one_was_filled(
    world, client, login
):
    from wijkplatform.opgaven import services as opgave_services

    opgave = accepted(world)
    design = services.start_design(world.moderator, world.neighbourhood)
    link = services.link_opgave(world.moderator, design, opgave)
    save(world, design, 1, answers={"task": "Eenzaamheid onder ouderen"})
    db.session.commit()
    login(world.moderator)
    notice = f'id="opgave-changed-{link.id}"'
    assert notice not in client.get(f"{BASE}/worksheet").get_data(as_text=True)

    # A worker starts a new draft of the accepted Opgave and saves a new text.
    newer = opgave_services.start_from(world.moderator, opgave)
    opgave_services.save_version(
        world.moderator, newer, base_version=1, title=newer.title, texts={"task": "Nieuw"}
    )
    db.session.commit()
    page = client.get(f"{BASE}/worksheet").get_data(as_text=True)
    assert notice in page
    shown = page[page.index(notice) :]
    shown = shown[: shown.index("</div>")]
    assert "Wat is er veranderd: er is een nieuwe versie van de tekst opgeslagen." in shown
    assert f'href="/opgaven/{opgave.id}"' in shown
    assert f"/opgaven/{link.id}/seen" in shown

    # The worker has looked: the notice goes away, until the Opgave changes again.
    assert client.post(f"{BASE}/opgaven/{link.id}/seen").status_code == 302
    assert notice not in client.get(f"{BASE}/worksheet").get_data(as_text=True)
    opgave_services.submit(world.moderator, newer)
    db.session.commit()
    page = client.get(f"{BASE}/worksheet").get_data(as_text=True)
    assert notice in page and "Wat is er veranderd: de status is nu" in page

    # Who only reads the public page never sees the working notice.
    services.publish(world.moderator, design)
    db.session.commit()
    login(world.resident)
    assert notice not in client.get(f"{BASE}/").get_data(as_text=True)
