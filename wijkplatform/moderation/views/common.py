"""The moderation blueprint and what its views share: labels, loading a neighbourhood and
an item."""

from __future__ import annotations

from flask import Blueprint, abort

from wijkplatform.accounts.models import ORGANISATION_KIND_LABELS
from wijkplatform.contributions.models import STATUS_LABELS
from wijkplatform.moderation import services
from wijkplatform.moderation.models import (
    ACTION_LABELS,
    FLAG_NOT_COUNTED_LABELS,
    FLAG_REASON_LABELS,
    FLAGGABLE,
    TARGET_LABELS,
    TargetType,
)
from wijkplatform.neighbourhoods import queries as neighbourhood_queries

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

LABELS = {
    "action_labels": ACTION_LABELS,
    "flag_reason_labels": FLAG_REASON_LABELS,
    "not_counted_labels": FLAG_NOT_COUNTED_LABELS,
    "target_labels": TARGET_LABELS,
    "status_labels": STATUS_LABELS,
    "organisation_kind_labels": ORGANISATION_KIND_LABELS,
}

# A moderation action on an item that changed meanwhile (merged, no longer hidden) answers
# with its status: the worker reloads the item and sees its state.
MODERATION_ABORTS = (403, 404, 409)


def load_neighbourhood(slug: str):
    neighbourhood = neighbourhood_queries.get_neighbourhood_by_slug(slug)
    if neighbourhood is None:
        abort(404)
    return neighbourhood


def load_target(neighbourhood, target_type: str, target_id: int):
    if target_type not in {t.value for t in FLAGGABLE}:
        abort(404)
    target = services.get_target(target_type, target_id)
    if target is None or services.neighbourhood_of(target).id != neighbourhood.id:
        abort(404)
    return TargetType(target_type), target
