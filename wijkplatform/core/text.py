"""Cleaning what people type, the same way in every feature.

Every one-line text (a title, a name, a place, a reason on one line) goes through
`clean_line`; every longer text (a body, a comment, a reason in a text area) through
`clean_text`. Both normalise Unicode to NFC, so "é" typed two ways is one string for search
and uniqueness; both drop control characters (escape codes, bells, NUL) and the invisible
direction overrides that make a text read differently from what it says.
"""

from __future__ import annotations

import unicodedata

# Right-to-left overrides and isolates: they reorder what a reader sees (a display name
# or title that reads "Wijkteam" but is stored as something else). Joiners (U+200D,
# needed in emoji and some scripts) stay.
_DIRECTION_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)


def _is_unwanted(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or ch in _DIRECTION_CONTROLS


def clean_line(text: str | None) -> str:
    """One line: NFC, control characters become spaces, runs of white space one space,
    trimmed."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(" " if _is_unwanted(ch) else ch for ch in text)
    return " ".join(text.split())


def clean_text(text: str | None) -> str:
    """A text of several lines: NFC, Windows line ends become new lines, control
    characters other than new lines and tabs are dropped, trimmed at both ends."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or not _is_unwanted(ch))
    return text.strip()


def has_unwanted_characters(text: str | None) -> bool:
    """Whether `text` holds characters `clean_line` would take out: for fields that refuse
    them rather than cleaning silently (a display name must look as typed)."""
    return any(_is_unwanted(ch) or unicodedata.category(ch) == "Cf" for ch in text or "")


def strip_filter(value):
    """A WTForms filter: trims a submitted string, leaves anything else (None) alone."""
    return value.strip() if isinstance(value, str) else value
