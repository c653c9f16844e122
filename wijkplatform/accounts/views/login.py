"""Logging in (with the second step for two-factor login) and out."""

from __future__ import annotations

import logging
import time

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
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, logout_user

from wijkplatform.accounts import mails, recovery_codes, services, sessions, two_factor
from wijkplatform.accounts.forms import (
    LoginCodeForm,
    LoginForm,
    LogoutForm,
)
from wijkplatform.accounts.models import (
    User,
)
from wijkplatform.accounts.views.common import (
    PENDING_AT_KEY,
    PENDING_NEXT_KEY,
    PENDING_SECONDS,
    PENDING_USER_KEY,
    bp,
    limit_attempts_per_address,
    limit_code_guesses,
    limit_password_guesses_at_login,
    redirect_after_login,
    start_session,
)
from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.errors import DomainError
from wijkplatform.core.permissions import open_before_two_factor
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


@bp.route("/login", methods=["GET", "POST"])
@open_before_two_factor
@limit_attempts_per_address()
@limit_password_guesses_at_login()
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        if current_user.is_authenticated:
            return redirect(url_for("accounts.overview"))
    if form.validate_on_submit():
        outcome = commit_or_report(
            _password_step,
            form.email.data,
            form.password.data,
            require_confirmed_email=current_app.config["REQUIRE_EMAIL_CONFIRMATION"],
            form=form,
        )
        if outcome and outcome.value.has_two_factor:
            # Second step: the password was right; the session only remembers who is
            # half-way, and for a few minutes.
            user = outcome.value
            sessions.clear_keeping_locale()
            session[PENDING_USER_KEY] = user.id
            session[PENDING_AT_KEY] = time.time()
            session[PENDING_NEXT_KEY] = form.next.data or ""
            return redirect(url_for("accounts.login_code"))
        if outcome:
            start_session(outcome.value)
            flash(_("You are logged in."), "success")
            return redirect_after_login(form.next.data)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status


def _password_step(email: str, password: str, *, require_confirmed_email: bool) -> User:
    """The first step of logging in: the account, if the password is right. Without
    two-factor login that is the whole login; with it, nothing is saved until the code."""
    user = services.authenticate(email, password)
    if user is None:
        # One message for unknown address and wrong password: no account enumeration.
        raise DomainError(_l("The e-mail address or password is not correct."), "password")
    if user.email_confirmed_at is None and require_confirmed_email:
        # Only after the right password, so this tells nothing to a stranger.
        raise DomainError(
            _l(
                "Confirm your e-mail address first with the link we sent you. No mail? "
                "Ask for a new link with 'Send the link again' below."
            ),
            "email",
        )
    if not user.has_two_factor:
        services.record_login(user)
    return user


def _code_step(user: User, code: str) -> int | None:
    """The second step: a code from the authenticator app, or a recovery code (spent, and
    the owner is told by mail). Returns how many recovery codes are left after using one,
    None after an app code; a wrong code saves nothing."""
    codes_left = None
    if recovery_codes.looks_like_recovery_code(code):
        codes_left = recovery_codes.use(user, code)
        accepted = codes_left is not None
    else:
        accepted = two_factor.check_code(user, code)
    if not accepted:
        raise DomainError(_l("This code is not correct. Try the new code."), "code")
    services.record_login(user)
    if codes_left is not None:
        # Queued with the spent code: a stolen code that is used is not silent.
        mails.send_recovery_code_used_notice(user, codes_left)
    return codes_left


@bp.route("/login/code", methods=["GET", "POST"])
@open_before_two_factor
@limit_attempts_per_address()
@limit_code_guesses()
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
    form = LoginCodeForm()
    if form.validate_on_submit():
        outcome = commit_or_report(_code_step, user, form.code.data, form=form)
        if outcome:
            codes_left = outcome.value
            target = session.get(PENDING_NEXT_KEY, "")
            start_session(user)
            flash(_("You are logged in."), "success")
            if codes_left is not None:
                flash(
                    ngettext(
                        "You used a recovery code. You have %(num)d recovery code left.",
                        "You used a recovery code. You have %(num)d recovery codes left.",
                        codes_left,
                    )
                    + " "
                    + _("Each code works once. Make new codes on your account page in time."),
                    "warning",
                )
            return redirect_after_login(target)
    form.code.data = ""
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/login_code.html", form=form), status


@bp.route("/logout", methods=["GET", "POST"])
@open_before_two_factor
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
            commit_or_report(services.rotate_session_token, current_user)
        logout_user()
        sessions.clear_keeping_locale()
        flash(_("You are logged out."), "success")
        response = redirect(url_for("neighbourhoods.home"))
        # Pages with personal data may still be in the browser's cache.
        response.headers["Clear-Site-Data"] = '"cache"'
        return response
    return redirect(url_for("neighbourhoods.home"))
