"""The contributions' sections on the neighbourhood page: what residents raise, the map of
contributions with a place, the social map."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from wijkplatform.accounts.models import ORGANISATION_KIND_LABELS
from wijkplatform.contributions import area
from wijkplatform.contributions.models import CATEGORIES, KIND_PLURALS
from wijkplatform.contributions.views.common import bp
from wijkplatform.core import registries
from wijkplatform.neighbourhoods.profile_summary import bar_step


def raised_topics_section(neighbourhood) -> Markup:
    topics = area.raised_topics(neighbourhood.id)
    return Markup(
        render_template(
            "contributions/_raised_topics.html",
            neighbourhood=neighbourhood,
            topics=topics,
            kinds=area.KINDS,
            kind_plurals=KIND_PLURALS,
            bar=lambda count: bar_step(count, topics.largest),
        )
    )


def contribution_map_section(neighbourhood) -> Markup:
    return Markup(
        render_template(
            "contributions/_contribution_map.html",
            neighbourhood=neighbourhood,
            contribution_map=area.contribution_map(neighbourhood.id),
        )
    )


def social_map_section(neighbourhood) -> Markup:
    return Markup(
        render_template(
            "contributions/_social_map.html",
            neighbourhood=neighbourhood,
            social_map=area.social_map(neighbourhood.id),
            category_labels=CATEGORIES,
            organisation_kind_labels=ORGANISATION_KIND_LABELS,
        )
    )


@bp.record_once
def _register_sections(state) -> None:
    registries.register_section(state.app, "raised-topics", raised_topics_section, order=20)
    registries.register_section(state.app, "contribution-map", contribution_map_section, order=25)
    registries.register_section(state.app, "social-map", social_map_section, order=30)
