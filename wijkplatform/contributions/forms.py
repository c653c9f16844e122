"""Forms for contributions and comments. Every field message is translated; the services
check the same rules again (a form is one way in, not the only one)."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from wijkplatform.contributions.models import (
    BODY_MAX,
    CATEGORIES,
    COMMENT_MAX,
    KIND_LABELS,
    OFFLINE_SOURCE_LABELS,
    PLACE_MAX,
    STANCE_LABELS,
    TITLE_MAX,
    TITLE_MIN,
    Stance,
)
from wijkplatform.contributions.photos.models import ALT_MAX, MAX_PHOTOS, alt_field
from wijkplatform.core.text import strip_filter


def as_choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"
# What alt text is for is said once above the photo fields (_photo_fields.html).
ALT_DESCRIPTION = _l(
    "Needed with a photo. Say in one sentence what the photo shows, like “broken lamp post "
    "next to the playground”."
)


def _photo_slot(number: int):
    photo = FileField(
        _l("Photo %(number)d", number=number),
        description=_l("A JPEG, PNG or WebP photo. Optional."),
        render_kw={"accept": PHOTO_ACCEPT},
    )
    alt = StringField(
        _l("What is on photo %(number)d?", number=number),
        description=ALT_DESCRIPTION,
        filters=[strip_filter],
        render_kw={"maxlength": ALT_MAX, "autocomplete": "off"},
    )
    return photo, alt


class ContributionForm(FlaskForm):
    kind = RadioField(
        _l("What kind of contribution is this?"),
        choices=as_choices(KIND_LABELS.items()),
        validators=[InputRequired(message=_l("Choose what kind of contribution this is."))],
    )
    # Only shown to members of a verified organisation; 0 means "as myself".
    organisation_id = SelectField(
        _l("Post as"),
        coerce=int,
        validate_choice=False,
        default=0,
        description=_l("Members of a verified organisation can post on its behalf."),
    )
    title = StringField(
        _l("Title"),
        description=_l("A short sentence that says what it is about."),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Fill in a title.")),
            Length(
                min=TITLE_MIN,
                max=TITLE_MAX,
                message=_l("Use between %(min)d and %(max)d characters."),
            ),
        ],
        render_kw={"maxlength": TITLE_MAX, "autocomplete": "off"},
    )
    body = TextAreaField(
        _l("Description"),
        description=_l(
            "Tell what you see or know. You can use Markdown, like *italic* and lists. "
            "Do not write about anyone's health or other private matters."
        ),
        validators=[
            DataRequired(message=_l("Describe your contribution in a few sentences.")),
            Length(max=BODY_MAX, message=_l("Use at most %(max)d characters.")),
        ],
        render_kw={"rows": 8},
    )
    categories = MultiCheckboxField(
        _l("Subjects"),
        description=_l("Choose one or more."),
        choices=as_choices(CATEGORIES.items()),
        validate_choice=False,  # the message below is clearer than WTForms' own
    )
    place = StringField(
        _l("Place (optional)"),
        description=_l("A street, a square or a building, like “playground Havenstraat”."),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=PLACE_MAX, message=_l("Use at most %(max)d characters.")),
        ],
    )
    latitude = FloatField(
        _l("Latitude (optional)"),
        validators=[Optional(), NumberRange(-90, 90, message=_l("This is not a latitude."))],
    )
    longitude = FloatField(
        _l("Longitude (optional)"),
        validators=[Optional(), NumberRange(-180, 180, message=_l("This is not a longitude."))],
    )
    # Up to MAX_PHOTOS photos, each with its alt text; read and checked by the view
    # (views/photos.py: read_photos), counted and checked again by the service.
    photo_1, alt_1 = _photo_slot(1)
    photo_2, alt_2 = _photo_slot(2)
    photo_3, alt_3 = _photo_slot(3)
    submission_key = HiddenField()

    def photo_slots(self, free: int = MAX_PHOTOS):
        """(number, photo field, alt field) for the first `free` slots."""
        return [(n, self[f"photo_{n}"], self[f"alt_{n}"]) for n in range(1, free + 1)]

    def validate_categories(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one subject."))
        if any(key not in CATEGORIES for key in field.data):
            raise ValidationError(_l("Choose subjects from the list."))


class OfflineContributionForm(ContributionForm):
    offline_source = SelectField(
        _l("Where was this collected?"),
        choices=as_choices([("", _l("Choose")), *OFFLINE_SOURCE_LABELS.items()]),
        validators=[DataRequired(message=_l("Choose where this was collected."))],
    )
    offline_date = DateField(
        _l("Date it was collected"),
        validators=[DataRequired(message=_l("Fill in the date it was collected."))],
    )


class EditContributionForm(ContributionForm):
    kind = None  # the kind stays what it was
    submission_key = None
    # The author's own photos to take off (ids of the contribution's photos).
    remove_photos = SelectMultipleField(
        _l("Remove photos"), coerce=int, validate_choice=False, validators=[Optional()]
    )


def edit_contribution_form(photos, **kwargs) -> EditContributionForm:
    """The edit form with a field for the alt text of each photo the contribution has
    (`photos` in their order), filled with the alt text it has now."""
    fields = {
        alt_field(photo.id): StringField(
            _l("What is on photo %(number)d you added?", number=number),
            description=ALT_DESCRIPTION,
            default=photo.alt_text,
            filters=[strip_filter],
            render_kw={"maxlength": ALT_MAX, "autocomplete": "off"},
        )
        for number, photo in enumerate(photos, start=1)
    }
    form_class = type("EditContributionWithPhotosForm", (EditContributionForm,), fields)
    form = form_class(**kwargs)
    form.photo_alt_fields = {photo.id: form[alt_field(photo.id)] for photo in photos}
    return form


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Your reaction"),
        description=_l("Be kind and stay on topic. You can use Markdown."),
        validators=[
            DataRequired(message=_l("Write a reaction first.")),
            Length(max=COMMENT_MAX, message=_l("Use at most %(max)d characters.")),
        ],
        render_kw={"rows": 4},
    )
    stance = RadioField(
        _l("Your view"),
        choices=as_choices(STANCE_LABELS.items()),
        default=Stance.NEUTRAL.value,
        validators=[Optional()],
        validate_choice=False,  # an unknown stance is refused by the service, on this field
    )
    parent_id = IntegerField(validators=[Optional()], widget=HiddenInput())
    submission_key = HiddenField()


class SupportForm(FlaskForm):
    """Only the CSRF token and the wanted state: supported ("1") or not ("0")."""

    supported = HiddenField()


class FollowForm(FlaskForm):
    following = HiddenField()


class LinkForm(FlaskForm):
    target_id = SelectField(_l("Issue this could help with"), coerce=int, validate_choice=False)


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
