"""Withdrawing a post asks first (a confirmation page: works without JavaScript)."""

from __future__ import annotations

from tests.factories import ContributionFactory, NeighbourhoodFactory, resident
from wijkplatform.extensions import db


def _mine(client, login):
    neighbourhood = NeighbourhoodFactory()
    author = resident(neighbourhood)
    contribution = ContributionFactory(neighbourhood=neighbourhood, author=author)
    login(author)
    return contribution


def test_withdraw_on_the_page_is_a_link_to_a_question_not_a_one_click_button(client, login):
    contribution = _mine(client, login)
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert f'<a class="utrecht-link" href="/contributions/{contribution.id}/withdraw">' in html
    assert f'action="/contributions/{contribution.id}/withdraw"' not in html
    question = client.get(f"/contributions/{contribution.id}/withdraw")
    assert question.status_code == 200
    page = question.get_data(as_text=True)
    assert f'action="/contributions/{contribution.id}/withdraw"' in page
    assert f'href="/contributions/{contribution.id}"' in page  # "No, keep it"
    db.session.refresh(contribution)
    assert not contribution.withdrawn  # asking changes nothing


def test_confirming_withdraws(client, login):
    contribution = _mine(client, login)
    response = client.post(f"/contributions/{contribution.id}/withdraw")
    assert response.status_code == 302
    db.session.refresh(contribution)
    assert contribution.withdrawn


def test_someone_else_cannot_open_the_question(client, login):
    contribution = ContributionFactory()
    login(resident(contribution.neighbourhood))
    assert client.get(f"/contributions/{contribution.id}/withdraw").status_code == 403
