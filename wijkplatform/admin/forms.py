"""The forms of the admin area. Choices are filled by the view from the database; the
services check the rules again."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from wijkplatform.accounts.models import ROLE_LABELS, Role
from wijkplatform.moderation.models import REASON_MAX

REASON_DESCRIPTION = _l("Why you do this. Other administrators read it in the log.")


def _reason_field():
    return TextAreaField(
        _l("Reason"),
        description=REASON_DESCRIPTION,
        render_kw={"rows": 2, "maxlength": REASON_MAX},
    )


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(
        _l("Search by name or e-mail address"),
        validators=[Optional()],
        render_kw={"maxlength": 100, "type": "search"},
    )


class GrantRoleForm(FlaskForm):
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice("", _l("Choose a role")),
            SelectChoice(Role.MODERATOR.value, ROLE_LABELS[Role.MODERATOR.value]),
            SelectChoice(Role.REVIEWER.value, ROLE_LABELS[Role.REVIEWER.value]),
            SelectChoice(Role.ADMIN.value, ROLE_LABELS[Role.ADMIN.value]),
        ],
        validate_choice=False,
    )
    neighbourhood = SelectField(
        _l("Neighbourhood"),
        description=_l("Only for a neighbourhood worker."),
        validate_choice=False,
    )
    municipality = SelectField(
        _l("Municipality"),
        description=_l("Only for a reviewer for the municipality."),
        validate_choice=False,
    )
    reason = _reason_field()


class ReasonForm(FlaskForm):
    """Take a role away, or lift a block: only the reason."""

    reason = _reason_field()


class BlockForm(FlaskForm):
    neighbourhood = SelectField(_l("Neighbourhood"), validate_choice=False)
    until = DateField(
        _l("Blocked up to and including"),
        validators=[Optional()],
        format=["%Y-%m-%d", "%d-%m-%Y"],
        description=_l("At most one year from today."),
    )
    reason = TextAreaField(
        _l("Reason"),
        description=_l("The person sees this reason."),
        render_kw={"rows": 2, "maxlength": REASON_MAX},
    )
