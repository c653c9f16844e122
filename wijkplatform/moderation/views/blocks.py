"""Blocking a resident from one neighbourhood for a while, and lifting the block."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wijkplatform.accounts.models import User, public_name
from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.permissions import ensure
from wijkplatform.extensions import db
from wijkplatform.moderation import permissions, services
from wijkplatform.moderation.forms import BlockForm, ReasonForm
from wijkplatform.moderation.models import (
    Block,
)
from wijkplatform.moderation.views.common import (
    LABELS,
    MODERATION_ABORTS,
    bp,
    load_neighbourhood,
)

# --- Blocks --------------------------------------------------------------------------


@bp.route("/<slug>/users/<int:user_id>/block", methods=["GET", "POST"])
def block(slug: str, user_id: int):
    neighbourhood = load_neighbourhood(slug)
    ensure(permissions.can_moderate(current_user, neighbourhood))
    user = db.session.get(User, user_id)
    if user is None or user.erased_at is not None:  # an erased account is nobody to block
        abort(404)
    form = BlockForm()
    valid = form.validate_on_submit()
    if form.until.errors:  # WTForms could not read the date
        form.until.errors = [_("Fill in a date, like 31-12-2026.")]
    if valid and commit_or_report(
        services.block,
        current_user,
        user,
        neighbourhood,
        until=form.until.data,
        reason=form.reason.data,
        form=form,
        abort_on=MODERATION_ABORTS,
    ):
        flash(
            _("%(name)s is blocked. They see why and until when.", name=public_name(user)),
            "success",
        )
        return redirect(url_for("moderation.queue", slug=slug))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "moderation/block_form.html", form=form, neighbourhood=neighbourhood, user=user, **LABELS
    ), status


@bp.route("/<slug>/blocks/<int:block_id>/lift", methods=["POST"])
def lift_block(slug: str, block_id: int):
    neighbourhood = load_neighbourhood(slug)
    ensure(permissions.can_moderate(current_user, neighbourhood))
    block_row = db.session.get(Block, block_id)
    if block_row is None or block_row.neighbourhood_id != neighbourhood.id:
        abort(404)
    form = ReasonForm()
    if not form.validate_on_submit():
        abort(400)
    if commit_or_report(
        services.lift_block,
        current_user,
        block_row,
        reason=form.reason.data,
        abort_on=MODERATION_ABORTS,
    ):
        flash(_("The block is lifted."), "success")
    return redirect(url_for("moderation.queue", slug=slug))
