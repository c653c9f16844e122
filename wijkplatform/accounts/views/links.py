"""The pages behind mailed links (confirming an address, confirming a new address, choosing a
new password) and the forms that ask for one ("forgot your password?", "send the link again").

Opening a link shows a page with a button or a form; only the POST uses the link up
(accounts/mailed_links.py says why). No link logs anybody in: afterwards the person logs in
as usual, with two-factor login when the account has it. A link opened in a browser where
someone else is logged in changes nothing about that session.
"""

from __future__ import annotations

import logging
import time

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from wijkplatform.accounts import mailed_links, mails, services, sessions
from wijkplatform.accounts.forms import EmailAddressForm, LinkForm, PasswordResetForm
from wijkplatform.accounts.mailed_links import LinkRefused
from wijkplatform.accounts.models import LinkPurpose
from wijkplatform.accounts.views.common import bp
from wijkplatform.core.commit import commit_or_report, report_domain_error
from wijkplatform.core.permissions import open_before_two_factor
from wijkplatform.extensions import limiter

logger = logging.getLogger(__name__)


def _per_address() -> str:
    return "address:" + services.normalise_email(request.form.get("email", ""))[:254]


def _limit_link_requests(view):
    """Asking for a link is limited per client and, across both forms, per address asked
    for: nobody can fill one mailbox from many places."""
    setting = lambda: current_app.config["MAIL_LINK_RATE_LIMIT"]  # noqa: E731
    view = limiter.shared_limit(setting, scope="mail-link-address", key_func=_per_address,
                                methods=["POST"])(view)  # fmt: skip
    return limiter.shared_limit(setting, scope="mail-link", methods=["POST"])(view)


# The forms that ask for a link answer every address the same way, in the same time: making
# a link is a database write (tens of milliseconds) that an unknown address does not cause,
# and would tell which addresses have an account. The mail itself goes after the response.
ANSWER_SECONDS = 0.25


def _answer_no_sooner_than(started: float) -> None:
    remaining = ANSWER_SECONDS - (time.perf_counter() - started)
    if remaining > 0:
        time.sleep(remaining)


def _refused(error, purpose: LinkPurpose):
    return render_template(
        "accounts/link_refused.html", message=error.message, purpose=purpose.value
    ), error.status


def _after_link_used(user, *, own_message: str, visitor_message: str):
    """Where a used link leads: a person logged in as the account goes on; anybody else
    logged in stays who they are; a visitor goes to the login page."""
    if current_user.is_authenticated:
        if current_user.id == user.id:
            flash(own_message, "success")
        else:
            flash(_("Done. You are still logged in as yourself."), "success")
        return redirect(url_for("accounts.overview"))
    flash(visitor_message, "success")
    return redirect(url_for("accounts.login"))


# --- confirming the address of a new account -------------------------------------------


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@open_before_two_factor
def confirm_email(token: str):
    form = LinkForm()
    if request.method == "GET":
        try:
            mailed_links.check(token, LinkPurpose.CONFIRM_EMAIL)
        except LinkRefused as error:
            return _refused(error, LinkPurpose.CONFIRM_EMAIL)
        return render_template("accounts/confirm_email.html", form=form)
    if not form.validate_on_submit():
        return render_template("accounts/confirm_email.html", form=form), 400
    outcome = commit_or_report(services.confirm_email, token, report=False)
    if not outcome:
        return _refused(outcome.error, LinkPurpose.CONFIRM_EMAIL)
    return _after_link_used(
        outcome.value,
        own_message=_("Thank you, your e-mail address is confirmed."),
        visitor_message=_("Thank you, your e-mail address is confirmed. You can log in now."),
    )


@bp.route("/register/send-again", methods=["GET", "POST"])
@open_before_two_factor
@_limit_link_requests
def confirmation_again():
    form = EmailAddressForm()
    if form.validate_on_submit():
        started = time.perf_counter()
        commit_or_report(_confirmation_again_and_mail, form.email.data)
        _answer_no_sooner_than(started)
        return redirect(url_for("accounts.check_email"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/confirmation_again.html", form=form), status


def _confirmation_again_and_mail(email: str):
    found = services.ask_confirmation_again(email)
    if found:
        mails.send_confirmation(*found)
    return found


# --- confirming a new address ------------------------------------------------------------


@bp.route("/email/confirm/<token>", methods=["GET", "POST"])
@open_before_two_factor
def confirm_email_change(token: str):
    form = LinkForm()
    try:
        link = mailed_links.check(token, LinkPurpose.CHANGE_EMAIL)
    except LinkRefused as error:
        return _refused(error, LinkPurpose.CHANGE_EMAIL)
    if request.method == "GET" or not form.validate_on_submit():
        status = 200 if request.method == "GET" else 400
        page = render_template("accounts/email_change_confirm.html", form=form, link=link)
        return page, status
    outcome = commit_or_report(services.confirm_email_change, token, report=False)
    if not outcome:
        return _refused(outcome.error, LinkPurpose.CHANGE_EMAIL)
    user = outcome.value
    return _after_link_used(
        user,
        own_message=_("Your e-mail address is now %(email)s.", email=user.email),
        visitor_message=_(
            "Your e-mail address is now %(email)s. Log in with it.", email=user.email
        ),
    )


# --- choosing a new password ---------------------------------------------------------------


@bp.route("/password/forgot", methods=["GET", "POST"])
@open_before_two_factor
@_limit_link_requests
def forgot_password():
    form = EmailAddressForm()
    if form.validate_on_submit():
        started = time.perf_counter()
        commit_or_report(_password_reset_and_mail, form.email.data)
        _answer_no_sooner_than(started)
        return redirect(url_for("accounts.forgot_password_sent"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/password_forgot.html", form=form), status


def _password_reset_and_mail(email: str):
    found = services.request_password_reset(email)
    if found:
        mails.send_password_reset(*found)
    return found


@bp.route("/password/forgot/sent")
@open_before_two_factor
def forgot_password_sent():
    return render_template(
        "accounts/password_forgot_sent.html",
        minutes=current_app.config["PASSWORD_RESET_MINUTES"],
    )


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@open_before_two_factor
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def reset_password(token: str):
    try:
        link = mailed_links.check(token, LinkPurpose.RESET_PASSWORD)
    except LinkRefused as error:
        return _refused(error, LinkPurpose.RESET_PASSWORD)
    form = PasswordResetForm(email=link.email)
    if form.validate_on_submit():
        outcome = commit_or_report(
            services.reset_password, token, new_password=form.new_password.data, report=False
        )
        if outcome:
            # Whoever was logged in here, the next step is logging in with the new password.
            logout_user()
            sessions.clear_keeping_locale()
            flash(
                _("Your new password is saved. Log in with it; you were logged out everywhere."),
                "success",
            )
            return redirect(url_for("accounts.login"))
        if isinstance(outcome.error, LinkRefused):
            return _refused(outcome.error, LinkPurpose.RESET_PASSWORD)
        report_domain_error(outcome.error, form)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/password_reset.html", form=form), status
