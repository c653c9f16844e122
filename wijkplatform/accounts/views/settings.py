"""The account page and its settings: password, language, e-mail address, two-factor
login, and asking for the password again before a sensitive change."""

from __future__ import annotations

import logging

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.accounts import mails, recovery_codes, services, sessions, two_factor
from wijkplatform.accounts.forms import (
    ActionForm,
    ConfirmPasswordForm,
    DisplayNameForm,
    EmailChangeForm,
    LanguageForm,
    ParticipationProfileForm,
    PasswordChangeForm,
    TwoFactorCodeForm,
)
from wijkplatform.accounts.models import (
    AGE_GROUP_LABELS,
    ORGANISATION_KIND_LABELS,
    ORGANISATION_STATUS_LABELS,
    ROLE_LABELS,
    YEARS_HERE_LABELS,
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
from wijkplatform.core.security import token_or_same_origin
from wijkplatform.core.urls import is_local_path, safe_next

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
        age_group_labels=AGE_GROUP_LABELS,
        years_here_labels=YEARS_HERE_LABELS,
        organisation_status_labels=ORGANISATION_STATUS_LABELS,
        may_use_two_factor=two_factor.may_use_two_factor(current_user),
        may_turn_off_two_factor=two_factor.may_turn_off(
            current_user, current_app.config["TWO_FACTOR_REQUIRED_ROLES"]
        ),
        recovery_codes_left=(
            recovery_codes.count_left(current_user) if current_user.has_two_factor else 0
        ),
        few_recovery_codes=recovery_codes.FEW_LEFT,
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


@bp.route("/about-you", methods=["GET", "POST"])
@login_required
def participation_profile():
    form = ParticipationProfileForm(
        data={
            "age_group": current_user.age_group.value if current_user.age_group else "",
            "years_here": current_user.years_here.value if current_user.years_here else "",
        }
    )
    if form.validate_on_submit() and commit_or_report(
        services.set_participation_profile,
        current_user,
        age_group=form.age_group.data,
        years_here=form.years_here.data,
        form=form,
    ):
        flash(_("Thank you. You can change or remove this at any time."), "success")
        return redirect(url_for("accounts.overview"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/participation_profile.html", form=form), status


@bp.route("/language", methods=["POST"])
@open_before_two_factor
@token_or_same_origin
def choose_language():
    # The CSRF check is token_or_same_origin's: a visitor's page carries no token (no
    # session cookie until something is stored, issue 18).
    form = LanguageForm(languages=i18n.available_languages(), meta={"csrf": False})
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
        _request_email_change_and_mail,
        current_user,
        new_email=form.email.data,
        current_password=form.current_password.data,
        form=form,
    )
    if outcome:
        flash(
            _(
                "We sent a link to %(new)s. Open it to use that address. Until then your "
                "address stays %(old)s.",
                new=services.normalise_email(form.email.data),
                old=current_user.email,
            ),
            "success",
        )
        return redirect(url_for("accounts.overview"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/email_change.html", form=form), status


def _request_email_change_and_mail(user, *, new_email: str, current_password: str):
    """The link to the new address and the notice to the old one are queued with the request
    itself (core.mail), so they go out together or not at all."""
    token = services.request_email_change(
        user, new_email=new_email, current_password=current_password
    )
    new_email = services.normalise_email(new_email)
    mails.send_email_change_link(user, new_email, token)
    mails.send_email_change_notice(user, new_email)
    return token


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
    if form.validate_on_submit():
        outcome = commit_or_report(
            two_factor.enable, current_user, secret=secret, code=form.code.data, form=form
        )
        if outcome:
            session.pop(SETUP_NONCE_KEY, None)
            flash(_("Two-factor login is on."), "success")
            # The codes exist in clear text only in this answer: shown once, never stored.
            return _show_recovery_codes(outcome.value, next_page=form.next.data)
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


def _show_recovery_codes(codes, *, next_page=""):
    next_page = next_page if is_local_path(next_page) else url_for("accounts.overview")
    response = current_app.make_response(
        render_template("accounts/recovery_codes_shown.html", codes=codes, next_page=next_page)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _new_recovery_codes_and_mail(user):
    """The security notice is queued with the new codes: it goes out if they are saved."""
    codes = recovery_codes.generate(user)
    mails.send_recovery_codes_renewed_notice(user)
    return codes


def _turn_off_two_factor_and_mail(user, *, required_roles):
    two_factor.disable(user, required_roles=required_roles)
    mails.send_two_factor_off_notice(user)


@bp.route("/two-factor/recovery-codes", methods=["GET", "POST"])
@login_required
@recent_password_required(return_to="accounts.recovery_codes_page")
def recovery_codes_page():
    if not current_user.has_two_factor:
        return redirect(url_for("accounts.two_factor_setup"))
    form = ActionForm()
    if form.validate_on_submit():
        outcome = commit_or_report(_new_recovery_codes_and_mail, current_user)
        if outcome:
            flash(_("You have new recovery codes. The old codes no longer work."), "success")
            return _show_recovery_codes(outcome.value)
    return render_template(
        "accounts/recovery_codes.html",
        form=form,
        codes_left=recovery_codes.count_left(current_user),
        few_left=recovery_codes.FEW_LEFT,
    )


@bp.route("/two-factor/off", methods=["POST"])
@login_required
@recent_password_required(return_to="accounts.overview")
def two_factor_off():
    form = ActionForm()
    if (
        form.validate_on_submit()
        and current_user.has_two_factor
        and commit_or_report(
            _turn_off_two_factor_and_mail,
            current_user,
            required_roles=current_app.config["TWO_FACTOR_REQUIRED_ROLES"],
        )
    ):
        flash(_("Two-factor login is off. Your recovery codes no longer work."), "success")
    return redirect(url_for("accounts.overview"))
