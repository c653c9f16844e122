"""Admin forms for municipalities, neighbourhoods and area profile imports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from wijkplatform.core.text import strip_filter


class MunicipalityForm(FlaskForm):
    name = StringField(
        _l("Name of the municipality"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Fill in a name.")),
            Length(max=100, message=_l("Use at most %(max)d characters.")),
        ],
    )
    cbs_code = StringField(
        _l("CBS code"),
        description=_l("GM followed by four digits, like GM0308."),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Fill in the CBS code."))],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class NeighbourhoodForm(FlaskForm):
    municipality_id = SelectField(_l("Municipality"), coerce=int, validate_choice=True)
    name = StringField(
        _l("Name of the neighbourhood"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Fill in a name.")),
            Length(max=100, message=_l("Use at most %(max)d characters.")),
        ],
    )
    slug = StringField(
        _l("Web address (optional)"),
        description=_l("Made from the name when left empty, like oude-haven."),
        filters=[strip_filter],
        validators=[Optional(), Length(max=100, message=_l("Use at most %(max)d characters."))],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    cbs_code = StringField(
        _l("CBS code (optional)"),
        description=_l("WK plus six digits for a wijk, BU plus eight digits for a buurt."),
        filters=[strip_filter],
        validators=[Optional()],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    description = TextAreaField(
        _l("Short description (optional)"),
        validators=[Optional(), Length(max=2000, message=_l("Use at most %(max)d characters."))],
    )

    def __init__(self, *args, municipality_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_id.choices = list(municipality_choices)


# A whole-country kwb CSV is about 15 MB. The request limit for the import page follows
# this (core/uploads.py); the command line reads up to profiles.MAX_FILE_BYTES.
MAX_UPLOAD_BYTES = 30 * 1024 * 1024
UPLOAD_TOO_LARGE = _l(
    "The file is larger than %(max)d MB. Import it on the command line "
    "(flask profiles import), or import only the rows of your municipality.",
    max=MAX_UPLOAD_BYTES // (1024 * 1024),
)


class ProfileImportForm(FlaskForm):
    file = FileField(
        _l("File with CBS figures"),
        description=_l(
            "The kwb table (CSV or xlsx), a StatLine export (CSV) or the PDOK GeoJSON "
            "of 'Kerncijfers wijken en buurten'. At most %(max)d MB; import a larger file "
            "on the command line.",
            max=MAX_UPLOAD_BYTES // (1024 * 1024),
        ),
        validators=[
            FileRequired(message=_l("Choose a file.")),
            FileSize(MAX_UPLOAD_BYTES, message=UPLOAD_TOO_LARGE),
        ],
        render_kw={"accept": ".csv,.txt,.xlsx,.json,.geojson"},
    )
    year = StringField(
        _l("Year of the figures"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Fill in a year, like 2024.")),
            Regexp(r"^(19|20)\d\d$", message=_l("Fill in a year, like 2024.")),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    level = SelectField(
        _l("Neighbourhoods on the platform are"),
        choices=[
            SelectChoice("", _l("as found in the file")),
            SelectChoice("wijk", _l("wijken (WK codes)")),
            SelectChoice("buurt", _l("buurten (BU codes)")),
        ],
        validate_choice=True,
    )
    create_missing = BooleanField(
        _l("Create the municipality and neighbourhoods from the file if they are missing"),
        description=_l("With their names, CBS codes and boundaries."),
    )
