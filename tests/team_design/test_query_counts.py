"""The team design pages run a fixed number of queries, whatever the number of linked
Opgaven, saved versions, plan actions or comments (the start document: two more per linked
Opgave, for its evidence counts)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.factories import resident
from tests.team_design.conftest import accepted, save
from wijkplatform.extensions import db
from wijkplatform.team_design import services

BASE = "/neighbourhoods/oude-haven/team-design"
PAGES = ("/worksheet", "/", "/plan", "/blocks/1/edit")


def _grow(world, design, n: int) -> None:
    services.link_opgave(world.moderator, design, accepted(world, title=f"Opgave nummer {n}"))
    for number in range(1, 7):
        save(world, design, number, answers={}, choices={}, participation="consult")
        save(world, design, number, answers={}, choices={}, participation="advise")
    for k in range(5):
        services.add_action(
            world.moderator, design, block=1 + k % 6, title=f"Actie {n}-{k}",
            owner_id=world.second_moderator.id, due_date=date.today() + timedelta(days=k - 2),
        )  # fmt: skip
        services.add_comment(resident(world.neighbourhood), design, 1 + k % 6, f"Reactie {n}-{k}")
    db.session.commit()


def _counts(client, count_queries) -> dict[str, int]:
    result = {}
    for page in PAGES:
        with count_queries() as statements:
            assert client.get(BASE + page).status_code == 200, page
        result[page] = len(statements)
    return result


def test_pages_run_a_fixed_number_of_queries(world, client, login, count_queries):
    design = services.start_design(world.moderator, world.neighbourhood)
    services.publish(world.moderator, design)
    _grow(world, design, 1)
    login(world.moderator)
    small = _counts(client, count_queries)
    _grow(world, design, 2)
    _grow(world, design, 3)
    large = _counts(client, count_queries)
    assert small == large
    # The budget: a page of the team design stays within 20 queries.
    assert max(large.values()) <= 20, large


def test_start_document_adds_two_queries_per_linked_opgave(world, client, login, count_queries):
    design = services.start_design(world.moderator, world.neighbourhood)
    services.publish(world.moderator, design)
    _grow(world, design, 1)
    login(world.moderator)
    with count_queries() as one:
        client.get(f"{BASE}/start-document")
    _grow(world, design, 2)
    with count_queries() as two:
        client.get(f"{BASE}/start-document")
    assert len(two) == len(one) + 2
