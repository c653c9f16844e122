"""Text cleaning is the same in every feature (core/text.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wijkplatform.core.text import clean_line, clean_text, has_unwanted_characters


def test_a_line_loses_control_characters_and_extra_spaces():
    assert clean_line("  Te\x1b[31mweinig\x07  bankjes\t\n ") == "Te [31mweinig bankjes"


def test_direction_overrides_are_taken_out_so_a_title_reads_as_stored():
    assert clean_line("Wijk\u202eteam\u202c") == "Wijk team"
    assert has_unwanted_characters("Wijk\u202eteam")


def test_the_same_letter_typed_two_ways_is_one_string():
    assert clean_line("Cafe\u0301") == clean_line("Café") == "Café"


def test_a_text_keeps_its_lines_and_loses_the_rest():
    assert (
        clean_text("\r\nEerste regel\r\n\tTweede\x00 regel\x0b\n") == "Eerste regel\n\tTweede regel"
    )


def test_a_joiner_in_an_emoji_stays():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean_line(family) == family


@given(st.text())
def test_cleaning_is_idempotent_and_never_leaves_control_characters(text):
    line = clean_line(text)
    assert clean_line(line) == line
    assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in line)
    body = clean_text(text)
    assert clean_text(body) == body
    assert not any((ord(c) < 32 and c not in "\n\t") or 127 <= ord(c) < 160 for c in body)
