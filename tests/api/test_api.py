"""The read-only JSON API: public data only, a valid OpenAPI document, secrets never shown."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from tests.factories import NeighbourhoodFactory, UserFactory
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import AreaProfile, IndicatorValue, RegionLevel


@pytest.fixture
def neighbourhood(app):
    neighbourhood = NeighbourhoodFactory(
        name="Oude Haven",
        slug="oude-haven",
        cbs_code="WK990101",
        boundary_geojson=json.dumps(
            {"type": "Polygon", "coordinates": [[[5, 52], [5.1, 52], [5, 52.1], [5, 52]]]}
        ),
    )
    neighbourhood.municipality.cbs_code = "GM9901"
    profile = AreaProfile(
        year=2023,
        region_code="WK990101",
        region_level=RegionLevel.WIJK,
        region_name="Oude Haven",
        municipality_code="GM9901",
        source="kwb",
    )
    profile.values = [
        IndicatorValue(key="inhabitants", status="ok", value=4850),
        IndicatorValue(key="low_income_households_pct", status="secret", value=None),
    ]
    db.session.add(profile)
    db.session.commit()
    return neighbourhood


def _schema_validator(document, name):
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return Draft202012Validator(schema)


def test_openapi_document_is_valid_openapi_3_1(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        ("/api/v1/municipalities", "MunicipalityList"),
        ("/api/v1/neighbourhoods", "NeighbourhoodList"),
        ("/api/v1/neighbourhoods/oude-haven", "NeighbourhoodDetail"),
        ("/api/v1/neighbourhoods/oude-haven/profile", "AreaProfile"),
        ("/api/v1/indicators", "IndicatorDefinitions"),
        ("/api/v1/neighbourhoods/oude-haven/raised-topics", "RaisedTopics"),
        ("/api/v1/neighbourhoods/oude-haven/social-map", "SocialMap"),
    ],
)
def test_every_endpoint_answers_as_its_openapi_schema_says(client, neighbourhood, path, schema):
    document = client.get("/api/v1/openapi.json").get_json()
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    errors = list(_schema_validator(document, schema).iter_errors(response.get_json()))
    assert errors == []


def test_profile_gives_figures_and_never_a_secret_value(client, neighbourhood):
    data = client.get("/api/v1/neighbourhoods/oude-haven/profile").get_json()
    figures = data["years"][0]["indicators"]
    assert figures["inhabitants"]["value"] == 4850
    secret = figures["low_income_households_pct"]
    assert (secret["value"], secret["status"]) == (None, "secret")
    assert "CBS" in data["attribution"]


def test_neighbourhood_detail_includes_its_boundary(client, neighbourhood):
    data = client.get("/api/v1/neighbourhoods/oude-haven").get_json()
    assert data["boundary"]["type"] == "Polygon"
    assert data["municipality"]["cbs_code"] == "GM9901"


def test_unknown_neighbourhood_is_a_json_404(client, neighbourhood):
    response = client.get("/api/v1/neighbourhoods/bestaat-niet/profile")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 404


def test_api_never_contains_personal_data(client, neighbourhood):
    UserFactory(email="geheim@example.nl", display_name="Geheime Naam")
    db.session.commit()
    paths = [
        "/api/v1/",
        "/api/v1/municipalities",
        "/api/v1/neighbourhoods",
        "/api/v1/neighbourhoods/oude-haven",
        "/api/v1/neighbourhoods/oude-haven/profile",
    ]
    for path in paths:
        text = client.get(path).get_data(as_text=True)
        assert "geheim@example.nl" not in text and "Geheime Naam" not in text


def test_neighbourhood_list_runs_one_query(client, neighbourhood, count_queries):
    NeighbourhoodFactory(municipality=neighbourhood.municipality)
    db.session.commit()
    with count_queries() as statements:
        client.get("/api/v1/neighbourhoods")
    assert len(statements) == 1


def test_social_map_and_topics_in_the_api_follow_the_contributions(client, neighbourhood):
    from tests.factories import resident
    from wijkplatform.contributions import services
    from wijkplatform.contributions.models import ContributionKind

    author = resident(neighbourhood, display_name="Auteur Verborgen")
    services.create_contribution(
        author, neighbourhood=neighbourhood, kind=ContributionKind.RESOURCE,
        title="Voedselbank bij de moskee", body="Elke vrijdag.", categories=["debt_money"],
        latitude=52.1, longitude=5.1,
    )  # fmt: skip
    db.session.commit()
    social = client.get("/api/v1/neighbourhoods/oude-haven/social-map").get_json()
    assert [r["title"] for r in social["resources"]] == ["Voedselbank bij de moskee"]
    assert social["resources"][0]["latitude"] == 52.1
    assert "Auteur Verborgen" not in client.get(
        "/api/v1/neighbourhoods/oude-haven/social-map"
    ).get_data(as_text=True)
    topics = client.get("/api/v1/neighbourhoods/oude-haven/raised-topics").get_json()
    debt = next(t for t in topics["topics"] if t["category"] == "debt_money")
    assert debt["counts"] == {"issue": 0, "resource": 1, "potential": 0}
