"""List pages: filters, sorting, full-text search, pages, hidden rows, fixed query count."""

from __future__ import annotations

import pytest

from tests.factories import ContributionFactory, NeighbourhoodFactory, UserFactory
from wijkplatform.contributions import services
from wijkplatform.contributions.models import ContributionCategory, ContributionKind
from wijkplatform.contributions.queries import PAGE_SIZE
from wijkplatform.extensions import db

HTMX = {"HX-Request": "true", "HX-Target": "contribution-results"}


def _url(neighbourhood, query=""):
    return f"/neighbourhoods/{neighbourhood.slug}/contributions/{query}"


def _titles_in_order(html, titles):
    positions = {title: html.find(title) for title in titles}
    assert all(p >= 0 for p in positions.values()), positions
    return sorted(titles, key=positions.get)


def test_filter_by_kind_and_category(client):
    neighbourhood = NeighbourhoodFactory()
    ContributionFactory(neighbourhood=neighbourhood, title="Vraagstuk over geld",
                        category_rows=[ContributionCategory(category="debt_money")])  # fmt: skip
    ContributionFactory(neighbourhood=neighbourhood, title="Hulpbron over geld",
                        kind=ContributionKind.RESOURCE,
                        category_rows=[ContributionCategory(category="debt_money")])  # fmt: skip
    ContributionFactory(neighbourhood=neighbourhood, title="Vraagstuk over jeugd",
                        category_rows=[ContributionCategory(category="youth_family")])  # fmt: skip
    db.session.commit()
    html = client.get(_url(neighbourhood, "?kind=issue&category=debt_money")).get_data(True)
    assert "Vraagstuk over geld" in html
    assert "Hulpbron over geld" not in html and "Vraagstuk over jeugd" not in html


def test_unknown_filter_values_fall_back_to_everything(client):
    neighbourhood = NeighbourhoodFactory()
    ContributionFactory(neighbourhood=neighbourhood, title="Iets in de wijk")
    db.session.commit()
    response = client.get(_url(neighbourhood, "?kind=evil&category=nope&sort=x&page=abc"))
    assert response.status_code == 200
    assert "Iets in de wijk" in response.get_data(as_text=True)


def _notice(html: str) -> str:
    """The notice beside the filters that says what was left out ("" when there is none)."""
    if 'id="contribution-ignored-filters"' not in html:
        return ""
    start = html.index('id="contribution-ignored-filters"')
    return html[start : html.index("</div></div>", start)]


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("?kind=evil", "“evil”"),
        ("?category=nope", "“nope”"),
        ("?sort=cheapest", "“cheapest”"),
        ("?page=abc", "“abc”"),
        ("?page=0", "“0”"),
        ("?page=-3", "“-3”"),
        ("?page=%C2%B2", "“\u00b2”"),  # a superscript two: a digit, but not a number
        ("?page=99", " 99"),  # past the last page
        ("?page=" + "9" * 5000, " " + "9" * 20),  # too long for int(): past the end too
    ],
)
def test_a_value_the_list_does_not_understand_is_ignored_and_said_so(client, query, said):
    neighbourhood = NeighbourhoodFactory()
    ContributionFactory(neighbourhood=neighbourhood, title="Iets in de wijk")
    db.session.commit()
    response = client.get(_url(neighbourhood, query))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Iets in de wijk" in html  # the list itself, with the value left out
    notice = _notice(html)
    assert said in notice
    assert notice.count("utrecht-paragraph") == 1
    # The filter form comes just before the notice.
    assert html.index('id="filter-sort"') < html.index('id="contribution-ignored-filters"')


def test_every_value_left_out_is_named_on_the_municipality_list_and_in_the_htmx_partial(client):
    neighbourhood = NeighbourhoodFactory()
    ContributionFactory(neighbourhood=neighbourhood, title="Iets in de wijk")
    db.session.commit()
    query = "?kind=evil&category=nope&sort=x&page=abc"
    code = neighbourhood.municipality.cbs_code
    html = client.get(f"/municipalities/{code}/contributions/{query}").get_data(as_text=True)
    assert _notice(html).count("utrecht-paragraph") == 4
    partial = client.get(_url(neighbourhood, query), headers=HTMX).get_data(as_text=True)
    assert _notice(partial).count("utrecht-paragraph") == 4
    assert "Iets in de wijk" in partial


