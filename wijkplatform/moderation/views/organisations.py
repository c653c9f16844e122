"""Checking organisations: verify or reject with a reason."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wijkplatform.accounts.models import (
    Organisation,
)
from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.permissions import ensure
from wijkplatform.extensions import db
from wijkplatform.moderation import permissions, services
from wijkplatform.moderation.forms import ReasonForm
from wijkplatform.moderation.views.common import (
    MODERATION_ABORTS,
    bp,
    load_neighbourhood,
)
from wijkplatform.moderation.views.queue import render_queue

# --- Organisations -------------------------------------------------------------------


def _organisation(neighbourhood, organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.neighbourhood_id != neighbourhood.id:
        abort(404)
    return organisation


@bp.route("/<slug>/organisations/<int:organisation_id>/verify", methods=["POST"])
def verify_organisation(slug: str, organisation_id: int):
    neighbourhood = load_neighbourhood(slug)
    ensure(permissions.can_moderate(current_user, neighbourhood))
    organisation = _organisation(neighbourhood, organisation_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        abort(400)
    if commit_or_report(
        services.verify_organisation,
        current_user,
        organisation,
        reason=form.reason.data,
        abort_on=MODERATION_ABORTS,
    ):
        flash(_("%(name)s is verified.", name=organisation.name), "success")
    return redirect(url_for("moderation.queue", slug=slug))


@bp.route("/<slug>/organisations/<int:organisation_id>/reject", methods=["POST"])
def reject_organisation(slug: str, organisation_id: int):
    neighbourhood = load_neighbourhood(slug)
    ensure(permissions.can_moderate(current_user, neighbourhood))
    organisation = _organisation(neighbourhood, organisation_id)
    form = ReasonForm(prefix=f"org{organisation.id}")
    if form.validate_on_submit() and commit_or_report(
        services.reject_organisation,
        current_user,
        organisation,
        reason=form.reason.data,
        form=form,
        abort_on=MODERATION_ABORTS,
    ):
        flash(
            _("%(name)s is not verified. The member sees the reason.", name=organisation.name),
            "success",
        )
        return redirect(url_for("moderation.queue", slug=slug))
    return render_queue(neighbourhood, reject_forms={organisation.id: form}, status=422)
