"""Sections that higher features add to a lower feature's page.

A page belongs to one feature, but parts of it come from features above it in the
dependency order (DESIGN §5): the neighbourhood page shows what residents raise, the social
map and the Opgaven; a contribution shows the Opgaven it is evidence for; the account page
shows news about one's contributions. Such a feature registers a section for a page (a
"slot") at app start; the page renders the sections in order, without importing them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from markupsafe import Markup

_KEY = "wijkplatform.sections"

NEIGHBOURHOOD = "neighbourhood"  # render(neighbourhood)
CONTRIBUTION = "contribution"  # render(contribution)
ACCOUNT = "account"  # render(user)


@dataclass(frozen=True)
class Section:
    key: str
    order: int
    render: Callable[[object], Markup]  # the page's object -> HTML of the section


def register(
    app, key: str, render: Callable[[object], Markup], *, order: int, slot: str = NEIGHBOURHOOD
) -> None:
    slots = app.extensions.setdefault(_KEY, {})
    slots.setdefault(slot, {})[key] = Section(key, order, render)


def render_all(obj, slot: str = NEIGHBOURHOOD) -> list[Markup]:
    sections = current_app.extensions.get(_KEY, {}).get(slot, {}).values()
    return [section.render(obj) for section in sorted(sections, key=lambda s: s.order)]
