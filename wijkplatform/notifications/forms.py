from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import AnyOf

from wijkplatform.contributions.forms import as_choices
from wijkplatform.notifications.models import FREQUENCY_LABELS, Frequency, NotificationKind


def frequency_form(kinds: list[NotificationKind], current: dict, **kwargs) -> FlaskForm:
    """One choice per kind of notification the person can get."""

    class FrequencyForm(FlaskForm):
        pass

    for kind in kinds:
        field = SelectField(
            kind.label,
            choices=as_choices((f.value, FREQUENCY_LABELS[f]) for f in Frequency),
            default=current[kind].value,
            validate_choice=False,
            validators=[
                AnyOf([f.value for f in Frequency], message=_l("Choose one of the options."))
            ],
        )
        setattr(FrequencyForm, kind.value, field)
    return FrequencyForm(**kwargs)
