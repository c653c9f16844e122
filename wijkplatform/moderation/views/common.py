"""The moderation blueprint and what its views share: labels, loading a neighbourhood and
an item."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, g, url_for
from flask_login import current_user

from wijkplatform.accounts.models import ORGANISATION_KIND_LABELS, Role
from wijkplatform.contributions.models import STATUS_LABELS
from wijkplatform.core import registries
from wijkplatform.moderation import queries, services
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


def moderated_neighbourhoods(user) -> list:
    """The neighbourhoods `user` works in as a neighbourhood worker, by name."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    found = {
        m.neighbourhood.id: m.neighbourhood
        for m in user.memberships
        if m.role == Role.MODERATOR and m.neighbourhood is not None
    }
    return sorted(found.values(), key=lambda n: n.name)


@dataclass(frozen=True)
class InboxLink:
    url: str
    count: int


def worker_inbox_counts(user) -> dict[int, int]:
    """Per neighbourhood `user` works in: how many contributions wait in its inbox. One
    indexed count per request (ix_contribution_inbox), shared by the header and the inbox
    page; no query at all for people who are not neighbourhood workers. Read it only in a
    request that changes no contribution before it renders (GET pages do not)."""
    counts = g.get("worker_inbox_counts")
    if counts is None:
        neighbourhoods = moderated_neighbourhoods(user)
        counts = queries.inbox_counts([n.id for n in neighbourhoods]) if neighbourhoods else {}
        g.worker_inbox_counts = counts
    return counts


def worker_inbox() -> InboxLink | None:
    """For the header: the worker's inbox and how many contributions wait in it. The
    header is the only caller, so pages without it (htmx fragments) run no count."""
    neighbourhoods = moderated_neighbourhoods(current_user)
    if not neighbourhoods:
        return None
    counts = worker_inbox_counts(current_user)
    first = max(neighbourhoods, key=lambda n: counts.get(n.id, 0))
    return InboxLink(url_for("moderation.inbox", slug=first.slug), sum(counts.values()))


@bp.record_once
def _provide_inbox_link(state) -> None:
    registries.provide_template_hook(state.app, "worker_inbox", worker_inbox)


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
