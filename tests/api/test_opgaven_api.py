"""Opgaven in the open data API: published ones only, as the OpenAPI document says, without
anybody's name and without evidence a moderator has hidden since."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jsonschema import Draft202012Validator

from tests.opgaven.conftest import TODAY, draft, make_world, open_for_reactions
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.opgaven import services


@pytest.fixture
def world(app):
    return make_world()


def _valid(client, payload, name) -> list:
    document = client.get("/api/v1/openapi.json").get_json()
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return list(Draft202012Validator(schema).iter_errors(payload))


def test_neighbourhood_opgaven_lists_only_published_ones(world, client):
    hidden = draft(world, title="Nog geheim concept")
    shown = open_for_reactions(world)
    db.session.commit()
    response = client.get("/api/v1/neighbourhoods/oude-haven/opgaven")
    assert response.status_code == 200
    payload = response.get_json()
    assert [o["id"] for o in payload["opgaven"]] == [shown.id]
    assert _valid(client, payload, "OpgaveList") == []
    assert client.get(f"/api/v1/opgaven/{hidden.id}").status_code == 404


def test_opgave_detail_has_text_evidence_reactions_and_decisions(world, client):
    opgave = open_for_reactions(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    services.link_evidence(world.moderator, opgave, world.resource)
    moderation_services.hide(world.moderator, world.resource, reason="Reclame")
    services.react(world.resident, opgave, {"whole": ("partly", "Mijn naam is Jan")}, today=TODAY)
    services.submit(world.moderator, opgave, today=TODAY + timedelta(days=15))
    services.return_opgave(world.reviewer, opgave, reasons="Maak de doelen concreter.")
    db.session.commit()
    response = client.get(f"/api/v1/opgaven/{opgave.id}")
    assert response.status_code == 200
    payload = response.get_json()
    assert _valid(client, payload, "Opgave") == []
    assert payload["status"] == "returned"
    assert payload["sections"]["problems"] == "Eenzaamheid en schulden."
    assert [e["contribution_id"] for e in payload["evidence"]["problems"]] == [world.issue.id]
    assert payload["evidence"]["infrastructure"] == []  # hidden since it was linked
    assert payload["reactions"]["whole"] == {"yes": 0, "partly": 1, "no": 0}
    assert [d["action"] for d in payload["decisions"]] == ["submitted", "returned"]
    assert payload["decisions"][1]["reasons"] == "Maak de doelen concreter."
    text = response.get_data(as_text=True)
    for private in (
        "Mijn naam is Jan",
        world.moderator.display_name,
        world.reviewer.email,
        world.author.display_name,
    ):
        assert private not in text


def test_unknown_opgave_is_a_json_404(world, client):
    response = client.get("/api/v1/opgaven/999999")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 404


def test_a_new_draft_from_an_accepted_opgave_says_where_it_came_from(world, client):
    opgave = draft(world)
    services.submit(world.moderator, opgave)
    services.accept(world.reviewer, opgave)
    new = services.start_from(world.moderator, opgave)
    services.open_reactions(world.moderator, new, until=TODAY + timedelta(days=5), today=TODAY)
    db.session.commit()
    payload = client.get(f"/api/v1/opgaven/{new.id}").get_json()
    assert payload["based_on"] == opgave.id


def test_evidence_merged_away_since_is_not_in_the_api(world, client):
    opgave = open_for_reactions(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    services.link_evidence(world.moderator, opgave, world.potential)
    moderation_services.merge(world.moderator, world.potential, world.resource, reason="Dubbel")
    db.session.commit()
    payload = client.get(f"/api/v1/opgaven/{opgave.id}").get_json()
    ids = [item["contribution_id"] for rows in payload["evidence"].values() for item in rows]
    assert ids == [world.issue.id]
