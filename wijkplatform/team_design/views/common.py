"""The team design blueprint and what its views share: loading, labels, today."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort
from flask_login import current_user

from wijkplatform.contributions.models import CATEGORIES
from wijkplatform.core.i18n import translated_labels
from wijkplatform.core.permissions import ensure
from wijkplatform.neighbourhoods import queries as neighbourhood_queries
from wijkplatform.opgaven.models import FOCUS, GOALS, STATUS_LABELS
from wijkplatform.team_design import permissions, queries
from wijkplatform.team_design.models import ACTION_STATUS_LABELS
from wijkplatform.team_design.questions import BLOCKS, PARTICIPATION_LABELS, SOURCE

bp = Blueprint("team_design", __name__, url_prefix="/neighbourhoods/<slug>/team-design")

LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")

LABELS = {
    "blocks": BLOCKS,
    "participation_labels": PARTICIPATION_LABELS,
    "action_status_labels": ACTION_STATUS_LABELS,
    "goal_labels": GOALS,
    "focus_labels": FOCUS,
    "category_labels": CATEGORIES,
    "opgave_status_labels": STATUS_LABELS,
    "instrument_source": SOURCE,
}


def labels() -> dict:
    """LABELS for a page: each table translated once per language, not on every use
    (issue 18: the plan's status choices translated each label for every action)."""
    return {
        name: translated_labels(value) if isinstance(value, dict) else value
        for name, value in LABELS.items()
    }


def today() -> date:
    return datetime.now(LOCAL_ZONE).date()


def load_neighbourhood(slug: str):
    neighbourhood = neighbourhood_queries.get_neighbourhood_by_slug(slug)
    if neighbourhood is None:
        abort(404)
    return neighbourhood


def load_for_work(slug: str):
    """The neighbourhood and its design (or None) for someone who may edit it."""
    neighbourhood = load_neighbourhood(slug)
    ensure(permissions.can_edit_team_design(current_user, neighbourhood))
    return neighbourhood, queries.design_for(neighbourhood)


def load_design_for_work(slug: str):
    neighbourhood, design = load_for_work(slug)
    if design is None:
        abort(404)
    return neighbourhood, design
