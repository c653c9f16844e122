"""Reports by residents, and what moderation did to their own content."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.limits import limit_posts
from wijkplatform.moderation import queries, services, targets
from wijkplatform.moderation.forms import FlagForm
from wijkplatform.moderation.models import (
    FLAGGABLE,
)
from wijkplatform.moderation.views.common import (
    LABELS,
    MODERATION_ABORTS,
    bp,
)

# --- Reports by residents ------------------------------------------------------------


@bp.route("/report/<target_type>/<int:target_id>", methods=["GET", "POST"])
@limit_posts("FLAG_RATE_LIMIT")
@login_required
def report(target_type: str, target_id: int):
    if target_type not in {t.value for t in FLAGGABLE}:
        abort(404)
    target = services.get_target(target_type, target_id)
    if target is None or target.hidden or getattr(target, "deleted", False):
        abort(404)
    contribution = services.contribution_of(target)
    kind = targets.kind_of(target) if contribution is None else None
    if contribution is not None and contribution.hidden:
        abort(404)
    if kind is not None and not kind.shown(target):
        abort(404)
    form = FlagForm()
    if form.validate_on_submit():
        outcome = commit_or_report(
            services.flag,
            current_user,
            target,
            reason=form.reason.data,
            text=form.text.data,
            form=form,
            abort_on=MODERATION_ABORTS,
        )
        if outcome:
            if outcome.value is None:
                flash(
                    _("You reported this before. A neighbourhood worker will look at it."), "info"
                )
            else:
                flash(_("Thank you. A neighbourhood worker will look at your report."), "success")
            if kind is not None:
                return redirect(kind.page_url(target))
            if target_type == "comment":
                # The thread is paged: `comment` makes the page start where the reaction is.
                return redirect(
                    url_for(
                        "contributions.detail", contribution_id=contribution.id, comment=target.id
                    )
                    + f"#comment-{target.id}"
                )
            return redirect(url_for("contributions.detail", contribution_id=contribution.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "moderation/report.html",
        form=form,
        target=target,
        target_type=target_type,
        contribution=contribution,
        heading=kind.heading(target) if kind is not None else None,
        back_url=(
            kind.page_url(target)
            if kind is not None
            else url_for("contributions.detail", contribution_id=contribution.id)
        ),
        **LABELS,
    ), status


@bp.route("/notices")
@login_required
def notices():
    """What moderation did to your own content, with the reasons."""
    return render_template(
        "moderation/notices.html", notices=queries.notices_for(current_user), **LABELS
    )
