"""The worker's inbox (issue 20, item 10): new contributions without an answer or a
status, oldest first, with the count in the header; merging finds the survivor by search."""

from __future__ import annotations

from datetime import timedelta

import pytest

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


def _fill_inbox(nb, extra: int) -> list:
    """`extra` more waiting contributions, each a day older than the next; with the world's
    two, the inbox's ids oldest first."""
    start = utcnow() - timedelta(days=extra + 1)
    for n in range(extra):
        ContributionFactory(neighbourhood=nb, created_at=start + timedelta(days=n))
    db.session.commit()
    from wijkplatform.moderation import queries

    total = queries.inbox_counts([nb.id])[nb.id]
    return [row.id for row in queries.inbox(nb, total=total, size=total).rows]


def test_inbox_shows_a_page_at_a_time_and_page_two_continues_it(world, client, login):
    from wijkplatform.moderation.queries import INBOX_PAGE_SIZE

    nb = world.neighbourhood
    every = _fill_inbox(nb, INBOX_PAGE_SIZE + 3)
    login(world.moderator)
    html = client.get(f"/moderation/{nb.slug}/inbox").get_data(as_text=True)
    assert _inbox_ids(html) == every[:INBOX_PAGE_SIZE]
    assert f"{len(every)} bijdragen wachten" in html
    # Without JavaScript the control is a link to page 2; htmx asks for the rows instead.
    assert f'href="/moderation/{nb.slug}/inbox?page=2"' in html
    assert f'data-hx-get="/moderation/{nb.slug}/inbox/more?page=2"' in html
    html = client.get(f"/moderation/{nb.slug}/inbox?page=2").get_data(as_text=True)
    assert _inbox_ids(html) == every[INBOX_PAGE_SIZE:]
    assert f'start="{INBOX_PAGE_SIZE + 1}"' in html  # the list goes on counting
    assert f'href="/moderation/{nb.slug}/inbox"' in html and 'rel="prev"' in html
    assert "inbox?page=3" not in html  # the last page offers no more
    assert 'id="inbox-ignored-page"' not in html


def test_show_more_adds_the_next_rows_in_place_with_htmx(world, client, login):
    from wijkplatform.moderation.queries import INBOX_PAGE_SIZE

    nb = world.neighbourhood
    every = _fill_inbox(nb, INBOX_PAGE_SIZE + 3)
    login(world.moderator)
    url = f"/moderation/{nb.slug}/inbox/more?page=2"
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-hx-swap-oob="beforeend:#inbox"' in html
    assert _inbox_ids(html) == every[INBOX_PAGE_SIZE:]
    # The control is replaced: it says what was added and where the focus goes.
    assert 'id="inbox-more"' in html and "data-announce=" in html
    assert f'data-focus="inbox-{every[INBOX_PAGE_SIZE]}-link"' in html
    assert "<html" not in html and "worker-inbox-link" not in html
    # Without JavaScript the same address is that page of the inbox.
    response = client.get(url)
    assert response.status_code == 200
    assert _inbox_ids(response.get_data(as_text=True)) == every[INBOX_PAGE_SIZE:]


@pytest.mark.parametrize("asked", ["abc", "-1", "0", "2.5", "9" * 400])
def test_a_page_number_that_is_not_understood_shows_page_one_and_says_so(
    world, client, login, asked
):
    nb = world.neighbourhood
    every = _fill_inbox(nb, 3)
    login(world.moderator)
    response = client.get(f"/moderation/{nb.slug}/inbox", query_string={"page": asked})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _inbox_ids(html) == every  # one page holds them all: page 1 (and the last)
    assert 'id="inbox-ignored-page"' in html
    more = client.get(
        f"/moderation/{nb.slug}/inbox/more",
        query_string={"page": asked},
        headers={"HX-Request": "true"},
    )
    assert more.status_code == 404  # the control never asks for it: nothing is added


def test_a_page_past_the_end_shows_the_last_page_and_says_so(world, client, login):
    from wijkplatform.moderation.queries import INBOX_PAGE_SIZE

    nb = world.neighbourhood
    every = _fill_inbox(nb, INBOX_PAGE_SIZE + 3)
    login(world.moderator)
    html = client.get(f"/moderation/{nb.slug}/inbox?page=7").get_data(as_text=True)
    assert _inbox_ids(html) == every[INBOX_PAGE_SIZE:]
    assert 'id="inbox-ignored-page"' in html
    assert "Pagina 7 bestaat niet" in html


def test_every_page_of_the_inbox_runs_the_same_statements(world, client, login, count_queries):
    from wijkplatform.moderation.queries import INBOX_PAGE_SIZE

    nb = world.neighbourhood
    login(world.moderator)
    counts = {}
    for extra in (INBOX_PAGE_SIZE, 2 * INBOX_PAGE_SIZE):  # 27, then 77 wait
        _fill_inbox(nb, extra)
        for page in (1, 2):
            db.session.expire_all()  # every request finds the test's session alike
            with count_queries() as statements:
                assert client.get(f"/moderation/{nb.slug}/inbox?page={page}").status_code == 200
            counts[extra, page] = len(statements)
            db.session.expire_all()
            with count_queries() as statements:
                response = client.get(
                    f"/moderation/{nb.slug}/inbox/more?page={page}",
                    headers={"HX-Request": "true"},
                )
            assert response.status_code == 200
            counts[extra, page, "more"] = len(statements)
    assert len({n for key, n in counts.items() if len(key) == 2}) == 1, counts
    assert len({n for key, n in counts.items() if len(key) == 3}) == 1, counts