def test_known_values_give_no_notice(client):
    neighbourhood = NeighbourhoodFactory()
    ContributionFactory(neighbourhood=neighbourhood, title="Iets in de wijk")
    db.session.commit()
    query = "?kind=issue&category=&sort=new&page=1&q="
    html = client.get(_url(neighbourhood, query)).get_data(as_text=True)
    assert "Iets in de wijk" in html
    assert _notice(html) == ""


def test_sort_by_support_newest_and_discussion(client):
    neighbourhood = NeighbourhoodFactory()
    popular = ContributionFactory(neighbourhood=neighbourhood, title="Veel steun")
    discussed = ContributionFactory(neighbourhood=neighbourhood, title="Veel gepraat")
    newest = ContributionFactory(neighbourhood=neighbourhood, title="Net geplaatst")
    for _ in range(3):
        services.set_support(UserFactory(), popular, True)
    for _ in range(2):
        services.add_comment(UserFactory(), discussed, body="Hmm")
    db.session.commit()
    titles = [popular.title, discussed.title, newest.title]
    top = client.get(_url(neighbourhood)).get_data(as_text=True)
    assert _titles_in_order(top, titles)[0] == "Veel steun"
    talked = client.get(_url(neighbourhood, "?sort=discussed")).get_data(as_text=True)
    assert _titles_in_order(talked, titles)[0] == "Veel gepraat"
    new = client.get(_url(neighbourhood, "?sort=new")).get_data(as_text=True)
    assert _titles_in_order(new, titles)[0] == "Net geplaatst"


def test_full_text_search_finds_words_in_title_and_body(client):
    neighbourhood = NeighbourhoodFactory()
    ContributionFactory(neighbourhood=neighbourhood, title="Speeltuin is kapot",
                        body="De schommels zijn al maanden stuk.")  # fmt: skip
    ContributionFactory(neighbourhood=neighbourhood, title="Te weinig groen",
                        body="Er staan geen bomen in de straat.")  # fmt: skip
    db.session.commit()
    by_body = client.get(_url(neighbourhood, "?q=schommels")).get_data(as_text=True)
    assert "Speeltuin is kapot" in by_body and "Te weinig groen" not in by_body
    by_title = client.get(_url(neighbourhood, "?q=groen")).get_data(as_text=True)
    assert "Te weinig groen" in by_title and "Speeltuin is kapot" not in by_title


@pytest.mark.parametrize("q", ['"', "title:x OR", "*", "NEAR(", "'; DROP TABLE contribution; --"])
def test_search_syntax_in_the_query_is_harmless(client, q):
    neighbourhood = NeighbourhoodFactory()
    ContributionFactory(neighbourhood=neighbourhood)
    db.session.commit()
    response = client.get(_url(neighbourhood), query_string={"q": q})
    assert response.status_code == 200


def test_search_finds_an_edited_title_and_not_the_old_one(client):
    neighbourhood = NeighbourhoodFactory()
    contribution = ContributionFactory(neighbourhood=neighbourhood, title="Zwerfvuil bij de haven")
    db.session.commit()
    services.edit_contribution(contribution.author, contribution, title="Hondenpoep op de stoep",
                               body="Vies.", categories=["housing"])  # fmt: skip
    db.session.commit()
    assert "Hondenpoep" in client.get(_url(neighbourhood, "?q=hondenpoep")).get_data(True)
    assert "Hondenpoep" not in client.get(_url(neighbourhood, "?q=zwerfvuil")).get_data(True)


def test_hidden_contributions_are_left_out_of_lists_search_and_counts(client):
    neighbourhood = NeighbourhoodFactory()
    ContributionFactory(neighbourhood=neighbourhood, title="Zichtbare bijdrage")
    ContributionFactory(neighbourhood=neighbourhood, title="Verborgen bijdrage", hidden=True)
    db.session.commit()
    html = client.get(_url(neighbourhood)).get_data(as_text=True)
    assert "Zichtbare bijdrage" in html and "Verborgen bijdrage" not in html
    assert "1 bijdrage" in html
    searched = client.get(_url(neighbourhood, "?q=bijdrage")).get_data(as_text=True)
    assert "Verborgen bijdrage" not in searched


