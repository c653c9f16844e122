"""Registering an organisation (the step after registration, also linked from the account)."""

from __future__ import annotations

import logging

from flask import (
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.accounts import services
from wijkplatform.accounts.forms import (
    OrganisationForm,
)
from wijkplatform.accounts.models import (
    ORGANISATION_KIND_LABELS,
)
from wijkplatform.accounts.views.common import (
    bp,
)
from wijkplatform.core.commit import commit_or_report

logger = logging.getLogger(__name__)


@bp.route("/organisations/new", methods=["GET", "POST"])
@login_required
def new_organisation():
    """Register an organisation: the step after registration, also linked from the account."""
    own = {m.neighbourhood_id for m in current_user.memberships if m.neighbourhood_id}
    form = OrganisationForm(
        kind_choices=list(ORGANISATION_KIND_LABELS.items()),
        neighbourhood_choices=[
            (m.neighbourhood.id, m.neighbourhood.name)
            for m in current_user.memberships
            if m.neighbourhood_id in own and m.neighbourhood is not None
        ],
    )
    if request.method == "GET" and len(own) == 1:
        form.neighbourhood_id.data = next(iter(own))
    outcome = form.validate_on_submit() and commit_or_report(
        services.register_organisation,
        current_user,
        name=form.name.data,
        kind=form.kind.data,
        neighbourhood_id=form.neighbourhood_id.data or None,
        offers=form.offers.data,
        contact=form.contact.data,
        kvk_number=form.kvk_number.data,
        form=form,
    )
    if outcome:
        organisation = outcome.value
        flash(
            _(
                "%(name)s is registered. A neighbourhood worker will check it; after that "
                "you can post on its behalf.",
                name=organisation.name,
            ),
            "success",
        )
        return redirect(url_for("accounts.overview"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/organisation_form.html", form=form), status
