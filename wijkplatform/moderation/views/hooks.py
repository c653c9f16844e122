"""What moderation shows on a contribution's page (no import from contributions to here)."""

from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from wijkplatform.core import registries
from wijkplatform.moderation import permissions, queries
from wijkplatform.moderation.views.common import (
    LABELS,
    bp,
)


def moderation_panel(contribution) -> Markup:
    """Official answer, report link and moderator links, shown on a contribution's page."""
    neighbourhood = contribution.neighbourhood
    return Markup(
        render_template(
            "moderation/_contribution_panel.html",
            contribution=contribution,
            answer=queries.latest_answer(contribution.id),
            can_moderate=permissions.can_moderate(current_user, neighbourhood),
            can_report=current_user.is_authenticated and not contribution.hidden,
            **LABELS,
        )
    )


def report_url(target_type: str, target_id: int) -> str | None:
    if not current_user.is_authenticated:
        return None
    return url_for("moderation.report", target_type=target_type, target_id=target_id)


@bp.record_once
def _provide_template_hooks(state) -> None:
    registries.provide_template_hook(state.app, "moderation_panel", moderation_panel)
    registries.provide_template_hook(state.app, "report_url", report_url)
