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


def search_terms(q: str | None, *, any_word: bool = False) -> str | None:
    """The engine's query string for `q` (the value of the `search_q` parameter of
    `search_condition`): every word, or with `any_word` at least one, as a prefix. None for
    no search; "" when `q` holds no word, which matches nothing (`no_match`)."""
    q = normalise_query(q)
    if not q:
        return None
    if db.engine.dialect.name == "postgresql":
        # Every word as a prefix, as FTS5 does on SQLite: "koffie" finds "koffieochtend".
        # Words are \w+ only, so no tsquery operator comes from user input.
        words = _WORD.findall(q)[:12]
        joiner = " | " if any_word else " & "
        return joiner.join(f"{word}:*" for word in words)
    return _fts5_query(q, any_word=any_word)


def search_condition(dialect_name: str, terms: str | None = None) -> ColumnElement[bool]:
    """The WHERE clause of a search, with the words as the parameter `search_q` (from
    `search_terms`), not in its text: without `terms` the value is given when the statement
    runs, so a statement holding the clause can be built once per process (issue 18: a
    searched list page built its statement for every request)."""
    search_q = bindparam("search_q") if terms is None else bindparam("search_q", terms)
    if dialect_name == "postgresql":
        return text(
            "to_tsvector('dutch', contribution.title || ' ' || contribution.body)"
            " @@ to_tsquery('dutch', :search_q)"
        ).bindparams(search_q)
    return Contribution.id.in_(
        text("SELECT rowid FROM contribution_fts WHERE contribution_fts MATCH :search_q")
        .bindparams(search_q)
        .columns(column("rowid", Integer))
    )


def no_match() -> ColumnElement[bool]:
    """The clause of a search without words: nothing matches (an empty query string is an
    error to FTS5)."""
    return literal_column("1") == literal_column("0")


def search_clause(q: str | None, *, any_word: bool = False) -> ColumnElement[bool] | None:
    """A WHERE clause that keeps contributions matching `q` (every word, or with `any_word`
    at least one), or None for no search."""
    terms = search_terms(q, any_word=any_word)
    if terms is None:
        return None
    if not terms:
        return no_match()
    return search_condition(db.engine.dialect.name, terms)
