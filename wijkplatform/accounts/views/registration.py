"""Registering, and confirming the e-mail address with the mailed link."""

from __future__ import annotations

import logging

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from wijkplatform.accounts import confirmation, services
from wijkplatform.accounts.forms import (
    RegistrationForm,
)
from wijkplatform.accounts.views.common import (
    bp,
    neighbourhood_choices,
    start_session,
)
from wijkplatform.core import i18n
from wijkplatform.core.commit import commit_or_report
from wijkplatform.extensions import db, limiter

logger = logging.getLogger(__name__)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.overview"))
    form = RegistrationForm(neighbourhood_choices=neighbourhood_choices())
    if form.validate_on_submit():
        if current_app.config["REQUIRE_EMAIL_CONFIRMATION"]:
            return _register_to_confirm(form)
        response = _register_and_log_in(form)
        if response is not None:
            return response
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/register.html", form=form), status


def _registration(form) -> dict:
    return {
        "email": form.email.data,
        "display_name": form.display_name.data,
        "password": form.password.data,
        "neighbourhood_id": form.neighbourhood_id.data,
        "locale": i18n.select_locale(),
    }


def _register_and_log_in(form):
    """With confirmation off (local trials, tests): the account is ready at once."""
    outcome = commit_or_report(services.register_resident, **_registration(form), form=form)
    if outcome:
        user = outcome.value
        start_session(user)
        flash(_("Welcome, %(name)s. Your account is ready.", name=user.display_name), "success")
        if form.for_organisation.data:
            return redirect(url_for("accounts.new_organisation"))
        return redirect(url_for("accounts.overview"))
    return None


def _register_to_confirm(form):
    """With confirmation on: a new address gets a confirmation link, a taken one a notice to
    its owner; the person registering sees the same page either way."""
    outcome = commit_or_report(
        services.register_resident_to_confirm, **_registration(form), form=form
    )
    if not outcome:
        return render_template("accounts/register.html", form=form), 422
    user, created = outcome.value
    if user is not None:
        if created:
            confirmation.send_confirmation(user)
        else:
            confirmation.send_address_taken(user)
    return redirect(url_for("accounts.check_email"))


@bp.route("/register/check-email")
def check_email():
    return render_template("accounts/check_email.html")


@bp.route("/confirm/<token>")
def confirm_email(token: str):
    user, email, problem = confirmation.read_token(token)
    if not problem and not services.confirm_email(user, email):
        problem = "invalid"
    if problem:
        db.session.rollback()
        return render_template("accounts/confirm_failed.html", expired=problem == "expired"), 400
    db.session.commit()
    start_session(user)
    flash(
        _(
            "Thank you, your e-mail address is confirmed. Welcome, %(name)s.",
            name=user.display_name,
        ),
        "success",
    )
    return redirect(url_for("accounts.overview"))
