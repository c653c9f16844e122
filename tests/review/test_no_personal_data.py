"""Hidden and personal data never leave through the review: not on /review/ (its tables,
charts and filters), not in a CSV or JSON export, not in the API answers it stands beside.

Residents with names and e-mail addresses found nowhere else write, react, support, answer
the who-takes-part questions and react to an Opgave; a moderator hides a contribution and a
reaction. Then every reviewer address is read in full and searched for them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import moderator, resident
from tests.opgaven.conftest import TEXTS, TODAY
from tests.review.conftest import contribute, support
from wijkplatform.accounts import services as account_services
from wijkplatform.contributions import services as contribution_services
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.opgaven import services as opgave_services
from wijkplatform.review import exports

PEOPLE = [
    ("Zwanetta Pieterbos", "zwanetta.pieterbos@lekproef.example"),
    ("Hendrikus Qvist", "h.qvist@lekproef.example"),
    ("Maartje Oudewater", "maartje-oudewater@lekproef.example"),
    ("Bartholomeus Kwak", "b.kwak@lekproef.example"),
]
WORKER = ("Moderator Wilhelmina Snoek", "w.snoek@lekproef.example")
HIDDEN = (
    "Verborgen scheldpartij",  # the scene's hidden contribution
    "Dubbele bankjesvraag",  # the scene's merged-away duplicate
    "Verborgen lastercontributie",
    "Verborgen reactie met laster",
    "Geheime conceptopgave",
)
SHOWN = "Zichtbare vraag over de speeltuin"


@pytest.fixture
def residents_who_take_part(scene, app):
    with app.test_request_context():
        people = [resident(scene.large, display_name=name, email=email) for name, email in PEOPLE]
        worker = moderator(scene.large, display_name=WORKER[0], email=WORKER[1])
        first, second, third, fourth = people
        for person, age, years in zip(
            people,
            ("15_24", "25_44", "45_64", "65_plus"),
            ("less_than_2", "2_to_10") * 2,
            strict=True,
        ):
            account_services.set_participation_profile(person, age_group=age, years_here=years)
        shown = contribute(first, scene.large, SHOWN, categories=("youth_family",))
        support(shown, [second, third, fourth])
        contribution_services.add_comment(second, shown, body="Goed idee, ik help mee.")
        hidden_comment = contribution_services.add_comment(
            third, shown, body="Verborgen reactie met laster"
        )
        moderation_services.hide(worker, hidden_comment, reason="Laster")
        hidden = contribute(fourth, scene.large, "Verborgen lastercontributie")
        support(hidden, [first, second])
        moderation_services.hide(worker, hidden, reason="Laster")
        # An Opgave waiting for the reviewer, with the residents' reactions, and a draft.
        opgave = opgave_services.create_opgave(worker, scene.large, title="Opgave Grote Wijk")
        opgave_services.save_version(
            worker, opgave, base_version=1, title="Opgave Grote Wijk", texts=TEXTS, goals=[]
        )
        opgave_services.open_reactions(worker, opgave, until=TODAY + timedelta(days=7), today=TODAY)
        for person, answer in zip(people, ("yes", "yes", "no", "partly"), strict=True):
            opgave_services.react(person, opgave, {"whole": (answer, "")}, today=TODAY)
        opgave_services.submit(worker, opgave, today=TODAY + timedelta(days=8))
        opgave_services.create_opgave(worker, scene.large, title="Geheime conceptopgave")
        db.session.commit()
    return people


def _reviewer_addresses(scene) -> list[str]:
    municipality, large, small = scene.municipality.cbs_code, scene.large.slug, scene.small.slug
    pages = [
        "/review/",
        f"/review/?municipality={municipality}",
        f"/review/?neighbourhood={large}&weeks=52",
        f"/review/?neighbourhood={small}&weeks=4",
    ]
    exported = [f"/review/export/municipality/{municipality}.json"]
    exported += [f"/review/export/neighbourhood/{slug}.json" for slug in (large, small)]
    exported += [
        f"/review/export/{kind}/{key}/{dataset}.csv"
        for kind, key in (("municipality", municipality), ("neighbourhood", large))
        for dataset in exports.DATASETS
    ]
    api = [
        f"/api/v1/contributions?municipality={municipality}&per_page=100",
        f"/api/v1/contributions?neighbourhood={large}&sort=new&per_page=100",
        f"/api/v1/municipalities/{municipality}/priorities",
        f"/api/v1/municipalities/{municipality}/participation",
        f"/api/v1/neighbourhoods/{large}/opgaven",
        f"/api/v1/neighbourhoods/{large}/raised-topics",
        f"/api/v1/neighbourhoods/{large}/social-map",
    ]
    return pages + exported + api


def test_no_reviewer_page_chart_export_or_api_answer_shows_a_person_or_hidden_content(
    scene, residents_who_take_part, client, login
):
    login(scene.reviewer)
    texts = {}
    for url in _reviewer_addresses(scene):
        response = client.get(url)
        assert response.status_code == 200, url
        texts[url] = response.get_data(as_text=True)
    # What the residents did is there: their visible contribution, their support, the
    # reactions to the Opgave (so the search below looks where their traces are).
    assert SHOWN in texts["/review/"]
    assert 'id="review-who-age-15_24"' in texts["/review/"]
    assert 'id="review-draft-' in texts["/review/"]
    assert any(SHOWN in text for url, text in texts.items() if url.endswith(".csv"))
    assert any(SHOWN in text for url, text in texts.items() if url.endswith(".json"))
    secrets = [part for person in [*PEOPLE, WORKER] for part in person]
    secrets += ["lekproef", *HIDDEN]
    found = {(url, secret) for url, text in texts.items() for secret in secrets if secret in text}
    assert found == set()
    # Nobody else's address either (the factory gives residents @example.nl addresses).
    assert not [url for url, text in texts.items() if "@example.nl" in text]
