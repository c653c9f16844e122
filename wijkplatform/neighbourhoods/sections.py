"""Sections that higher features add to the neighbourhood page.

The neighbourhood page belongs to this feature, but what residents raise and the social map
come from contributions and organisations, which sit above it in the dependency order. They
register a section here (at app start); the page renders them in order, without importing
them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from markupsafe import Markup

_KEY = "wijkplatform.neighbourhood_sections"


@dataclass(frozen=True)
class Section:
    key: str
    order: int
    render: Callable[[object], Markup]  # neighbourhood -> HTML of the section


def register(app, key: str, render: Callable[[object], Markup], *, order: int) -> None:
    sections = app.extensions.setdefault(_KEY, {})
    sections[key] = Section(key, order, render)


def render_all(neighbourhood) -> list[Markup]:
    sections = current_app.extensions.get(_KEY, {}).values()
    return [section.render(neighbourhood) for section in sorted(sections, key=lambda s: s.order)]
