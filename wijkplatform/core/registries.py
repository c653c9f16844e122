"""The two registries: page sections and personal data.

Events and questions travel as signals (`core/signals.py`). Two things read better as
registries, because a page or an export collects *all* contributions in a fixed order rather
than reacting to something that happened:

**Page sections.** A page belongs to one feature, but parts of it come from features above
it in the dependency order (DESIGN §5): the neighbourhood page shows what residents raise,
the social map and the Opgaven; a contribution shows the Opgaven it is evidence for; the
account page shows news about one's contributions. In its `init_app` such a feature
registers a section for a page (a "slot"); the page renders the sections in order:

    registries.register_section(app, "opgaven", neighbourhood_section, order=10)
    ...
    sections=registries.render_sections(neighbourhood)              # in the view

**Personal data.** Every feature that stores something a person wrote, or that names them,
registers an exporter (user -> JSON-able data) and an eraser (user -> None; removes or
pseudonymises, flushes, never commits). `accounts.personal_data` runs them all for the data
export and the erasure (AVG/GDPR articles 15, 17 and 20):

    registries.register_exporter(app, "contributions", export_contributions)
    registries.register_eraser(app, anonymise_contributions)

Both registries hang on the app (`app.extensions`), so two apps in one process (tests) never
share them, and are filled in the features' `init_app`, never by importing a module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from markupsafe import Markup

_SECTIONS = "wijkplatform.sections"
_PERSONAL_DATA = "wijkplatform.personal_data"

# Slots: the page's object is passed to the section's render function.
NEIGHBOURHOOD = "neighbourhood"  # render(neighbourhood)
CONTRIBUTION = "contribution"  # render(contribution)
ACCOUNT = "account"  # render(user)
OPGAVE = "opgave"  # render(opgave)


@dataclass(frozen=True)
class Section:
    key: str
    order: int
    render: Callable[[object], Markup]  # the page's object -> HTML of the section


def register_section(
    app, key: str, render: Callable[[object], Markup], *, order: int, slot: str = NEIGHBOURHOOD
) -> None:
    slots = app.extensions.setdefault(_SECTIONS, {})
    slots.setdefault(slot, {})[key] = Section(key, order, render)


def render_sections(obj, slot: str = NEIGHBOURHOOD) -> list[Markup]:
    sections = current_app.extensions.get(_SECTIONS, {}).get(slot, {}).values()
    return [section.render(obj) for section in sorted(sections, key=lambda s: s.order)]


Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]


def _personal_data(app) -> dict:
    return app.extensions.setdefault(_PERSONAL_DATA, {"exporters": {}, "erasers": []})


def register_exporter(app, name: str, exporter: Exporter) -> None:
    exporters = _personal_data(app)["exporters"]
    if name in exporters:
        raise ValueError(f"an exporter named {name!r} is already registered")
    exporters[name] = exporter


def register_eraser(app, eraser: Eraser) -> None:
    erasers = _personal_data(app)["erasers"]
    if eraser not in erasers:
        erasers.append(eraser)


def exporters() -> dict[str, Exporter]:
    return dict(_personal_data(current_app)["exporters"])


def erasers() -> list[Eraser]:
    return list(_personal_data(current_app)["erasers"])