def test_pages_split_long_lists(client):
    neighbourhood = NeighbourhoodFactory()
    for number in range(PAGE_SIZE + 3):
        ContributionFactory(neighbourhood=neighbourhood, title=f"Bijdrage {number:02d} hier")
    db.session.commit()
    first = client.get(_url(neighbourhood, "?sort=new")).get_data(as_text=True)
    second = client.get(_url(neighbourhood, "?sort=new&page=2")).get_data(as_text=True)
    assert first.count('class="card contribution-card') == PAGE_SIZE
    assert second.count('class="card contribution-card') == 3
    assert "Pagina 2 van 2" in second
    assert "page=2" in first
    beyond = client.get(_url(neighbourhood, "?page=99"))
    assert beyond.status_code == 200
    # Past the end: the last page's cards (the count comes with the page, issue 18).
    beyond = client.get(_url(neighbourhood, "?sort=new&page=99")).get_data(as_text=True)
    assert beyond.count('class="card contribution-card') == 3
    assert "Pagina 2 van 2" in beyond
    assert all(f"Bijdrage {number:02d} hier" in beyond for number in range(3))


def test_htmx_filter_request_gets_only_the_results_partial(client):
    neighbourhood = NeighbourhoodFactory()
    ContributionFactory(neighbourhood=neighbourhood, title="Een bijdrage")
    db.session.commit()
    html = client.get(_url(neighbourhood, "?q=bijdrage"), headers=HTMX).get_data(as_text=True)
    assert html.lstrip().startswith('<div id="contribution-results"')
    assert "<html" not in html


def test_municipality_list_shows_contributions_of_all_its_neighbourhoods(client):
    first = NeighbourhoodFactory()
    second = NeighbourhoodFactory(municipality=first.municipality)
    ContributionFactory(neighbourhood=first, title="Uit de eerste wijk")
    ContributionFactory(neighbourhood=second, title="Uit de tweede wijk")
    ContributionFactory(title="Uit een andere gemeente")
    db.session.commit()
    html = client.get(f"/municipalities/{first.municipality.cbs_code}/contributions/").get_data(
        as_text=True
    )
    assert "Uit de eerste wijk" in html and "Uit de tweede wijk" in html
    assert "Uit een andere gemeente" not in html


def _fill(neighbourhood, number, voter=None):
    for index in range(number):
        contribution = ContributionFactory(
            neighbourhood=neighbourhood,
            category_rows=[ContributionCategory(category="community"),
                           ContributionCategory(category="work")],
            author=UserFactory(),
        )  # fmt: skip
        if voter is not None and index % 2 == 0:
            services.set_support(voter, contribution, True)
    db.session.commit()


@pytest.mark.parametrize("signed_in", [False, True])
def test_list_page_runs_the_same_number_of_queries_whatever_its_length(
    client, login, count_queries, signed_in
):
    few, many = NeighbourhoodFactory(), NeighbourhoodFactory()
    voter = UserFactory()
    _fill(few, 2, voter)
    _fill(many, PAGE_SIZE, voter)
    if signed_in:
        login(voter)
    counts = []
    for neighbourhood in (few, many):
        for query in ("", "?q=bijdrage&category=community&sort=discussed"):
            url = _url(neighbourhood, query)
            db.session.expire_all()
            with count_queries() as statements:
                response = client.get(url)
            assert response.status_code == 200
            counts.append(len(statements))
    assert len(set(counts)) == 1, counts
    # neighbourhood, then one statement (issue 18): the count with the online/offline split
    # next to the page of cards (columns only: no authors, so no authors' roles; with their
    # categories and first photos); signed in also the user with their roles (one
    # statement), their supports on this page and their unread notifications (the count in
    # the header)
    assert counts[0] == (5 if signed_in else 2), counts


