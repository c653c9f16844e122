"""Register, log in and out, account overview, password and language."""

from __future__ import annotations

import json
import logging
import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask import (
    make_response as flask_make_response,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from wijkplatform.accounts import confirmation, personal_data, services, sessions, two_factor
from wijkplatform.accounts.forms import (
    ConfirmPasswordForm,
    EmailChangeForm,
    EraseAccountForm,
    LanguageForm,
    LoginForm,
    LogoutForm,
    OrganisationForm,
    PasswordChangeForm,
    RegistrationForm,
    TwoFactorCodeForm,
)
from wijkplatform.accounts.models import (
    ORGANISATION_KIND_LABELS,
    ORGANISATION_STATUS_LABELS,
    ROLE_LABELS,
    User,
)
from wijkplatform.accounts.permissions import is_admin
from wijkplatform.accounts.reauth import recent_password_required
from wijkplatform.core import i18n, sections
from wijkplatform.core.db import utcnow
from wijkplatform.core.urls import is_local_path, safe_next
from wijkplatform.extensions import db, limiter

logger = logging.getLogger(__name__)

bp = Blueprint("accounts", __name__, url_prefix="/account")


def _neighbourhood_choices():
    # Provided by the neighbourhoods feature (see neighbourhoods.init_app), which keeps
    # accounts below neighbourhoods in the dependency order.
    return current_app.extensions["wijkplatform.neighbourhood_choices"]()


def _apply_field_error(form, error: services.AccountError) -> None:
    field = getattr(form, error.field or "", None)
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(str(error.message), "error")


def _start_session(user) -> None:
    # A fresh session on login: nothing from before the login (besides the language
    # choice) carries over into the logged-in session.
    sessions.clear_keeping_locale()
    login_user(user)
    sessions.start(user)


PENDING_USER_KEY = "_2fa_user"
PENDING_AT_KEY = "_2fa_at"
PENDING_NEXT_KEY = "_2fa_next"
PENDING_SECONDS = 300
SETUP_SECRET_KEY = "_2fa_setup_secret"


def _redirect_after_login(target):
    return redirect(target if is_local_path(target) else url_for("accounts.overview"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.overview"))
    form = RegistrationForm(neighbourhood_choices=_neighbourhood_choices())
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
    try:
        user = services.register_resident(**_registration(form))
    except services.AccountError as error:
        db.session.rollback()
        _apply_field_error(form, error)
    else:
        db.session.commit()
        _start_session(user)
        flash(_("Welcome, %(name)s. Your account is ready.", name=user.display_name), "success")
        if form.for_organisation.data:
            return redirect(url_for("accounts.new_organisation"))
        return redirect(url_for("accounts.overview"))
    return None


def _register_to_confirm(form):
    """With confirmation on: a new address gets a confirmation link, a taken one a notice to
    its owner; the person registering sees the same page either way."""
    try:
        user, created = services.register_resident_to_confirm(**_registration(form))
    except services.AccountError as error:
        db.session.rollback()
        _apply_field_error(form, error)
        return render_template("accounts/register.html", form=form), 422
    db.session.commit()
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
    _start_session(user)
    flash(
        _(
            "Thank you, your e-mail address is confirmed. Welcome, %(name)s.",
            name=user.display_name,
        ),
        "success",
    )
    return redirect(url_for("accounts.overview"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        if current_user.is_authenticated:
            return redirect(url_for("accounts.overview"))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if (
            user is not None
            and user.email_confirmed_at is None
            and current_app.config["REQUIRE_EMAIL_CONFIRMATION"]
        ):
            # Only after the right password, so this tells nothing to a stranger.
            db.session.rollback()
            form.email.errors = [
                *form.email.errors,
                _(
                    "Confirm your e-mail address first with the link we sent you. No mail? "
                    "Register again with the same address to get a new link."
                ),
            ]
        elif user is None:
            # One message for unknown address and wrong password: no account enumeration.
            form.password.errors = [
                *form.password.errors,
                _("The e-mail address or password is not correct."),
            ]
        elif user.has_two_factor:
            # Second step: the password was right; the session only remembers who is
            # half-way, and for a few minutes.
            db.session.rollback()
            sessions.clear_keeping_locale()
            session[PENDING_USER_KEY] = user.id
            session[PENDING_AT_KEY] = time.time()
            session[PENDING_NEXT_KEY] = form.next.data or ""
            return redirect(url_for("accounts.login_code"))
        else:
            db.session.commit()
            _start_session(user)
            flash(_("You are logged in."), "success")
            return _redirect_after_login(form.next.data)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login_code():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.overview"))
    user_id = session.get(PENDING_USER_KEY)
    started = float(session.get(PENDING_AT_KEY, 0))
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or time.time() - started > PENDING_SECONDS:
        sessions.clear_keeping_locale()
        flash(_("Log in again, please."), "info")
        return redirect(url_for("accounts.login"))
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        if two_factor.check_code(user, form.code.data):
            user.last_login_at = utcnow()
            db.session.commit()
            target = session.get(PENDING_NEXT_KEY, "")
            _start_session(user)
            flash(_("You are logged in."), "success")
            return _redirect_after_login(target)
        db.session.rollback()
        form.code.errors = [*form.code.errors, _("This code is not correct. Try the new code.")]
    form.code.data = ""
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/login_code.html", form=form), status


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    form = LogoutForm()
    if request.method == "GET":
        # A GET only asks; logging out happens on the POST (CSRF-protected).
        if not current_user.is_authenticated:
            return redirect(url_for("neighbourhoods.home"))
        return render_template("accounts/logout.html", form=form)
    if form.validate_on_submit():
        if current_user.is_authenticated:
            # Every copy of this session cookie stops working, not just this one.
            services.rotate_session_token(current_user)
            db.session.commit()
        logout_user()
        sessions.clear_keeping_locale()
        flash(_("You are logged out."), "success")
        response = redirect(url_for("neighbourhoods.home"))
        # Pages with personal data may still be in the browser's cache.
        response.headers["Clear-Site-Data"] = '"cache"'
        return response
    return redirect(url_for("neighbourhoods.home"))


@bp.route("/")
@login_required
def overview():
    return render_template(
        "accounts/account_overview.html",
        role_labels=ROLE_LABELS,
        is_admin=is_admin(current_user),
        organisations=services.organisations_of(current_user),
        sections=sections.render_all(current_user, sections.ACCOUNT),
        kind_labels=ORGANISATION_KIND_LABELS,
        organisation_status_labels=ORGANISATION_STATUS_LABELS,
        may_use_two_factor=two_factor.may_use_two_factor(current_user),
        language_form=LanguageForm(
            languages=i18n.available_languages(), data={"locale": current_user.locale}
        ),
    )


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user,
                current_password=form.current_password.data,
                new_password=form.new_password.data,
            )
        except services.AccountError as error:
            db.session.rollback()
            _apply_field_error(form, error)
        else:
            db.session.commit()
            # Other sessions (other devices, copied cookies) end; this one goes on.
            sessions.keep_token(current_user)
            sessions.mark_reauthenticated()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.overview"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/password_change.html", form=form), status


@bp.route("/language", methods=["POST"])
def choose_language():
    form = LanguageForm(languages=i18n.available_languages())
    if not form.validate_on_submit():
        flash(_("This language is not available."), "error")
        return redirect(safe_next())
    i18n.remember_locale(form.locale.data)
    if current_user.is_authenticated:
        services.set_locale(current_user, form.locale.data)
        db.session.commit()
    return redirect(safe_next())


@bp.route("/confirm-password", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def confirm_password():
    form = ConfirmPasswordForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        if services.verify_password(current_user, form.password.data):
            sessions.mark_reauthenticated()
            return _redirect_after_login(form.next.data)
        form.password.errors = [*form.password.errors, _("This is not your current password.")]
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/confirm_password.html", form=form), status


@bp.route("/email", methods=["GET", "POST"])
@login_required
@recent_password_required(return_to="accounts.change_email")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def change_email():
    form = EmailChangeForm()
    if form.validate_on_submit():
        try:
            services.change_email(
                current_user,
                new_email=form.email.data,
                current_password=form.current_password.data,
            )
        except services.AccountError as error:
            db.session.rollback()
            _apply_field_error(form, error)
        else:
            db.session.commit()
            flash(_("Your e-mail address has been changed."), "success")
            return redirect(url_for("accounts.overview"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/email_change.html", form=form), status


@bp.route("/two-factor", methods=["GET", "POST"])
@login_required
@recent_password_required(return_to="accounts.two_factor_setup")
def two_factor_setup():
    if current_user.has_two_factor:
        return render_template("accounts/two_factor_setup.html", done=True)
    form = TwoFactorCodeForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    secret = session.get(SETUP_SECRET_KEY)
    if not isinstance(secret, str) or request.method == "GET":
        secret = session[SETUP_SECRET_KEY] = two_factor.new_secret()
    if form.validate_on_submit():
        try:
            two_factor.enable(current_user, secret=secret, code=form.code.data)
        except services.AccountError as error:
            db.session.rollback()
            _apply_field_error(form, error)
        else:
            db.session.commit()
            session.pop(SETUP_SECRET_KEY, None)
            flash(_("Two-factor login is on."), "success")
            return _redirect_after_login(form.next.data)
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
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"])
def erase_account():
    form = EraseAccountForm()
    if form.validate_on_submit():
        try:
            personal_data.erase_account(current_user, password=form.password.data)
        except services.AccountError as error:
            db.session.rollback()
            _apply_field_error(form, error)
        else:
            db.session.commit()
            logout_user()
            sessions.clear_keeping_locale()
            flash(_("Your account and personal data have been erased."), "success")
            return redirect(url_for("neighbourhoods.home"))
    return render_template("accounts/personal_data.html", form=form), 422


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
    if form.validate_on_submit():
        try:
            organisation = services.register_organisation(
                current_user,
                name=form.name.data,
                kind=form.kind.data,
                neighbourhood_id=form.neighbourhood_id.data or None,
                offers=form.offers.data,
                contact=form.contact.data,
                kvk_number=form.kvk_number.data,
            )
        except services.AccountError as error:
            db.session.rollback()
            _apply_field_error(form, error)
        else:
            db.session.commit()
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
