"""Accounts: users, roles and memberships, login, language and password."""

from __future__ import annotations


def init_app(app) -> None:
    from flask import flash, redirect, request, session, url_for
    from flask_babel import gettext as _
    from flask_login import current_user

    from wijkplatform.accounts import personal_data, sessions, two_factor
    from wijkplatform.accounts.models import public_name
    from wijkplatform.accounts.permissions import author_badges, min_account_age_days
    from wijkplatform.core.permissions import current_view_is_open_before_two_factor
    from wijkplatform.core.urls import current_path

    personal_data.init_app(app)
    app.jinja_env.filters["public_name"] = public_name
    app.jinja_env.globals["author_badges"] = author_badges
    # Pages that show a count of residents say who counts (templates/macros/who_counts.html).
    app.jinja_env.globals["min_account_age_days"] = min_account_age_days
    app.before_request(sessions.check_timeouts)

    @app.before_request
    def require_two_factor_setup():
        if sessions.USER_ID_KEY not in session or current_view_is_open_before_two_factor():
            return None
        if not current_user.is_authenticated or current_user.has_two_factor:
            return None
        if not two_factor.must_use_two_factor(
            current_user, app.config["TWO_FACTOR_REQUIRED_ROLES"]
        ):
            return None
        flash(_("Your role needs two-factor login. Set it up first."), "info")
        # A POST cannot be repeated by a redirect: after the set-up the account page follows.
        if request.method in ("GET", "HEAD"):
            target = current_path()
        else:
            target = url_for("accounts.overview")
        return redirect(url_for("accounts.two_factor_setup", next=target))
