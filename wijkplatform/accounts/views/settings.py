"""The account page and its settings: password, language, e-mail address, two-factor
login, and asking for the password again before a sensitive change."""

from __future__ import annotations

import logging

from flask import (
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.accounts import mails, services, sessions, two_factor
from wijkplatform.accounts.forms import (
    ConfirmPasswordForm,
    DisplayNameForm,
    EmailChangeForm,
    LanguageForm,
    PasswordChangeForm,
    TwoFactorCodeForm,
)
from wijkplatform.accounts.models import (
    ORGANISATION_KIND_LABELS,
    ORGANISATION_STATUS_LABELS,
    ROLE_LABELS,
)
from wijkplatform.accounts.permissions import is_admin
from wijkplatform.accounts.reauth import recent_password_required
from wijkplatform.accounts.views.common import (
    SETUP_NONCE_KEY,
    bp,
    limit_attempts_per_address,
    limit_password_guesses,
    redirect_after_login,
)
from wijkplatform.core import i18n, registries
from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.permissions import open_before_two_factor
from wijkplatform.core.urls import safe_next

logger = logging.getLogger(__name__)


@bp.route("/")
@login_required
def overview():
    return render_template(
        "accounts/account_overview.html",
        role_labels=ROLE_LABELS,
        is_admin=is_admin(current_user),
        organisations=services.organisations_of(current_user),
        sections=registries.render_sections(current_user, registries.ACCOUNT),
        kind_labels=ORGANISATION_KIND_LABELS,
        organisation_status_labels=ORGANISATION_STATUS_LABELS,
        may_use_two_factor=two_factor.may_use_two_factor(current_user),
        language_form=LanguageForm(
            languages=i18n.available_languages(), data={"locale": current_user.locale}
        ),
    )


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limit_attempts_per_address()
@limit_password_guesses()
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit() and commit_or_report(
        services.change_password,
        current_user,
        current_password=form.current_password.data,
        new_password=form.new_password.data,
        form=form,
    ):
        # Other sessions (other devices, copied cookies) end; this one goes on.
        sessions.keep_token(current_user)
        sessions.mark_reauthenticated()
        flash(_("Your password has been changed."), "success")
        return redirect(url_for("accounts.overview"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/password_change.html", form=form), status


@bp.route("/name", methods=["GET", "POST"])
@login_required
def change_display_name():
    form = DisplayNameForm(data={"display_name": current_user.display_name})
    if form.validate_on_submit() and commit_or_report(
        services.change_display_name, current_user, display_name=form.display_name.data, form=form
    ):
        flash(
            _(
                "Your name has been changed. Others now see: %(name)s",
                name=current_user.display_name,
            ),
            "success",
        )
        return redirect(url_for("accounts.overview"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/name_change.html", form=form), status


@bp.route("/language", methods=["POST"])
@open_before_two_factor
def choose_language():
    form = LanguageForm(languages=i18n.available_languages())
    if not form.validate_on_submit():
        flash(_("This language is not available."), "error")
        return redirect(safe_next())
    i18n.remember_locale(form.locale.data)
    if current_user.is_authenticated:
        commit_or_report(services.set_locale, current_user, form.locale.data)
    return redirect(safe_next())


@bp.route("/confirm-password", methods=["GET", "POST"])
@open_before_two_factor
@login_required
@limit_attempts_per_address()
@limit_password_guesses()
def confirm_password():
    form = ConfirmPasswordForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        if services.verify_password(current_user, form.password.data):
            sessions.mark_reauthenticated()
            return redirect_after_login(form.next.data)
        form.password.errors = [*form.password.errors, _("This is not your current password.")]
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/confirm_password.html", form=form), status


@bp.route("/email", methods=["GET", "POST"])
@login_required
@recent_password_required(return_to="accounts.change_email")
@limit_attempts_per_address()
@limit_password_guesses()
def change_email():
    """The new address gets a link and the old one a notice; the address changes only when
    the link is opened (links.confirm_email_change)."""
    form = EmailChangeForm()
    outcome = form.validate_on_submit() and commit_or_report(
        services.request_email_change,
        current_user,
        new_email=form.email.data,
        current_password=form.current_password.data,
        form=form,
    )
    if outcome:
        new_email = services.normalise_email(form.email.data)
        if mails.send_email_change_link(current_user, new_email, outcome.value):
            mails.send_email_change_notice(current_user, new_email)
            flash(
                _(
                    "We sent a link to %(new)s. Open it to use that address. Until then your "
                    "address stays %(old)s.",
                    new=new_email,
                    old=current_user.email,
                ),
                "success",
            )
        else:
            flash(
                _(
                    "We could not send the mail to %(new)s just now. Your address has not "
                    "changed. Try again in a little while.",
                    new=new_email,
                ),
                "error",
            )
        return redirect(url_for("accounts.overview"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/email_change.html", form=form), status


@bp.route("/two-factor", methods=["GET", "POST"])
@open_before_two_factor
@login_required
@recent_password_required(return_to="accounts.two_factor_setup")
def two_factor_setup():
    if current_user.has_two_factor:
        return render_template("accounts/two_factor_setup.html", done=True)
    form = TwoFactorCodeForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    # The session keeps only a random nonce; the key itself is derived on the server from
    # it (two_factor.setup_secret), so the signed but readable cookie never holds it.
    nonce = session.get(SETUP_NONCE_KEY)
    if not isinstance(nonce, str) or request.method == "GET":
        nonce = session[SETUP_NONCE_KEY] = two_factor.new_setup_nonce()
    secret = two_factor.setup_secret(current_user, nonce)
    if form.validate_on_submit() and commit_or_report(
        two_factor.enable, current_user, secret=secret, code=form.code.data, form=form
    ):
        session.pop(SETUP_NONCE_KEY, None)
        flash(_("Two-factor login is on."), "success")
        return redirect_after_login(form.next.data)
    uri = two_factor.provisioning_uri(current_user, secret)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "accounts/two_factor_setup.html",
        done=False,
        form=form,
        secret=secret,
        uri=uri,
        qr_code=two_factor.qr_code_data_uri(uri),
    ), status
