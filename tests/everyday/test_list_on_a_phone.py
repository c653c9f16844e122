"""The list on a phone (issue 20, item 6): filters fold behind one control, cards show a
short snippet and the place."""

from __future__ import annotations

import re

from tests.factories import ContributionFactory, NeighbourhoodFactory
from wijkplatform.core.markdown import SNIPPET_LENGTH, snippet
from wijkplatform.extensions import db


def test_snippet_is_plain_text_cut_at_a_word():
    text = "Veel **ouderen** eten [alleen](https://example.org). " + "woord " * 60
    short = snippet(text)
    assert short.startswith("Veel ouderen eten alleen. woord")
    assert "**" not in short and "<" not in short and "https" not in short
    assert short.endswith("…") and len(short) <= SNIPPET_LENGTH + 1
    assert snippet("Kort & goed") == "Kort & goed"
    assert snippet(None) == ""


def test_cards_show_a_snippet_and_the_place(client):
    neighbourhood = NeighbourhoodFactory()
    ContributionFactory(
        neighbourhood=neighbourhood,
        body="De lantaarn bij het *speelveld* is al weken kapot.",
        place="Kadestraat 12",
    )
    db.session.commit()
    html = client.get(f"/neighbourhoods/{neighbourhood.slug}/contributions/").get_data(True)
    assert re.search(
        r'contribution-card__snippet">De lantaarn bij het speelveld is al weken kapot.</p>', html
    )
    assert "Kadestraat 12</span>" in html


def test_filters_fold_behind_one_control_and_open_when_used(client):
    neighbourhood = NeighbourhoodFactory()
    db.session.commit()
    url = f"/neighbourhoods/{neighbourhood.slug}/contributions/"
    html = client.get(url).get_data(as_text=True)
    assert '<details class="filter-form__more" id="filter-more">' in html
    assert html.index('id="filter-q"') < html.index('id="filter-more"')  # search stays in view
    assert html.index('id="filter-more"') < html.index('id="filter-kind"')
    used = client.get(url + "?kind=resource").get_data(as_text=True)
    assert '<details class="filter-form__more" id="filter-more" open>' in used
