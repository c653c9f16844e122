"""The admin area (/admin/): people, their roles and blocks. Platform administrators only;
every change asks for the password again when the last check is old, needs a reason and is
written to the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from wijkplatform.accounts.models import ROLE_LABELS, Membership, Role, User
from wijkplatform.accounts.reauth import recent_password_required
from wijkplatform.admin import queries, services
from wijkplatform.admin.forms import BlockForm, GrantRoleForm, ReasonForm, UserSearchForm
from wijkplatform.admin.permissions import can_administer
from wijkplatform.core import registries
from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.permissions import ensure
from wijkplatform.extensions import db
from wijkplatform.moderation.models import ACTION_LABELS, Block
from wijkplatform.neighbourhoods.models import Municipality, Neighbourhood

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.record_once
def _provide_admin_link(state) -> None:
    # The main menu shows the link from the memberships already loaded with the user
    # (User.memberships loads with the user): no extra query on any page.
    registries.provide_template_hook(
        state.app, "shows_admin_link", lambda: can_administer(current_user)
    )


@bp.before_request
def only_admins():
    # Before anything else (also the password check): visitors log in, others get 403.
    ensure(can_administer(current_user))


def _user_page_url(user_id: int, **_ignored) -> str:
    return url_for("admin.user_detail", user_id=user_id)


@bp.route("/")
def index():
    return render_template("admin/index.html")


@bp.route("/users/")
def users():
    form = UserSearchForm(request.args)
    page = request.args.get("page", default=1, type=int) or 1
    result = queries.users_page(form.q.data or "", page)
    return render_template("admin/user_list.html", form=form, page=result, role_labels=ROLE_LABELS)


def _get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.erased_at is not None:
        abort(404)
    return user


def _place_choices(neighbourhoods, municipalities):
    neighbourhood_choices = [SelectChoice("", _("Choose a neighbourhood"))] + [
        SelectChoice(str(n.id), f"{n.name} ({n.municipality.name})") for n in neighbourhoods
    ]
    municipality_choices = [SelectChoice("", _("Choose a municipality"))] + [
        SelectChoice(str(m.id), m.name) for m in municipalities
    ]
    return neighbourhood_choices, municipality_choices


def _render_user(user: User, *, status: int = 200, **forms):
    neighbourhoods = queries.neighbourhoods()
    municipalities = queries.municipalities()
    neighbourhood_choices, municipality_choices = _place_choices(neighbourhoods, municipalities)
    grant_form = forms.get("grant_form") or GrantRoleForm(prefix="grant", formdata=None)
    grant_form.neighbourhood.choices = neighbourhood_choices
    grant_form.municipality.choices = municipality_choices
    block_form = forms.get("block_form") or BlockForm(prefix="block", formdata=None)
    block_form.neighbourhood.choices = neighbourhood_choices
    managed = [m for m in user.memberships if m.role in services.MANAGED_ROLES]
    revoke_forms = {
        m.id: forms.get(f"revoke_{m.id}") or ReasonForm(prefix=f"revoke-{m.id}", formdata=None)
        for m in managed
    }
    blocks = queries.active_blocks([user]).get(user.id, [])
    lift_forms = {
        b.id: forms.get(f"lift_{b.id}") or ReasonForm(prefix=f"lift-{b.id}", formdata=None)
        for b in blocks
    }
    return render_template(
        "admin/user_detail.html",
        user=user,
        role_labels=ROLE_LABELS,
        action_labels=ACTION_LABELS,
        memberships=sorted(user.memberships, key=lambda m: (m.role.value, m.id)),
        managed_ids={m.id for m in managed},
        revoke_forms=revoke_forms,
        blocks=blocks,
        lift_forms=lift_forms,
        grant_form=grant_form,
        block_form=block_form,
        events=queries.events_about(user),
        neighbourhood_names={n.id: n.name for n in neighbourhoods},
        municipality_names={m.id: m.name for m in municipalities},
        is_self=user.id == current_user.id,
    ), status


@bp.route("/users/<int:user_id>")
def user_detail(user_id: int):
    return _render_user(_get_user(user_id))


def _chosen(model, value):
    if not value or not str(value).isdigit():
        return None
    return db.session.get(model, int(value))


@bp.route("/users/<int:user_id>/roles", methods=["POST"])
@recent_password_required(return_to=_user_page_url)
def grant_role(user_id: int):
    user = _get_user(user_id)
    form = GrantRoleForm(prefix="grant")
    outcome = form.validate_on_submit() and commit_or_report(
        services.grant_role,
        current_user,
        user,
        form.role.data or "",
        neighbourhood=_chosen(Neighbourhood, form.neighbourhood.data),
        municipality=_chosen(Municipality, form.municipality.data),
        reason=form.reason.data,
        form=form,
    )
    if outcome:
        flash(
            _(
                "%(name)s is now %(role)s.",
                name=user.display_name,
                role=ROLE_LABELS[outcome.value.role.value],
            ),
            "success",
        )
        return redirect(url_for("admin.user_detail", user_id=user.id))
    return _render_user(user, status=422, grant_form=form)


@bp.route("/users/<int:user_id>/roles/<int:membership_id>/revoke", methods=["POST"])
@recent_password_required(return_to=_user_page_url)
def revoke_role(user_id: int, membership_id: int):
    user = _get_user(user_id)
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.user_id != user.id:
        abort(404)
    form = ReasonForm(prefix=f"revoke-{membership.id}")
    role = membership.role
    outcome = form.validate_on_submit() and commit_or_report(
        services.revoke_role, current_user, user, membership, reason=form.reason.data, form=form
    )
    if outcome:
        flash(
            _(
                "%(name)s is no longer %(role)s here.",
                name=user.display_name,
                role=ROLE_LABELS[Role(role).value],
            ),
            "success",
        )
        return redirect(url_for("admin.user_detail", user_id=user.id))
    return _render_user(user, status=422, **{f"revoke_{membership_id}": form})


@bp.route("/users/<int:user_id>/blocks", methods=["POST"])
@recent_password_required(return_to=_user_page_url)
def block_user(user_id: int):
    user = _get_user(user_id)
    form = BlockForm(prefix="block")
    outcome = form.validate_on_submit() and commit_or_report(
        services.block,
        current_user,
        user,
        _chosen(Neighbourhood, form.neighbourhood.data),
        until=form.until.data,
        reason=form.reason.data,
        form=form,
    )
    if outcome:
        flash(
            _(
                "%(name)s is blocked in %(neighbourhood)s.",
                name=user.display_name,
                neighbourhood=outcome.value.neighbourhood.name,
            ),
            "success",
        )
        return redirect(url_for("admin.user_detail", user_id=user.id))
    return _render_user(user, status=422, block_form=form)


@bp.route("/users/<int:user_id>/blocks/<int:block_id>/lift", methods=["POST"])
@recent_password_required(return_to=_user_page_url)
def lift_block(user_id: int, block_id: int):
    user = _get_user(user_id)
    block_row = db.session.get(Block, block_id)
    if block_row is None or block_row.user_id != user.id:
        abort(404)
    form = ReasonForm(prefix=f"lift-{block_row.id}")
    outcome = form.validate_on_submit() and commit_or_report(
        services.lift_block, current_user, user, block_row, reason=form.reason.data, form=form
    )
    if outcome:
        flash(_("The block has been lifted."), "success")
        return redirect(url_for("admin.user_detail", user_id=user.id))
    return _render_user(user, status=422, **{f"lift_{block_id}": form})
