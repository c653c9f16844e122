"""Pages that belong to no feature: privacy and accessibility statements, health checks."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, render_template
from sqlalchemy import text

from wijkplatform.core.permissions import open_before_two_factor
from wijkplatform.core.security import answers_any_host
from wijkplatform.extensions import db, limiter

logger = logging.getLogger(__name__)

bp = Blueprint("core", __name__)


@bp.route("/healthz")
@answers_any_host
@open_before_two_factor
@limiter.exempt
def healthz():
    """The process answers (no database): for the load balancer's liveness check."""
    return jsonify(status="ok")


@bp.route("/readyz")
@answers_any_host
@open_before_two_factor
@limiter.exempt
def readyz():
    """The database answers: for the readiness check; 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:
        logger.warning("readiness check failed: %s", error)
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.route("/privacy")
@open_before_two_factor
def privacy():
    return render_template("core/privacy.html", contact=current_app.config["CONTACT_EMAIL"])


@bp.route("/begrippen")
@open_before_two_factor
def glossary():
    """The words residents meet on the platform, in plain language."""
    return render_template("core/glossary.html")


@bp.route("/toegankelijkheid")
@open_before_two_factor
def accessibility():
    return render_template("core/accessibility.html", contact=current_app.config["CONTACT_EMAIL"])
