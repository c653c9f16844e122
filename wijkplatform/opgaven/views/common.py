"""The Opgaven blueprint and what its views share: loading, labels, field errors, today."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import format_date
from flask_login import current_user

from wijkplatform.contributions.models import KIND_LABELS
from wijkplatform.core.commit import commit_or_report
from wijkplatform.opgaven import permissions, queries
from wijkplatform.opgaven.models import (
    ACTION_LABELS,
    ANSWER_LABELS,
    DEFAULT_EVIDENCE_SECTION,
    FOCUS,
    GOALS,
    REACTION_SECTION_LABELS,
    SECTION_LABELS,
    SECTIONS,
    STATUS_LABELS,
)

bp = Blueprint("opgaven", __name__)

# Reaction periods are days in the Netherlands, whatever the server's clock zone.
LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")

LABELS = {
    "opgave_status_labels": STATUS_LABELS,
    "sections": SECTIONS,
    "section_labels": SECTION_LABELS,
    "reaction_section_labels": REACTION_SECTION_LABELS,
    "answer_labels": ANSWER_LABELS,
    "goal_labels": GOALS,
    "focus_labels": FOCUS,
    "opgave_action_labels": ACTION_LABELS,
    "kind_labels": KIND_LABELS,
    "default_evidence_section": {k.value: v for k, v in DEFAULT_EVIDENCE_SECTION.items()},
}


def today() -> date:
    return datetime.now(LOCAL_ZONE).date()


def load_opgave(opgave_id: int):
    """The Opgave, or 404 for one that does not exist or that the user may not see yet."""
    opgave = queries.get_opgave(opgave_id)
    if opgave is None or not permissions.can_view_opgave(current_user, opgave):
        abort(404)
    return opgave


def take_step(opgave, step: Callable[[], None], done_message: str):
    """A step without a form (submit, close reactions): commit and say so, or say on the
    draft why it was refused (someone else changed it, or the text is not ready)."""
    if commit_or_report(step):
        flash(done_message, "success")
    return redirect(url_for("opgaven.detail", opgave_id=opgave.id))


@bp.app_template_filter("isodate")
def isodate(value: str) -> str:
    """A date stored as 2026-12-31 in a timeline line, written for the reader's language."""
    try:
        return format_date(date.fromisoformat(value))
    except (TypeError, ValueError):
        return value


@bp.app_template_filter("machine_time")
def machine_time(moment: datetime) -> str:
    """A moment for `<time datetime>`: UTC to the second (stored naive in UTC on SQLite)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
