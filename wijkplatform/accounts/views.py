"""Register, log in and out, account overview, password and language."""

from __future__ import annotations

import logging

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
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from wijkplatform.accounts import services
from wijkplatform.accounts.forms import (
    LanguageForm,
    LoginForm,
    LogoutForm,
    OrganisationForm,
    PasswordChangeForm,
    RegistrationForm,
)
from wijkplatform.accounts.models import (
    ORGANISATION_KIND_LABELS,
    ORGANISATION_STATUS_LABELS,
    ROLE_LABELS,
)
from wijkplatform.accounts.permissions import is_admin
from wijkplatform.core import i18n
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
    locale = session.get(i18n.SESSION_KEY)
    session.clear()
    login_user(user)
    if locale:
        session[i18n.SESSION_KEY] = locale


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.overview"))
    form = RegistrationForm(neighbourhood_choices=_neighbourhood_choices())
    if form.validate_on_submit():
        try:
            user = services.register_resident(
                email=form.email.data,
                display_name=form.display_name.data,
                password=form.password.data,
                neighbourhood_id=form.neighbourhood_id.data,
                locale=i18n.select_locale(),
            )
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
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/register.html", form=form), status


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
        if user is None:
            # One message for unknown address and wrong password: no account enumeration.
            form.password.errors = [
                *form.password.errors,
                _("The e-mail address or password is not correct."),
            ]
        else:
            db.session.commit()
            _start_session(user)
            flash(_("You are logged in."), "success")
            target = form.next.data
            return redirect(target if is_local_path(target) else url_for("accounts.overview"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    form = LogoutForm()
    if request.method == "GET":
        # A GET only asks; logging out happens on the POST (CSRF-protected).
        if not current_user.is_authenticated:
            return redirect(url_for("neighbourhoods.home"))
        return render_template("accounts/logout.html", form=form)
    if form.validate_on_submit():
        locale = session.get(i18n.SESSION_KEY)
        logout_user()
        session.clear()
        if locale:
            session[i18n.SESSION_KEY] = locale
        flash(_("You are logged out."), "success")
    return redirect(url_for("neighbourhoods.home"))


@bp.route("/")
@login_required
def overview():
    return render_template(
        "accounts/account_overview.html",
        role_labels=ROLE_LABELS,
        is_admin=is_admin(current_user),
        organisations=services.organisations_of(current_user),
        kind_labels=ORGANISATION_KIND_LABELS,
        organisation_status_labels=ORGANISATION_STATUS_LABELS,
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
