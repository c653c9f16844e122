"""Registering; the mailed link that confirms the address is in links.py."""

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

from wijkplatform.accounts import mails, services
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
from wijkplatform.extensions import limiter

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
    its owner; the person registering sees the same page either way. The mail is queued in
    the same transaction as the account (core.mail): a mail server that fails delays the
    mail, never the account, and the page never waits for it."""
    outcome = commit_or_report(_register_and_mail, **_registration(form), form=form)
    if not outcome:
        return render_template("accounts/register.html", form=form), 422
    return redirect(url_for("accounts.check_email"))


def _register_and_mail(**registration_data):
    registration = services.register_resident_to_confirm(**registration_data)
    if registration.user is not None:
        if registration.created:
            mails.send_confirmation(registration.user, registration.confirmation_token)
        else:
            mails.send_address_taken(registration.user, registration.confirmation_token)
    return registration


@bp.route("/register/check-email")
def check_email():
    return render_template("accounts/check_email.html")
