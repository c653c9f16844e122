"""Moderation forms. The services check the rules; their messages go beside the fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from wijkplatform.contributions.models import STATUS_LABELS
from wijkplatform.moderation.models import ANSWER_STATUSES, FLAG_REASON_LABELS


class FlagForm(FlaskForm):
    reason = RadioField(
        _l("Why do you report this?"),
        choices=[SelectChoice(value, label) for value, label in FLAG_REASON_LABELS.items()],
        validate_choice=False,
    )
    text = TextAreaField(
        _l("Explanation"),
        description=_l(
            "Needed when you choose 'Something else'. Only neighbourhood workers see it."
        ),
        render_kw={"rows": 3, "maxlength": 500},
    )


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        description=_l("The author sees this reason."),
        render_kw={"rows": 3, "maxlength": 500},
    )


class MergeForm(FlaskForm):
    survivor_id = IntegerField(
        _l("Contribution to keep"),
        description=_l("Supports, followers and reactions move to that contribution."),
        validators=[Optional()],
        render_kw={"inputmode": "numeric"},
    )
    reason = TextAreaField(
        _l("Reason"),
        description=_l("The author sees this reason."),
        render_kw={"rows": 2, "maxlength": 500},
    )


class AnswerForm(FlaskForm):
    status = SelectField(
        _l("New status"),
        choices=[SelectChoice(s.value, STATUS_LABELS[s.value]) for s in ANSWER_STATUSES],
        validate_choice=False,
    )
    body = TextAreaField(
        _l("Official answer"),
        description=_l("Explain the status. Everyone can read this on the contribution."),
        render_kw={"rows": 5},
    )


class BlockForm(FlaskForm):
    until = DateField(
        _l("Blocked up to and including"),
        validators=[Optional()],
        # The browser's date picker sends 2026-12-31; typed by hand, 31-12-2026 works too.
        format=["%Y-%m-%d", "%d-%m-%Y"],
        description=_l("At most one year from today."),
    )
    reason = TextAreaField(
        _l("Reason"),
        description=_l("The resident sees this reason."),
        render_kw={"rows": 3, "maxlength": 500},
    )
