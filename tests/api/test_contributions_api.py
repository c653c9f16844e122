"""Contributions, priorities and participation in the API: the page filters, stable pages
with links, problem details for bad input, and nothing hidden or personal."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.factories import moderator
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services


def _get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.get_data(as_text=True))
    return response.get_json()


def test_list_filters_like_the_pages_and_pages_with_links(scene, client):
    everything = _get(client, "/api/v1/contributions?municipality=GM7001")
    assert everything["total"] == 8
    titles = [item["title"] for item in everything["items"]]
    assert titles[0] == "Meer bankjes in het park"  # most supported first
    assert "Verborgen scheldpartij" not in titles and "Dubbele bankjesvraag" not in titles

    resources = _get(client, "/api/v1/contributions?kind=resource&neighbourhood=kleine-buurt")
    assert [item["title"] for item in resources["items"]] == ["Buurthuis gaat vaker open"]
    housing = _get(client, "/api/v1/contributions?category=housing&sort=new")
    assert housing["total"] == 6

    first = _get(client, "/api/v1/contributions?category=housing&sort=new&per_page=4")
    assert (first["pages"], first["links"]["prev"]) == (2, None)
    assert first["links"]["next"].startswith("http") and "page=2" in first["links"]["next"]
    second = _get(client, first["links"]["next"].split("localhost", 1)[1])
    assert second["links"]["next"] is None and "page=2" not in second["links"]["prev"]
    ids = [item["id"] for item in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 6  # stable order: nothing twice, nothing lost


def test_times_carry_their_offset(scene, client):
    item = _get(client, "/api/v1/contributions")["items"][0]
    assert datetime.fromisoformat(item["created_at"]).utcoffset() is not None
    assert item["created_at"].endswith("+00:00")


@pytest.mark.parametrize(
    "query",
    ["kind=complaint", "sort=oldest", "page=0", "page=twee", "per_page=1000", "colour=red",
     "municipality=Lindenhoven", "neighbourhood=Grote%20Wijk"],
)  # fmt: skip
def test_bad_filters_sort_keys_and_pages_are_a_400_problem(scene, client, query):
    response = client.get(f"/api/v1/contributions?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 400 and problem["invalid_params"] and problem["detail"]


def test_a_page_past_the_last_is_not_there(scene, client):
    response = client.get("/api/v1/contributions?page=50")
    assert response.status_code == 404
    assert "1 pages" in response.get_json()["detail"]


def test_one_contribution_with_counts_state_and_answer(scene, client):
    with client.application.test_request_context():
        moderation_services.answer(
            moderator(scene.small),
            scene.small_item,
            status="under_consideration",
            body="We nemen dit mee in de opgave.",
        )
        db.session.commit()
    item = _get(client, f"/api/v1/contributions/{scene.small_item.id}")
    assert item["support_count"] == 3 and item["status"] == "under_consideration"
    assert item["answer"]["text"] == "We nemen dit mee in de opgave."
    assert item["answer"]["at"].endswith("+00:00")
    assert "author" not in item


def test_hidden_and_merged_contributions_are_not_in_the_api(scene, client):
    for item in (scene.hidden, scene.merged):
        response = client.get(f"/api/v1/contributions/{item.id}")
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"


def test_priorities_rank_fairly_and_participation_counts_per_thousand(scene, client):
    priorities = _get(client, "/api/v1/municipalities/GM7001/priorities")
    assert priorities["contributions"][0]["contribution"]["title"] == "Buurthuis gaat vaker open"
    assert "Wilson" in priorities["method"]
    participation = _get(client, "/api/v1/municipalities/GM7001/participation?weeks=4")
    small = next(n for n in participation["neighbourhoods"] if n["neighbourhood"] == "kleine-buurt")
    assert small["totals"]["participants"] == 4
    assert small["per_1000_inhabitants"]["participants"] == 10.0
    assert len(participation["weeks"]) == 4
    assert participation["weeks"][-1]["counts"]["participants"] == 16
    assert _get(client, "/api/v1/municipalities/GM7001/participation?weeks=0", 400)
    assert _get(client, "/api/v1/municipalities/GM0000/priorities", 404)


def test_no_api_answer_names_a_person_or_an_address(scene, client):
    urls = [
        "/api/v1/contributions?municipality=GM7001&per_page=100",
        f"/api/v1/contributions/{scene.large_item.id}",
        "/api/v1/municipalities/GM7001/priorities",
        "/api/v1/municipalities/GM7001/participation",
    ]
    text = "".join(client.get(url).get_data(as_text=True) for url in urls)
    assert "@example.nl" not in text and "Bewoner " not in text and "Sanne" not in text


def test_the_list_runs_the_same_queries_for_a_short_and_a_full_page(scene, client, count_queries):
    """The list a client pages through costs a fixed number of statements per page, however
    many contributions it carries (the benchmark's 'API' row measures it at city size)."""
    counts = []
    for per_page in (2, 8):
        with count_queries() as statements:
            body = _get(client, f"/api/v1/contributions?municipality=GM7001&per_page={per_page}")
        assert len(body["items"]) == per_page
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 5, counts