def test_offline_input_is_counted_separately(client):
    from datetime import date

    from tests.factories import moderator

    neighbourhood = NeighbourhoodFactory()
    ContributionFactory(neighbourhood=neighbourhood)
    services.create_contribution(
        moderator(neighbourhood), neighbourhood=neighbourhood, kind="issue",
        title="Van een kaartje in de ideeenbus", body="Meer bankjes.", categories=["housing"],
        offline_source="paper", offline_date=date(2026, 9, 1),
    )  # fmt: skip
    db.session.commit()
    html = client.get(_url(neighbourhood)).get_data(as_text=True)
    assert "1 online ingevoerd, 1 opgehaald op papier" in html
    assert "op papier of in gesprek gedeeld" in html


def _municipality_with(neighbourhoods: int, per_neighbourhood: int = 2):
    first = NeighbourhoodFactory()
    places = [first] + [
        NeighbourhoodFactory(municipality=first.municipality) for _ in range(neighbourhoods - 1)
    ]
    for neighbourhood in places:
        for _ in range(per_neighbourhood):
            ContributionFactory(neighbourhood=neighbourhood, author=UserFactory())
    db.session.commit()
    return first.municipality


@pytest.mark.parametrize("signed_in", [False, True])
def test_municipality_list_does_not_grow_with_its_number_of_neighbourhoods(
    client, login, count_queries, signed_in
):
    """Issue 18: the municipality list asks for the municipality's contributions, not for
    those of a list of neighbourhoods, so 20 neighbourhoods cost what 2 cost: the same
    statements, none of them naming the neighbourhoods."""
    small, large = _municipality_with(2), _municipality_with(20)
    if signed_in:
        login(UserFactory())
    urls = [
        f"/municipalities/{municipality.cbs_code}/contributions/{query}"
        for municipality in (small, large)
        for query in ("", "?sort=new&kind=issue", "?q=bijdrage&category=community")
    ]
    counts = []
    for url in urls:
        db.session.expire_all()
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(statements))
        reading = [s for s in statements if "FROM contribution" in s]
        assert reading and all("neighbourhood_id IN" not in s for s in reading), reading
    assert len(set(counts)) == 1, counts
    # municipality, then the count next to the page of cards with their categories and
    # first photos (signed in: the user with their roles, their supports on this page and
    # their unread notifications)
    assert counts[0] == (5 if signed_in else 2), counts


def test_new_contribution_carries_its_neighbourhood_s_municipality(client):
    from tests.factories import resident
    from wijkplatform.contributions.models import Contribution

    neighbourhood = NeighbourhoodFactory()
    author = resident(neighbourhood)
    contribution = services.create_contribution(
        author,
        neighbourhood=neighbourhood,
        kind=ContributionKind.ISSUE,
        title="Een bankje bij de bushalte",
        body="Er is nergens een plek om te zitten.",
        categories=["community"],
    )
    db.session.commit()
    assert db.session.get(Contribution, contribution.id).municipality_id == (
        neighbourhood.municipality_id
    )
    html = client.get(
        f"/municipalities/{neighbourhood.municipality.cbs_code}/contributions/"
    ).get_data(as_text=True)
    assert "Een bankje bij de bushalte" in html


def test_searches_share_one_statement_and_each_finds_its_own_words(client):
    # Issue 18: the words are a parameter of the statement, not part of its text, so every
    # search of a shape runs the statement built once (and never the words of another).
    from wijkplatform.contributions.queries import lists

    neighbourhood = NeighbourhoodFactory()
    ContributionFactory(neighbourhood=neighbourhood, title="Kapotte lantaarnpaal")
    ContributionFactory(neighbourhood=neighbourhood, title="Volle vuilcontainer")
    db.session.commit()
    lists._STATEMENTS.clear()
    lamp = client.get(_url(neighbourhood, "?q=lantaarnpaal")).get_data(as_text=True)
    bin_ = client.get(_url(neighbourhood, "?q=vuilcontainer")).get_data(as_text=True)
    assert "Kapotte lantaarnpaal" in lamp and "Volle vuilcontainer" not in lamp
    assert "Volle vuilcontainer" in bin_ and "Kapotte lantaarnpaal" not in bin_
    assert len(lists._STATEMENTS) == 1
    # Punctuation only: no words, nothing found, its own shape.
    nothing = client.get(_url(neighbourhood, "?q=%21%21")).get_data(as_text=True)
    assert "Kapotte lantaarnpaal" not in nothing and "Volle vuilcontainer" not in nothing
    assert len(lists._STATEMENTS) == 2
