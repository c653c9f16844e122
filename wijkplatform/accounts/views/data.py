"""A resident's personal data: the export and the erasure (AVG/GDPR)."""

from __future__ import annotations

import json
import logging

from flask import (
    flash,
    redirect,
    render_template,
    url_for,
)
from flask import (
    make_response as flask_make_response,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from wijkplatform.accounts import personal_data, sessions
from wijkplatform.accounts.forms import (
    EraseAccountForm,
)
from wijkplatform.accounts.views.common import (
    bp,
    limit_attempts_per_address,
    limit_password_guesses,
)
from wijkplatform.core.commit import commit_or_report

logger = logging.getLogger(__name__)


@bp.route("/data")
@login_required
def personal_data_page():
    return render_template("accounts/personal_data.html", form=EraseAccountForm())


@bp.route("/data/export.json")
@login_required
def export_personal_data():
    data = personal_data.export_personal_data(current_user)
    response = flask_make_response(json.dumps(data, ensure_ascii=False, indent=2))
    response.mimetype = "application/json"
    response.headers["Content-Disposition"] = 'attachment; filename="wijkplatform-my-data.json"'
    response.headers["Cache-Control"] = "no-store"
    logger.info("user %s exported their personal data", current_user.id)
    return response


@bp.route("/data/erase", methods=["POST"])
@login_required
@limit_attempts_per_address()
@limit_password_guesses()
def erase_account():
    form = EraseAccountForm()
    if form.validate_on_submit() and commit_or_report(
        personal_data.erase_account, current_user, password=form.password.data, form=form
    ):
        logout_user()
        sessions.clear_keeping_locale()
        flash(_("Your account and personal data have been erased."), "success")
        return redirect(url_for("neighbourhoods.home"))
    return render_template("accounts/personal_data.html", form=form), 422
