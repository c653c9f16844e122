"""The rendered-card cache of the list pages (issue 18): the same HTML as without it, in
every language, and every change that shows on a card shows on the next render."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.contributions import photo_files
from tests.factories import (
    PASSWORD,
    ContributionFactory,
    NeighbourhoodFactory,
    UserFactory,
    moderator,
    resident,
)
from wijkplatform.accounts.models import Organisation, OrganisationKind, OrganisationStatus
from wijkplatform.contributions import card_cache, services
from wijkplatform.contributions.models import ContributionCategory, ContributionKind
from wijkplatform.contributions.photos import images
from wijkplatform.contributions.photos import services as photo_services
from wijkplatform.contributions.photos.models import Photo
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation

LIMITS = {"max_bytes": 8 * 1024 * 1024, "max_pixels": 40_000_000}
CARD = re.compile(r'<li class="card contribution-card.*?</li>', re.S)
# A signed CSRF token holds the second it was signed in.
TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')


def _list_url(neighbourhood):
    return f"/neighbourhoods/{neighbourhood.slug}/contributions/"


def _municipality_url(neighbourhood):
    return f"/municipalities/{neighbourhood.municipality.cbs_code}/contributions/"


def _cards(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return CARD.findall(TOKEN.sub('name="csrf_token" value=""', response.get_data(as_text=True)))


def _card(client, neighbourhood, contribution) -> str:
    for card in _cards(client, _list_url(neighbourhood)):
        if f'id="contribution-{contribution.id}"' in card:
            return card
    return ""


def _uncached(app, client, url) -> list[str]:
    cache = app.extensions[card_cache.EXTENSION]
    size, cache.size = cache.size, 0
    try:
        return _cards(client, url)
    finally:
        cache.size = size


def _new_photo():
    return photo_services.NewPhoto(
        images.prepare(photo_files.photo(), **LIMITS), "Een kapotte lantaarnpaal bij de school"
    )


@pytest.fixture
def world(app):
    neighbourhood = NeighbourhoodFactory()
    author = resident(neighbourhood)
    db.session.commit()
    organisation = Organisation(
        name="Buurtkracht",
        kind=next(iter(OrganisationKind)),
        neighbourhood_id=neighbourhood.id,
        offers="Koffie en een luisterend oor.",
        contact="info@example.nl",
        status=OrganisationStatus.PENDING,
    )
    db.session.add(organisation)
    plain = ContributionFactory(neighbourhood=neighbourhood, author=author, title="Gewoon")
    rich = ContributionFactory(
        neighbourhood=neighbourhood,
        author=author,
        kind=ContributionKind.RESOURCE,
        title="Met alles erop & eraan <b>",
        body="Een **tekst** die lang genoeg is om af te breken. " * 10,
        place="Bij het buurthuis",
        organisation=organisation,
        category_rows=[ContributionCategory(category="community"),
                       ContributionCategory(category="work")],
    )  # fmt: skip
    offline = services.create_contribution(
        moderator(neighbourhood), neighbourhood=neighbourhood, kind="issue",
        title="Van een kaartje", body="Meer bankjes.", categories=["housing"],
        offline_source="paper", offline_date=date(2026, 9, 1),
    )  # fmt: skip
    with_photo = services.create_contribution(
        author, neighbourhood=neighbourhood, kind="issue", title="Met een foto",
        body="Kijk maar.", categories=["safety"], photos=[_new_photo()],
    )  # fmt: skip
    db.session.commit()
    return {
        "neighbourhood": neighbourhood,
        "author": author,
        "organisation": organisation,
        "plain": plain,
        "rich": rich,
        "offline": offline,
        "with_photo": with_photo,
    }


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_cached_cards_are_the_html_rendered_without_the_cache(
    app, client, login, world, language, signed_in
):
    neighbourhood = world["neighbourhood"]
    if signed_in:
        voter = resident(neighbourhood)
        services.set_support(voter, world["rich"], True)
        db.session.commit()
        login(voter)
    client.post("/account/language", data={"locale": language})
    cache = app.extensions[card_cache.EXTENSION]
    for url in (_list_url(neighbourhood), _municipality_url(neighbourhood)):
        uncached = _uncached(app, client, url)
        first = _cards(client, url)  # fills the cache
        hits = cache.hits
        second = _cards(client, url)  # served from it
        assert cache.hits == hits + len(uncached) == hits + 4
        assert first == second == uncached
    assert "Buurtkracht" in "".join(first)
    assert "contribution-card__photo" in "".join(first)
    if signed_in:  # the visitor's own part is not cached: this voter sees their support
        assert "Je steunt dit" in "".join(first) or "You support this" in "".join(first)


def test_the_language_is_part_of_the_key(client, world):
    neighbourhood = world["neighbourhood"]
    dutch = _card(client, neighbourhood, world["offline"])
    client.post("/account/language", data={"locale": "en"})
    english = _card(client, neighbourhood, world["offline"])
    assert "op papier of in gesprek gedeeld" in dutch and "collected offline" in english


def test_each_change_that_shows_on_a_card_shows_on_the_next_render(app, client, world):
    neighbourhood, author = world["neighbourhood"], world["author"]
    plain, rich, with_photo = world["plain"], world["rich"], world["with_photo"]
    worker = moderator(neighbourhood)
    db.session.commit()

    def card(contribution):
        return _card(client, neighbourhood, contribution)

    def check(contribution, *expected, absent=()):
        shown = card(contribution)
        for text in expected:
            assert text in shown, (text, shown)
        for text in absent:
            assert text not in shown, (text, shown)
        # ... and the cached render equals the one without the cache.
        assert _cards(client, _list_url(neighbourhood)) == _uncached(
            app, client, _list_url(neighbourhood)
        )

    for contribution in (plain, rich, with_photo):
        card(contribution)  # every card is in the cache now

    # Support: the count sits in the support box, outside the kept part.
    services.set_support(UserFactory(), plain, True)
    db.session.commit()
    check(plain, "<strong>1</strong> persoon steunt dit")

    # A reaction, and its removal by hiding it.
    comment = services.add_comment(resident(neighbourhood), plain, body="Goed idee")
    db.session.commit()
    check(plain, "1 reactie")
    moderation.hide(worker, comment, reason="Niet netjes")
    db.session.commit()
    check(plain, "0 reacties")
    moderation.restore(worker, comment)
    db.session.commit()
    check(plain, "1 reactie")

    # An edit of title, text, place and categories.
    services.edit_contribution(
        author, with_photo, title="Nieuwe titel", body="Nieuwe tekst", place="Op het plein",
        categories=["youth_family"],
    )  # fmt: skip
    db.session.commit()
    check(with_photo, "Nieuwe titel", "Nieuwe tekst", "Op het plein", absent=["Met een foto"])

    # A photo removed and one added.
    photo_id = db.session.scalar(select(Photo.id).where(Photo.contribution_id == with_photo.id))
    photo_services.remove_own_photos(author, with_photo, [photo_id])
    db.session.commit()
    check(with_photo, absent=["contribution-card__photo"])
    photo_services.add_photos(author, with_photo, [_new_photo()])
    db.session.commit()
    check(with_photo, "contribution-card__photo", "Een kapotte lantaarnpaal")

    # Withdrawn by the author.
    services.withdraw_contribution(author, rich)
    db.session.commit()
    check(rich, "teruggetrokken")

    # The organisation verified, then renamed (no event: the name is in the key).
    moderation.verify_organisation(worker, world["organisation"])
    db.session.commit()
    check(rich, "goedgekeurde organisatie")
    world["organisation"].name = "Buurtkracht Oost"
    db.session.commit()
    check(rich, "Buurtkracht Oost")

    # An official answer changes the status (in the key) and keeps the card right.
    moderation.answer(worker, plain, status="answered", body="We pakken dit op.")
    db.session.commit()
    check(plain, "1 reactie")

    # Hidden, restored and merged: the card goes from the list and comes back.
    moderation.hide(worker, plain, reason="Dubbel geplaatst")
    db.session.commit()
    assert card(plain) == ""
    moderation.restore(worker, plain)
    db.session.commit()
    check(plain, "Gewoon")
    moderation.merge(worker, plain, rich, reason="Zelfde vraag")
    db.session.commit()
    assert card(plain) == ""
    check(rich, "Buurtkracht Oost")


def test_the_authors_erasure_leaves_no_kept_card_behind(app, client, world):
    from wijkplatform.accounts.personal_data import erase_account

    neighbourhood = world["neighbourhood"]
    author = UserFactory()
    ContributionFactory(neighbourhood=neighbourhood, author=author, title="Van wie weg wil")
    db.session.commit()
    _cards(client, _list_url(neighbourhood))
    cache = app.extensions[card_cache.EXTENSION]
    assert len(cache) == 5
    erase_account(author, password=PASSWORD)
    db.session.commit()
    assert len(cache) == 0  # account_erased clears the cache
    assert _cards(client, _list_url(neighbourhood)) == _uncached(
        app, client, _list_url(neighbourhood)
    )


def test_domain_events_evict_the_cards_of_a_changed_contribution(app, client, world):
    neighbourhood, plain = world["neighbourhood"], world["plain"]
    cache = app.extensions[card_cache.EXTENSION]
    _cards(client, _list_url(neighbourhood))
    assert plain.id in cache._keys_by_id
    services.add_comment(resident(neighbourhood), plain, body="Eens")
    db.session.commit()
    assert plain.id not in cache._keys_by_id
    assert world["rich"].id in cache._keys_by_id  # the others stay


def test_the_cache_holds_at_most_its_size(make_app):
    app = make_app(CARD_CACHE_SIZE=2)
    with app.app_context():
        neighbourhood = NeighbourhoodFactory()
        for number in range(5):
            ContributionFactory(neighbourhood=neighbourhood, title=f"Bijdrage {number}")
        db.session.commit()
        client = app.test_client()
        assert len(_cards(client, _list_url(neighbourhood))) == 5
        cache = app.extensions[card_cache.EXTENSION]
        assert len(cache) == 2
        assert sum(len(keys) for keys in cache._keys_by_id.values()) == 2


def test_debug_mode_keeps_no_cards(make_app):
    assert not make_app(DEBUG=True).extensions[card_cache.EXTENSION].enabled


def test_the_key_alone_keeps_cards_fresh_without_any_eviction(app, client, world, monkeypatch):
    """Another process never hears this one's events: its cards must still be right."""
    neighbourhood, author, plain = world["neighbourhood"], world["author"], world["plain"]
    cache = app.extensions[card_cache.EXTENSION]
    monkeypatch.setattr(cache, "evict", lambda contribution_id: None)
    monkeypatch.setattr(cache, "clear", lambda: None)
    _cards(client, _list_url(neighbourhood))
    services.add_comment(resident(neighbourhood), plain, body="Eens")
    services.edit_contribution(
        author, world["with_photo"], title="Andere titel", body="Kijk maar.", categories=["safety"]
    )
    db.session.commit()
    assert "1 reactie" in _card(client, neighbourhood, plain)
    assert "Andere titel" in _card(client, neighbourhood, world["with_photo"])
