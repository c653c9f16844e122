"""Home page, the neighbourhood index and page, and the admin pages for places and profiles."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.utils import secure_filename

from wijkplatform.accounts.reauth import recent_password_required
from wijkplatform.core import registries
from wijkplatform.core.commit import commit_if_ok, commit_or_report
from wijkplatform.core.permissions import ensure
from wijkplatform.core.uploads import accepts_uploads
from wijkplatform.neighbourhoods import profiles, queries, services
from wijkplatform.neighbourhoods.forms import (
    MAX_UPLOAD_BYTES,
    UPLOAD_TOO_LARGE,
    MunicipalityForm,
    NeighbourhoodForm,
    ProfileImportForm,
)
from wijkplatform.neighbourhoods.permissions import can_create_place, can_import_profiles
from wijkplatform.neighbourhoods.profile_summary import summarise

bp = Blueprint("neighbourhoods", __name__)


@bp.route("/")
def home():
    return render_template(
        "neighbourhoods/home.html", groups=queries.neighbourhoods_by_municipality()
    )


@bp.route("/neighbourhoods/")
def neighbourhood_list():
    return render_template(
        "neighbourhoods/neighbourhood_list.html", groups=queries.neighbourhoods_by_municipality()
    )


@bp.route("/neighbourhoods/<slug>/")
def neighbourhood_detail(slug: str):
    neighbourhood = queries.get_neighbourhood_by_slug(slug)
    if neighbourhood is None:
        abort(404)
    profile = summarise(neighbourhood, queries.area_profiles_for(neighbourhood))
    return render_template(
        "neighbourhoods/neighbourhood_detail.html",
        neighbourhood=neighbourhood,
        profile=profile,
        sections=registries.render_sections(neighbourhood),
    )


def _admin_forms(municipality_form=None, neighbourhood_form=None):
    municipalities = queries.municipalities()
    municipality_form = municipality_form or MunicipalityForm(prefix="municipality")
    neighbourhood_form = neighbourhood_form or NeighbourhoodForm(
        prefix="neighbourhood",
        municipality_choices=[(m.id, f"{m.name} ({m.cbs_code})") for m in municipalities],
    )
    return municipality_form, neighbourhood_form


def _render_admin(municipality_form=None, neighbourhood_form=None, status=200):
    municipality_form, neighbourhood_form = _admin_forms(municipality_form, neighbourhood_form)
    return (
        render_template(
            "neighbourhoods/places_admin.html",
            groups=queries.neighbourhoods_by_municipality(),
            municipality_form=municipality_form,
            neighbourhood_form=neighbourhood_form,
        ),
        status,
    )


@bp.route("/admin/places/")
def places_admin():
    ensure(can_create_place(current_user))
    return _render_admin()


@bp.route("/admin/places/municipalities", methods=["POST"])
@recent_password_required(return_to="neighbourhoods.places_admin")
def create_municipality():
    ensure(can_create_place(current_user))
    form = MunicipalityForm(prefix="municipality")
    outcome = form.validate_on_submit() and commit_or_report(
        services.create_municipality,
        name=form.name.data,
        cbs_code=form.cbs_code.data,
        actor=current_user,
        form=form,
    )
    if outcome:
        flash(_("Municipality %(name)s has been added.", name=outcome.value.name), "success")
        return redirect(url_for("neighbourhoods.places_admin"))
    return _render_admin(municipality_form=form, status=422)


@bp.route("/admin/places/neighbourhoods", methods=["POST"])
@recent_password_required(return_to="neighbourhoods.places_admin")
def create_neighbourhood():
    ensure(can_create_place(current_user))
    municipalities = {m.id: m for m in queries.municipalities()}
    form = NeighbourhoodForm(
        prefix="neighbourhood",
        municipality_choices=[(m.id, f"{m.name} ({m.cbs_code})") for m in municipalities.values()],
    )
    outcome = form.validate_on_submit() and commit_or_report(
        services.create_neighbourhood,
        municipality=municipalities[form.municipality_id.data],
        name=form.name.data,
        slug=form.slug.data,
        cbs_code=form.cbs_code.data,
        description=form.description.data or "",
        actor=current_user,
        form=form,
    )
    if outcome:
        flash(_("Neighbourhood %(name)s has been added.", name=outcome.value.name), "success")
        return redirect(url_for("neighbourhoods.places_admin"))
    return _render_admin(neighbourhood_form=form, status=422)


@bp.route("/admin/profiles/", methods=["GET", "POST"])
@accepts_uploads(MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE)  # marks the view the route registers
# Asked on opening the page as well, so an old password check does not throw away a chosen
# file after the upload.
@recent_password_required(return_to="neighbourhoods.profiles_import")
def profiles_import():
    ensure(can_import_profiles(current_user))
    form = ProfileImportForm()
    report = None
    status = 200
    if form.validate_on_submit():
        report = commit_if_ok(
            profiles.import_profiles,
            form.file.data.read(),
            filename=secure_filename(form.file.data.filename or "") or "upload",
            year=int(form.year.data),
            create_missing=form.create_missing.data,
            level=form.level.data or None,
            actor=current_user,
        )
        if not report.ok:
            status = 422
    elif form.is_submitted():
        status = 422
    return (
        render_template(
            "neighbourhoods/profiles_import.html",
            form=form,
            report=report,
            list_skipped_up_to=profiles.LIST_SKIPPED_UP_TO,
        ),
        status,
    )
