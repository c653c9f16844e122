"""The registries: page sections, template hooks and personal data.

Events and questions travel as signals (`core/signals.py`). Two things read better as
registries, because a page or an export collects *all* contributions in a fixed order rather
than reacting to something that happened:

**Page sections.** A page belongs to one feature, but parts of it come from features above
it in the dependency order (DESIGN §5): the neighbourhood page shows what residents raise,
the social map and the Opgaven; a contribution shows the Opgaven it is evidence for; the
account page shows news about one's contributions. Such a feature registers a section for
a page (a "slot") when its blueprint is registered; the page renders the sections in order:

    @bp.record_once                                                 # in the feature's views
    def _register_sections(state) -> None:
        registries.register_section(state.app, "opgaven", neighbourhood_section, order=10)
    ...
    sections=registries.render_sections(neighbourhood)              # in the page's view

**Template hooks.** A function that a lower feature's template calls and a higher feature
provides: moderation adds the report link to a comment, the panel with the official answer to
a contribution's page, the worker's "remove this photo" link and the header's inbox link;
admin and review say whether the header links to their pages. Each hook is declared in
`TEMPLATE_HOOKS` below with the neutral answer it gives when no feature provides it, so every
template can call it (no `is defined`); the providing feature replaces it when its blueprint
is registered:

    registries.provide_template_hook(state.app, "report_url", report_url)

Sections and hooks are page code that links to the providing feature's pages, so they are
filled with the blueprints (`create_app`), not in `init_app`: an app without pages
(`create_core_app`, for the CLI and jobs) imports no view module and has no page to link to.

**Personal data.** Every feature that stores something a person wrote, or that names them,
registers an exporter (user -> JSON-able data) and an eraser (user -> None; removes or
pseudonymises, flushes, never commits). `accounts.personal_data` runs them all for the data
export and the erasure (AVG/GDPR articles 15, 17 and 20):

    registries.register_exporter(app, "contributions", export_contributions)
    registries.register_eraser(app, anonymise_contributions)

The registries hang on the app (`app.extensions`, `app.jinja_env.globals`), so two apps in
one process (tests) never share them, and are filled by the features' `init_app` (personal
data) or blueprint registration (sections, hooks), never by importing a module.
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


# name -> what the hook gives when no feature provides it (the arguments it is called with).
TEMPLATE_HOOKS: dict[str, Callable[..., Any]] = {
    # (contribution) -> the official answer, report and moderator links on its page
    "moderation_panel": lambda contribution: Markup(""),
    # (target_type, target_id) -> where the signed-in person reports it, or None
    "report_url": lambda target_type, target_id: None,
    # (photo, contribution) -> where a worker of the neighbourhood removes the photo, or None
    "photo_removal_url": lambda photo, contribution: None,
    # () -> the header's link to the worker's inbox with its count (moderation), or None
    "worker_inbox": lambda: None,
    # () -> whether the header links to the admin area
    "shows_admin_link": lambda: False,
    # () -> whether the header links to the municipal review
    "shows_review_link": lambda: False,
}


def init_app(app) -> None:
    """Every template hook is defined from the start, with its neutral answer."""
    for name, default in TEMPLATE_HOOKS.items():
        app.jinja_env.globals.setdefault(name, default)


def provide_template_hook(app, name: str, hook: Callable[..., Any]) -> None:
    if name not in TEMPLATE_HOOKS:
        raise ValueError(f"no template hook named {name!r} is declared in core/registries.py")
    app.jinja_env.globals[name] = hook


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
