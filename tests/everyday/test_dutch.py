"""The Dutch residents read: right words, each message its own msgid (with a context where
one English word has two Dutch meanings), short sentences in common words (B1), and a page
that explains the words residents meet."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from tests.factories import ContributionFactory, NeighbourhoodFactory, resident
from wijkplatform.extensions import db

PO = Path(__file__).resolve().parents[2] / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
MAX_WORDS = 25
# Officialese and wrong words a B1 reader stumbles over, with what to write instead.
AVOID = {
    r"\bindien\b": "als",
    r"\bmiddels\b": "met",
    r"\bteneinde\b": "om",
    r"\balsmede\b": "en",
    r"\bdesbetreffende?\b": "die",
    r"\bt\.b\.v\.": "voor",
    r"\bm\.b\.t\.": "over",
    r"\breeds\b": "al",
    r"\bniet online opgehaald\b": "op papier of in gesprek gedeeld",
    r"\bnieuwe (vraagstuk|potentie)\b": "nieuw vraagstuk",
    r"\bwie staan\b": "wie steunt",
}


def _dutch_strings():
    with PO.open("rb") as po:
        catalog = read_po(po)
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        yield from ((message, text) for text in strings)


def _sentences(text: str):
    text = re.sub(r"%\(\w+\)[sd]|<[^>]+>", "X", text)
    return [s for s in re.split(r"(?<=[.!?:;])\s+", text) if s]


def test_every_dutch_sentence_is_short():
    too_long = [
        sentence
        for _message, text in _dutch_strings()
        for sentence in _sentences(text)
        if len(sentence.split()) > MAX_WORDS
    ]
    assert not too_long, "\n".join(too_long)


def test_dutch_avoids_officialese_and_known_wrong_words():
    found = [
        f"{text!r}: write {better!r}"
        for _message, text in _dutch_strings()
        for pattern, better in AVOID.items()
        if re.search(pattern, text, re.IGNORECASE)
    ]
    assert not found, "\n".join(found)


def test_the_b1_check_notices_a_long_sentence_and_jargon():
    long = " ".join(["woord"] * (MAX_WORDS + 1)) + "."
    assert any(len(s.split()) > MAX_WORDS for s in _sentences(long))
    assert re.search(next(iter(AVOID)), "Indien je wilt", re.IGNORECASE)


def test_change_has_two_meanings_with_two_contexts():
    contexts = {m.context: m.string for m, _ in _dutch_strings() if m.id == "Change"}
    assert contexts == {
        "link that opens the editor": "Wijzigen",
        "difference between two years in a table of figures": "Verandering",
    }


def test_edit_link_on_a_contribution_reads_wijzigen(client, login):
    neighbourhood = NeighbourhoodFactory()
    author = resident(neighbourhood)
    contribution = ContributionFactory(neighbourhood=neighbourhood, author=author)
    login(author)
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert f'/contributions/{contribution.id}/edit">Wijzigen<' in html
    assert "Verandering" not in html


def test_offline_badge_in_plain_dutch(client):
    from wijkplatform.contributions.models import OfflineSource

    contribution = ContributionFactory(offline_source=OfflineSource.PAPER)
    db.session.commit()
    url = f"/neighbourhoods/{contribution.neighbourhood.slug}/contributions/"
    html = client.get(url).get_data(as_text=True)
    assert "op papier of in gesprek gedeeld" in html
    assert "niet online opgehaald" not in html


def test_glossary_explains_the_words_residents_meet(client):
    response = client.get("/begrippen")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for word in ("Vraagstuk", "Hulpbron", "Potentie", "Opgave", "Wijkwerker", "Steunen"):
        assert f">{word}</dt>" in html, word
    home = client.get("/").get_data(as_text=True)
    assert 'href="/begrippen"' in home
