"""The public design page shows a page of comments per block (issue 18): the first ones,
each block's count, and "Show more comments", a plain link without JavaScript that htmx
turns into adding the next ones in place."""

from __future__ import annotations

import re

import pytest

from tests.factories import resident
from wijkplatform.extensions import db
from wijkplatform.team_design import services
from wijkplatform.team_design.models import TeamDesignComment
from wijkplatform.team_design.queries import COMMENTS_PAGE_SIZE, design_for

BASE = "/neighbourhoods/oude-haven/team-design"


def _shown(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="team-design-comment-(\d+)"', html)]


@pytest.fixture
def commented(world):
    """A published design with more comments on block 3 than a page holds, two on block 5."""
    design = services.start_design(world.moderator, world.neighbourhood)
    services.publish(world.moderator, design)
    author = resident(world.neighbourhood)
    block_3 = [
        services.add_comment(author, design, 3, f"Reactie {n}").id
        for n in range(COMMENTS_PAGE_SIZE + 4)
    ]
    block_5 = [services.add_comment(author, design, 5, f"Op blok 5: {n}").id for n in range(2)]
    db.session.commit()
    return block_3, block_5


def test_each_block_shows_its_first_comments_and_its_count(world, client, commented):
    block_3, block_5 = commented
    html = client.get(f"{BASE}/").get_data(as_text=True)
    assert _shown(html) == block_3[:COMMENTS_PAGE_SIZE] + block_5
    assert f"{len(block_3)} reacties" in html  # the whole block's count
    after = block_3[COMMENTS_PAGE_SIZE - 1]
    assert f'href="{BASE}/?block=3&amp;comments_after={after}#block-3"' in html
    assert f'data-hx-get="{BASE}/blocks/3/comments?comments_after={after}"' in html
    assert 'id="block-5-comments-more"' in html and "blocks/5/comments?" not in html


def test_without_javascript_the_link_shows_the_block_from_there(world, client, commented):
    block_3, block_5 = commented
    after = block_3[COMMENTS_PAGE_SIZE - 1]
    response = client.get(f"{BASE}/blocks/3/comments?comments_after={after}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{BASE}/?block=3&comments_after={after}#block-3")
    html = client.get(f"{BASE}/?block=3&comments_after={after}").get_data(as_text=True)
    assert _shown(html) == block_3[COMMENTS_PAGE_SIZE:] + block_5
    assert f"{len(block_3)} reacties" in html
    assert f'href="{BASE}/#block-3"' in html  # back to the block's first comments


def test_show_more_adds_the_next_comments_in_place_with_htmx(world, client, commented):
    block_3, _block_5 = commented
    after = block_3[COMMENTS_PAGE_SIZE - 1]
    response = client.get(
        f"{BASE}/blocks/3/comments?comments_after={after}", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-hx-swap-oob="beforeend:#block-3-comment-list"' in html
    assert _shown(html) == block_3[COMMENTS_PAGE_SIZE:]
    assert f'data-focus="team-design-comment-{block_3[COMMENTS_PAGE_SIZE]}"' in html
    assert 'id="block-3-comments-more"' in html and "data-announce=" in html
    assert "comments_after" not in html  # the last page offers no more
    assert "<html" not in html


@pytest.mark.parametrize(
    "query",
    [
        "block=9&comments_after=1",
        "block=3&comments_after=x",
        "block=x",
        "block=3&comments_after=%C2%B2",  # "²": a digit to str.isdigit, not to int()
    ],
)
def test_an_address_the_page_does_not_understand_shows_every_block_from_the_start(
    world, client, commented, query
):
    block_3, block_5 = commented
    response = client.get(f"{BASE}/?{query}")
    assert response.status_code == 200
    assert _shown(response.get_data(as_text=True)) == block_3[:COMMENTS_PAGE_SIZE] + block_5


def test_the_fragment_of_an_unknown_block_or_position_is_not_found(world, client, commented):
    htmx = {"HX-Request": "true"}
    assert client.get(f"{BASE}/blocks/9/comments?comments_after=1", headers=htmx).status_code == 404
    assert client.get(f"{BASE}/blocks/3/comments?comments_after=x", headers=htmx).status_code == 404


def test_hidden_comments_stay_out_of_the_pages_residents_see(world, client, login, commented):
    block_3, _block_5 = commented
    first = db.session.get(TeamDesignComment, block_3[0])
    services.hide_comment(world.moderator, first.design, first, "Telefoonnummer")
    db.session.commit()
    html = client.get(f"{BASE}/").get_data(as_text=True)
    assert _shown(html)[:COMMENTS_PAGE_SIZE] == block_3[1 : COMMENTS_PAGE_SIZE + 1]
    assert f"{len(block_3) - 1} reacties" in html
    login(world.moderator)
    html = client.get(f"{BASE}/").get_data(as_text=True)
    assert _shown(html)[:COMMENTS_PAGE_SIZE] == block_3[:COMMENTS_PAGE_SIZE]


def test_more_comments_run_the_same_statements_however_many_there_are(
    world, client, count_queries, commented
):
    block_3, _block_5 = commented
    htmx = {"HX-Request": "true"}
    url = f"{BASE}/blocks/3/comments?comments_after={block_3[0]}"
    db.session.expire_all()
    with count_queries() as few:
        assert client.get(url, headers=htmx).status_code == 200
    design = design_for(world.neighbourhood)
    author = resident(world.neighbourhood)
    for n in range(3 * COMMENTS_PAGE_SIZE):
        services.add_comment(author, design, 3, f"Nog een {n}")
    db.session.commit()
    db.session.expire_all()
    with count_queries() as many:
        assert client.get(url, headers=htmx).status_code == 200
    assert len(few) == len(many)
