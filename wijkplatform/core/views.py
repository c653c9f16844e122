"""Pages that belong to no feature: privacy and accessibility statements."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("core", __name__)


@bp.route("/privacy")
def privacy():
    return render_template("core/privacy.html", contact=current_app.config["CONTACT_EMAIL"])


@bp.route("/toegankelijkheid")
def accessibility():
    return render_template("core/accessibility.html", contact=current_app.config["CONTACT_EMAIL"])
