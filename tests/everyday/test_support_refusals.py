"""Where support is closed the page says why, in place of the button (issue 20, item 4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.factories import ContributionFactory, NeighbourhoodFactory, resident
from wijkplatform.contributions.models import ContributionStatus
from wijkplatform.extensions import db


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (ContributionStatus.INCLUDED, "al onderdeel van de opgave"),
        (ContributionStatus.ANSWERED, "antwoord"),
    ],
)
def test_closed_support_says_why_on_the_page_and_in_the_list(client, login, status, reason):
    neighbourhood = NeighbourhoodFactory()
    contribution = ContributionFactory(neighbourhood=neighbourhood, status=status)
    login(resident(neighbourhood))
    for url in (
        f"/contributions/{contribution.id}",
        f"/neighbourhoods/{neighbourhood.slug}/contributions/",
    ):
        html = client.get(url).get_data(as_text=True)
        votes = html[html.index(f'id="contribution-{contribution.id}-votes"') :]
        votes = votes[: votes.index("</div>")]
        assert "aria-pressed" not in votes, url
        assert "votes__refusal" in votes and reason in votes.lower(), (url, votes)


def test_open_contribution_still_has_the_button(client, login):
    neighbourhood = NeighbourhoodFactory()
    contribution = ContributionFactory(neighbourhood=neighbourhood)
    login(resident(neighbourhood))
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert 'aria-pressed="false"' in html
    assert "votes__refusal" not in html


def test_blocked_resident_reads_the_block_instead_of_a_button(client, login):
    from tests.factories import moderator
    from wijkplatform.moderation import services as moderation_services

    neighbourhood = NeighbourhoodFactory()
    contribution = ContributionFactory(neighbourhood=neighbourhood)
    user = resident(neighbourhood)
    moderation_services.block(
        moderator(neighbourhood),
        user,
        neighbourhood,
        until=date.today() + timedelta(days=7),
        reason="Scheldwoorden",
    )
    db.session.commit()
    login(user)
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    votes = html[html.index(f'id="contribution-{contribution.id}-votes"') :]
    votes = votes[: votes.index("</div>")]
    assert "aria-pressed" not in votes
    assert "Scheldwoorden" in votes


def test_visitor_is_asked_to_log_in_not_refused(client):
    contribution = ContributionFactory()
    db.session.commit()
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "/account/login?next=" in html
    assert "votes__refusal" not in html


def test_official_answer_shows_the_same_status_as_the_badge(client, login):
    from tests.factories import moderator
    from wijkplatform.moderation import services as moderation_services

    neighbourhood = NeighbourhoodFactory()
    contribution = ContributionFactory(neighbourhood=neighbourhood)
    moderation_services.answer(
        moderator(neighbourhood), contribution, status="under_consideration", body="We kijken."
    )
    contribution.status = ContributionStatus.INCLUDED  # later taken into an Opgave
    db.session.commit()
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    answer = html[html.index("official-answer") :]
    assert "Status: opgenomen in de opgave." in answer
    assert "Toen dit antwoord werd gegeven, was de status: wordt bekeken." in answer
