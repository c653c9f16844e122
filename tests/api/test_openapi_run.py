"""The whole OpenAPI document, run with schemathesis: every documented endpoint answers
valid input with what its schema says, bad input with a 4xx (never a 500), undeclared
methods with a 405 and an Allow header, and no answer ever carries hidden, merged-away,
draft or personal data."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

from tests.factories import moderator
from tests.opgaven.conftest import TEXTS
from tests.review.conftest import make_scene
from wijkplatform.extensions import db
from wijkplatform.opgaven import services as opgave_services

NEVER = ("Verborgen scheldpartij", "Dubbele bankjesvraag", "Geheime conceptopgave", "@example.nl")


@pytest.fixture
def api_schema(app):
    with app.test_request_context():
        scene = make_scene()
        worker = moderator(scene.large)
        for title in ("Geheime conceptopgave", "Opgave Grote Wijk 2027"):
            opgave = opgave_services.create_opgave(worker, scene.large, title=title)
            opgave_services.save_version(
                worker, opgave, base_version=1, title=title, texts=TEXTS, goals=["resilience"]
            )
            opgave_services.link_evidence(worker, opgave, scene.large_item)
        opgave_services.submit(worker, opgave)  # the second is published, the first is not
        db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@schemathesis.check
def nothing_private(ctx, response, case):
    for text in NEVER:
        if text in response.text:
            raise AssertionError(f"{text!r} in the answer to {case.path}")


# schemathesis' own pytest plugin (`from_fixture` + `parametrize`) does not run under
# pytest 9 yet, so the test walks the operations itself with their Hypothesis strategies.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_documented_endpoint_answers_as_documented(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 13

    for operation in operations:
        if mode == GenerationMode.NEGATIVE and not operation.definition.raw.get("parameters"):
            continue  # nothing to get wrong

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)  # fmt: skip
        def answers_as_documented(case):
            response = case.call_and_validate(additional_checks=[nothing_private])
            assert response.status_code < 500

        answers_as_documented()


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_an_undeclared_method_is_a_405_problem_with_allow(api_schema, client, method):
    document = client.get("/api/v1/openapi.json").get_json()
    for path in document["paths"]:
        url = "/api/v1" + path.replace("{slug}", "grote-wijk").replace("{id}", "1")
        url = url.replace("{code}", "GM7001")
        response = client.open(url, method=method)
        assert response.status_code == 405, url
        assert response.mimetype == "application/problem+json"
        assert "GET" in response.headers["Allow"]
        assert response.get_json()["status"] == 405
