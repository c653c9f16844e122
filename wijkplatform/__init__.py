"""Wijkplatform: residents define their neighbourhood's task for a social neighbourhood team."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _load_config(app: Flask, config) -> None:
    import config as settings

    if config is None:
        name = os.environ.get("WIJKPLATFORM_CONFIG", "development").lower()
        config = settings.ProductionConfig if name == "production" else settings.Config
    if isinstance(config, dict):
        app.config.from_object(settings.Config)
        app.config.update(config)
    else:
        if hasattr(config, "validate"):
            config.validate()
        app.config.from_object(config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = settings.engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        settings.INSTANCE_DIR.mkdir(exist_ok=True)


def create_app(config=None) -> Flask:
    """The whole app: `create_core_app`, then the pages (blueprints) and the CLI."""
    app = create_core_app(config)
    register_blueprints(app)

    from wijkplatform import cli

    cli.init_app(app)
    return app


def create_core_app(config=None) -> Flask:
    """The app without pages: settings, extensions and every feature's domain rules,
    signal receivers and personal-data registry. No view module is imported, so a rule that
    holds here holds for the CLI, jobs and tests as much as for a request."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_DIR / "templates"),
        instance_path=str(PROJECT_DIR / "instance"),
    )
    _load_config(app, config)
    if app.config.get("JINJA_STRICT_UNDEFINED"):
        from jinja2 import StrictUndefined

        # Before anything touches app.jinja_env, which is built once from jinja_options.
        app.jinja_options = {**app.jinja_options, "undefined": StrictUndefined}
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    from wijkplatform import extensions
    from wijkplatform.core import (
        compression,
        errors,
        i18n,
        mail,
        markdown,
        registries,
        security,
        uploads,
        urls,
    )
    from wijkplatform.core import db as core_db

    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, render_as_batch=True, compare_type=True,
                                directory=str(PROJECT_DIR / "migrations"))  # fmt: skip
    extensions.babel.init_app(app, locale_selector=i18n.select_locale)
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    extensions.htmx.init_app(app)
    compression.init_app(app)
    _init_login(app)

    i18n.init_app(app)
    markdown.init_app(app)
    security.init_app(app)
    urls.init_app(app)
    uploads.init_app(app)  # a view that takes files may take more than MAX_CONTENT_LENGTH
    errors.init_app(app)
    core_db.init_app(app)
    mail.init_app(app)
    registries.init_app(app)

    from wijkplatform import (
        accounts,
        admin,
        contributions,
        moderation,
        neighbourhoods,
        notifications,
        opgaven,
        review,
        team_design,
    )

    accounts.init_app(app)
    neighbourhoods.init_app(app)
    contributions.init_app(app)
    moderation.init_app(app)
    opgaven.init_app(app)
    team_design.init_app(app)
    review.init_app(app)
    notifications.init_app(app)
    admin.init_app(app)
    return app


def register_blueprints(app: Flask) -> None:
    """The pages. A blueprint also registers the sections and template hooks it adds to
    other features' pages (core/registries.py) when it is registered."""
    from wijkplatform.accounts.views import bp as accounts_bp
    from wijkplatform.admin.views import bp as admin_bp
    from wijkplatform.api.views import bp as api_bp
    from wijkplatform.contributions.views import bp as contributions_bp
    from wijkplatform.core.views import bp as core_bp
    from wijkplatform.moderation.views import bp as moderation_bp
    from wijkplatform.neighbourhoods.views import bp as neighbourhoods_bp
    from wijkplatform.notifications.views import bp as notifications_bp
    from wijkplatform.opgaven.views import bp as opgaven_bp
    from wijkplatform.review.views import bp as review_bp
    from wijkplatform.team_design.views import bp as team_design_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(neighbourhoods_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(contributions_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(opgaven_bp)
    app.register_blueprint(team_design_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(admin_bp)


def _init_login(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l
    from sqlalchemy.orm import joinedload

    from wijkplatform.accounts.models import User
    from wijkplatform.extensions import db, login_manager

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in to continue.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        if not user_id.isdigit():
            return None
        from wijkplatform.accounts.sessions import token_matches

        # The person and their roles in one statement: every page a logged-in person opens
        # asks for both (issue 18: one round trip fewer per request, a vote included).
        user = db.session.get(User, int(user_id), options=[joinedload(User.memberships)])
        # A cookie made before the user's last logout or password change no longer counts.
        if user is None or not user.active or not token_matches(user):
            return None
        return user
