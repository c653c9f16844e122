"""The worker's inbox (issue 20, item 10): new contributions without an answer or a
status, oldest first, with the count in the header; merging finds the survivor by search."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import ContributionFactory, moderator
from wijkplatform.contributions.models import ContributionStatus
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.moderation import services


def _inbox_ids(html: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r'id="inbox-(\d+)"', html)]


def test_inbox_lists_unanswered_contributions_oldest_first(world, client, login):
    nb = world.neighbourhood
    old = ContributionFactory(neighbourhood=nb, created_at=utcnow() - timedelta(days=9))
    answered = ContributionFactory(neighbourhood=nb, created_at=utcnow() - timedelta(days=8))
    services.answer(world.moderator, answered, status="under_consideration", body="We kijken.")
    with_status = ContributionFactory(neighbourhood=nb, status=ContributionStatus.INCLUDED)
    hidden = ContributionFactory(neighbourhood=nb, hidden=True)
    withdrawn = ContributionFactory(neighbourhood=nb, withdrawn_at=utcnow())
    elsewhere = ContributionFactory(neighbourhood=world.other_neighbourhood)
    login(world.moderator)
    html = client.get(f"/moderation/{nb.slug}/inbox").get_data(as_text=True)
    ids = _inbox_ids(html)
    assert ids[0] == old.id
    assert {world.contribution.id, world.duplicate.id} <= set(ids)
    for left_out in (answered, with_status, hidden, withdrawn, elsewhere):
        assert left_out.id not in ids
    assert f"{len(ids)} bijdragen wachten" in html


def test_header_shows_the_count_to_workers_only(world, client, login):
    login(world.moderator)
    html = client.get("/").get_data(as_text=True)
    assert 'id="worker-inbox-link"' in html
    assert '<span class="count-badge">2</span>' in html
    client.post("/account/logout")
    login(world.resident)
    assert 'id="worker-inbox-link"' not in client.get("/").get_data(as_text=True)


def test_answering_takes_it_out_of_the_inbox(world, client, login):
    services.answer(world.moderator, world.duplicate, status="answered", body="Dank je.")
    db.session.commit()
    login(world.moderator)
    html = client.get(f"/moderation/{world.neighbourhood.slug}/inbox").get_data(as_text=True)
    assert _inbox_ids(html) == [world.contribution.id]
    assert '<span class="count-badge">1</span>' in html


def test_residents_and_other_workers_cannot_open_the_inbox(world, client, login):
    url = f"/moderation/{world.neighbourhood.slug}/inbox"
    login(world.resident)
    assert client.get(url).status_code == 403
    client.post("/account/logout")
    login(world.other_moderator)
    assert client.get(url).status_code == 403


def test_inbox_runs_a_fixed_number_of_queries(world, client, login, count_queries):
    login(world.moderator)
    url = f"/moderation/{world.neighbourhood.slug}/inbox"
    counts = []
    for extra in (0, 15):
        for _ in range(extra):
            ContributionFactory(neighbourhood=world.neighbourhood)
        db.session.commit()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_merge_offers_found_contributions_to_choose_instead_of_a_number(world, client, login):
    nb = world.neighbourhood
    duplicate = ContributionFactory(neighbourhood=nb, title="Bankjes in het park")
    keeper = ContributionFactory(neighbourhood=nb, title="Meer bankjes in het park")
    other = ContributionFactory(neighbourhood=nb, title="Speeltuin opknappen")
    db.session.commit()
    login(world.moderator)
    url = f"/moderation/{nb.slug}/contribution/{duplicate.id}"
    html = client.get(url).get_data(as_text=True)
    assert f'id="survivor-{keeper.id}"' in html  # found by its own title
    assert f'id="survivor-{duplicate.id}"' not in html
    assert 'inputmode="numeric"' not in html
    html = client.get(url + "?survivor_q=speeltuin").get_data(as_text=True)
    assert f'id="survivor-{other.id}"' in html
    response = client.post(
        f"{url}/merge", data={"merge-survivor_id": str(keeper.id), "merge-reason": "Dubbel"}
    )
    assert response.status_code == 302
    assert services.survivor_id_of(duplicate.id) == keeper.id


def test_merge_without_a_choice_says_so_beside_the_list(world, client, login):
    login(world.moderator)
    url = f"/moderation/{world.neighbourhood.slug}/contribution/{world.duplicate.id}"
    response = client.post(f"{url}/merge", data={"merge-reason": "Dubbel"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="merge-survivor_id-error"' in html and "Kies de bijdrage die blijft" in html


def test_a_worker_of_two_neighbourhoods_can_switch_inbox(world, client, login):
    from tests.factories import membership
    from wijkplatform.accounts.models import Role

    worker = moderator(world.neighbourhood)
    membership(worker, Role.MODERATOR, neighbourhood=world.other_neighbourhood)
    login(worker)
    html = client.get(f"/moderation/{world.neighbourhood.slug}/inbox").get_data(as_text=True)
    assert f'href="/moderation/{world.other_neighbourhood.slug}/inbox"' in html


def _inbox_counts_in(statements) -> int:
    return sum(1 for s in statements if "count(" in s.lower() and "official_answer" in s)


def test_worker_pages_count_the_inbox_once_and_other_pages_not_at_all(
    world, client, login, count_queries
):
    """The header's inbox count runs once per page a worker opens (the inbox page shares
    it), never for a resident, and not for an htmx fragment, which has no header."""
    nb = world.neighbourhood
    login(world.moderator)
    for url in ("/", f"/neighbourhoods/{nb.slug}/contributions/", f"/moderation/{nb.slug}/inbox"):
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        assert _inbox_counts_in(statements) == 1, (url, statements)
    html = response.get_data(as_text=True)
    assert '<span class="count-badge">2</span>' in html
    assert "2 bijdragen wachten" in html
    with count_queries() as statements:
        response = client.get(
            f"/neighbourhoods/{nb.slug}/contributions/",
            headers={"HX-Request": "true", "HX-Target": "contribution-results"},
        )
    assert response.status_code == 200
    assert _inbox_counts_in(statements) == 0
    client.post("/account/logout")
    login(world.resident)
    with count_queries() as statements:
        client.get(f"/neighbourhoods/{nb.slug}/contributions/")
    assert _inbox_counts_in(statements) == 0
