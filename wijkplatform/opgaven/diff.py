"""A readable comparison of two versions: per section, the words that stayed, were added or
were removed. Pure calculation, so tests and the export use it without a request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# A word with the white space after it: a changed phrase then reads as one removed and one
# added run, not as words alternating with the spaces between them.
_TOKEN = re.compile(r"^\s+|\S+\s*")


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "added", "removed"
    text: str


@dataclass(frozen=True)
class SectionDiff:
    key: str
    pieces: tuple[Piece, ...]

    @property
    def changed(self) -> bool:
        return any(piece.kind != "same" for piece in self.pieces)

    @property
    def added_words(self) -> int:
        return sum(len(p.text.split()) for p in self.pieces if p.kind == "added")

    @property
    def removed_words(self) -> int:
        return sum(len(p.text.split()) for p in self.pieces if p.kind == "removed")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def diff_text(before: str, after: str) -> tuple[Piece, ...]:
    old, new = tokens(before), tokens(after)
    pieces: list[Piece] = []

    def add(kind: str, parts: list[str]) -> None:
        text = "".join(parts)
        if not text:
            return
        if pieces and pieces[-1].kind == kind:
            pieces[-1] = Piece(kind, pieces[-1].text + text)
        else:
            pieces.append(Piece(kind, text))

    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            add("same", old[a1:a2])
        else:
            add("removed", old[a1:a2])
            add("added", new[b1:b2])
    return tuple(pieces)


def diff_versions(before, after, keys) -> list[SectionDiff]:
    """Compare two versions (anything with `text_of(key)`; `before` may be None) per key."""
    return [
        SectionDiff(key, diff_text(before.text_of(key) if before else "", after.text_of(key)))
        for key in keys
    ]
