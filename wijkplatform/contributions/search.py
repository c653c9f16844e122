"""Full-text search with the database's own engine: FTS5 on SQLite, tsvector on PostgreSQL.

The FTS5 table, its triggers and the PostgreSQL GIN index are made by the "contributions"
migration; the PostgreSQL expression below must stay identical to that index.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Integer, bindparam, column, literal_column, text

from wijkplatform.contributions.models import Contribution
from wijkplatform.core.db import HAND_MADE_INDEXES, HAND_MADE_TABLES
from wijkplatform.extensions import db

# Made by the "contributions" migration (FTS5 and its shadow tables; the GIN index).
HAND_MADE_TABLES.update(
    {
        "contribution_fts",
        "contribution_fts_data",
        "contribution_fts_idx",
        "contribution_fts_docsize",
        "contribution_fts_config",
    }
)
HAND_MADE_INDEXES.add("ix_contribution_search")

QUERY_MAX = 200
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise_query(q: str | None) -> str:
    return " ".join((q or "").split())[:QUERY_MAX]


def _fts5_query(q: str, *, any_word: bool) -> str:
    """Words as prefixes; quotes keep FTS5 syntax out of user input."""
    words = _WORD.findall(q)[:12]
    return (" OR " if any_word else " ").join(f'"{word}"*' for word in words)


def search_clause(q: str | None, *, any_word: bool = False) -> ColumnElement[bool] | None:
    """A WHERE clause that keeps contributions matching `q` (every word, or with `any_word`
    at least one), or None for no search."""
    q = normalise_query(q)
    if not q:
        return None
    if db.engine.dialect.name == "postgresql":
        # Every word as a prefix, as FTS5 does on SQLite: "koffie" finds "koffieochtend".
        # Words are \w+ only, so no tsquery operator comes from user input.
        words = _WORD.findall(q)[:12]
        if not words:
            return literal_column("1") == literal_column("0")
        joiner = " | " if any_word else " & "
        return text(
            "to_tsvector('dutch', contribution.title || ' ' || contribution.body)"
            " @@ to_tsquery('dutch', :search_q)"
        ).bindparams(bindparam("search_q", joiner.join(f"{word}:*" for word in words)))
    match = _fts5_query(q, any_word=any_word)
    if not match:
        return literal_column("1") == literal_column("0")
    return Contribution.id.in_(
        text("SELECT rowid FROM contribution_fts WHERE contribution_fts MATCH :search_q")
        .bindparams(bindparam("search_q", match))
        .columns(column("rowid", Integer))
    )
