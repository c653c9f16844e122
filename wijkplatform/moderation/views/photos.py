"""A neighbourhood worker removes one photo of a contribution, with a reason."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wijkplatform.contributions import queries as contribution_queries
from wijkplatform.contributions.photos.models import Photo
from wijkplatform.core import registries
from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.permissions import ensure
from wijkplatform.extensions import db
from wijkplatform.moderation import permissions, services
from wijkplatform.moderation.forms import ReasonForm
from wijkplatform.moderation.views.common import MODERATION_ABORTS, bp, load_neighbourhood


def photo_removal_url(photo, contribution) -> str | None:
    """For the contribution page: where a worker of its neighbourhood removes `photo`."""
    if not permissions.can_moderate(current_user, contribution.neighbourhood):
        return None
    return url_for(
        "moderation.remove_photo", slug=contribution.neighbourhood.slug, photo_id=photo.id
    )


@bp.route("/<slug>/photos/<int:photo_id>/remove", methods=["GET", "POST"])
def remove_photo(slug: str, photo_id: int):
    neighbourhood = load_neighbourhood(slug)
    ensure(permissions.can_moderate(current_user, neighbourhood))
    photo = db.session.get(Photo, photo_id)
    contribution = contribution_queries.get_contribution(photo.contribution_id) if photo else None
    if contribution is None or contribution.neighbourhood_id != neighbourhood.id:
        abort(404)
    form = ReasonForm()
    if form.validate_on_submit() and commit_or_report(
        services.remove_photo,
        current_user,
        photo,
        reason=form.reason.data,
        form=form,
        abort_on=MODERATION_ABORTS,
    ):
        flash(_("The photo has been removed. The reason is in the moderation log."), "success")
        return redirect(url_for("contributions.detail", contribution_id=contribution.id))
    if form.is_submitted():
        # The rollback expired the objects; read them again for the page.
        photo = db.session.get(Photo, photo_id)
        contribution = contribution_queries.get_contribution(contribution.id)
    return render_template(
        "moderation/photo_remove.html",
        neighbourhood=neighbourhood,
        contribution=contribution,
        photo=photo,
        form=form,
    ), 422 if form.is_submitted() else 200


@bp.record_once
def _provide_template_hook(state) -> None:
    registries.provide_template_hook(state.app, "photo_removal_url", photo_removal_url)
