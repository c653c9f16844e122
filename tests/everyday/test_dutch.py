"""The Dutch residents read: right words, each message its own msgid (with a context where
one English word has two Dutch meanings), short sentences in common words (B1), and a page
that explains the words residents meet."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tests.factories import ContributionFactory, NeighbourhoodFactory, resident
from wijkplatform.extensions import db

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
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


# English words with two Dutch meanings. Per word: every file that uses it, with the
# translator context it must carry there (None: the plain msgid) and the Dutch of that sense.
# A new use of one of these words fails test_each_sense_of_a_word_has_its_own_context until
# it is listed here, with the context of its sense.
TEAM_BLOCK = "building block of the team design"
ANSWER_COLUMN = "table column: the answer residents chose"
ANSWERS_COLUMN = "table column: how many residents chose the answer"
EDITOR_LINK = "link that opens the editor"
FIGURES_CHANGE = "difference between two years in a table of figures"
SENSES = {
    "Block": {
        "templates/admin/user_detail.html": None,  # the button that blocks a user
        "templates/moderation/block_form.html": None,
        "templates/team_design/plan.html": TEAM_BLOCK,
        "templates/team_design/start_document.html": TEAM_BLOCK,
    },
    "Answer": {
        "templates/contributions/_comment.html": None,  # reply to a reaction
        "templates/review/review_page.html": ANSWER_COLUMN,
    },
    "Answers": {"templates/review/review_page.html": ANSWERS_COLUMN},
    "Change": {
        "templates/contributions/_comment.html": EDITOR_LINK,
        "templates/contributions/contribution_detail.html": EDITOR_LINK,
        "templates/neighbourhoods/_area_profile.html": FIGURES_CHANGE,
    },
}
DUTCH = {
    ("Block", None): "Blokkeren",
    ("Block", TEAM_BLOCK): "Bouwsteen",
    ("Answer", None): "Antwoorden",
    ("Answer", ANSWER_COLUMN): "Antwoord",
    ("Answers", ANSWERS_COLUMN): "Aantal",
    ("Change", EDITOR_LINK): "Wijzigen",
    ("Change", FIGURES_CHANGE): "Verandering",
}


def _makefile_keywords() -> dict:
    """The keywords `make extract-translations` gives pybabel (-k NAME or -k NAME:1,2)."""
    keywords = dict(DEFAULT_KEYWORDS)
    for spec in re.findall(r"-k (\S+)", (ROOT / "Makefile").read_text()):
        name, _, places = spec.partition(":")
        keywords[name] = tuple(int(p) for p in places.split(",")) if places else None
    return keywords


@cache
def _extracted() -> list[tuple[str, str | tuple, str | None]]:
    """(file, message, context) of every message in the sources, as `pybabel extract` reads
    them (babel.cfg, the Makefile's keywords)."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    skip = {"node_modules", "instance", "tests", "translations", "migrations", "docs"}

    def wanted(path):
        name = os.path.basename(path)
        return not name.startswith(".") and name not in skip

    return [
        (filename, message, context)
        for filename, _line, message, _comments, context in extract_from_dir(
            str(ROOT),
            method_map,
            options_map,
            keywords=_makefile_keywords(),
            directory_filter=wanted,
        )
    ]


def _uses() -> dict[str, dict[str, set]]:
    """word -> file -> the contexts it is used with."""
    uses: dict[str, dict[str, set]] = {}
    for filename, message, context in _extracted():
        word = message[0] if isinstance(message, tuple) else message
        if word in SENSES:
            uses.setdefault(word, {}).setdefault(filename, set()).add(context)
    return uses


def test_the_dutch_catalogue_holds_every_message_the_code_asks_for():
    """`make update-translations` drops what extraction no longer finds: a message the code
    translates through a helper extraction does not know would lose its Dutch there."""
    with PO.open("rb") as po:
        catalogue = read_po(po)
    missing = sorted(
        f"{filename}: {message!r}"
        for filename, message, context in _extracted()
        if catalogue.get(message[0] if isinstance(message, tuple) else message, context) is None
    )
    assert missing == []
    # And the reverse: what the committed template lists is what extraction finds now (a
    # message in a call extraction cannot read, such as one inside an f-string, is missing
    # from a fresh extract, and update-translations would drop its Dutch).
    with (ROOT / "translations" / "messages.pot").open("rb") as pot:
        template = {
            (m.id if isinstance(m.id, str) else m.id[0], m.context) for m in read_po(pot) if m.id
        }
    found = {
        (message[0] if isinstance(message, tuple) else message, context)
        for _filename, message, context in _extracted()
    }
    assert sorted(template - found, key=str) == []
    # The helpers that write the Opgave page's and the queue's items are read too.
    files = {filename for filename, _message, _context in _extracted()}
    assert "wijkplatform/opgaven/views/evidence_items.py" in files
    assert "wijkplatform/moderation/views/queue_items.py" in files


def test_each_sense_of_a_word_has_its_own_context():
    expected = {word: {f: {ctx} for f, ctx in files.items()} for word, files in SENSES.items()}
    assert _uses() == expected


def test_each_sense_has_its_own_dutch_word():
    """Passes once the Dutch of the contexts is in the catalogue."""
    catalogue = {(m.id, m.context): m.string for m, _ in _dutch_strings() if m.id in SENSES}
    assert {key: catalogue.get(key) for key in DUTCH} == DUTCH
    for word in SENSES:
        meanings = [dutch for (w, _context), dutch in DUTCH.items() if w == word]
        assert len(set(meanings)) == len(meanings), word


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
