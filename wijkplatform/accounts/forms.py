"""Account forms. Every field message is translated; services add the domain rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from wijkplatform.accounts.models import AGE_GROUP_LABELS, YEARS_HERE_LABELS
from wijkplatform.accounts.services import (
    DISPLAY_NAME_MAX,
    display_name_problem,
    normalise_display_name,
    password_problem,
)
from wijkplatform.core.text import strip_filter


class _EmailField(EmailField):
    def __init__(self, label, **kwargs):
        super().__init__(
            label,
            filters=[strip_filter],
            validators=[
                DataRequired(message=_l("Fill in your e-mail address.")),
                Length(max=254, message=_l("This e-mail address is too long.")),
                Email(
                    message=_l("Fill in a valid e-mail address, like name@example.nl."),
                    check_deliverability=False,
                ),
            ],
            render_kw={"autocomplete": "email", "spellcheck": "false"},
            **kwargs,
        )


def _display_name_field():
    return StringField(
        _l("Name shown to others"),
        description=_l("Everyone can see this name. You may use a nickname."),
        filters=[normalise_display_name],
        validators=[
            DataRequired(message=_l("Fill in a name.")),
        ],
        render_kw={"autocomplete": "nickname", "maxlength": DISPLAY_NAME_MAX},
    )


def _check_display_name(form, field):
    problem = display_name_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class RegistrationForm(FlaskForm):
    email = _EmailField(_l("E-mail address"))
    display_name = _display_name_field()
    neighbourhood_id = SelectField(
        _l("Your neighbourhood"),
        coerce=int,
        validate_choice=True,
        description=_l("The neighbourhood where you live or work."),
    )
    password = PasswordField(
        _l("Password"),
        description=_l("At least 10 characters. A few words in a row are easy to remember."),
        validators=[DataRequired(message=_l("Choose a password."))],
        render_kw={"autocomplete": "new-password"},
    )
    password_confirm = PasswordField(
        _l("Password again"),
        validators=[
            DataRequired(message=_l("Fill in the password again.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )

    for_organisation = BooleanField(
        _l("I also take part for a local organisation"),
        description=_l("After creating your account you register the organisation in one step."),
    )

    def __init__(self, *args, neighbourhood_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.neighbourhood_id.choices = [
            (0, _l("Choose your neighbourhood")),
            *neighbourhood_choices,
        ]

    def validate_neighbourhood_id(self, field):
        if not field.data:
            raise ValidationError(_l("Choose your neighbourhood."))

    validate_display_name = _check_display_name

    def validate_password(self, field):
        problem = password_problem(field.data or "", email=self.email.data or "")
        if problem:
            raise ValidationError(problem)


class DisplayNameForm(FlaskForm):
    """The service adds the rules that need the database (no name that passes for staff)."""

    display_name = _display_name_field()
    validate_display_name = _check_display_name


class ParticipationProfileForm(FlaskForm):
    """Both optional: an empty choice means "I would rather not say"."""

    age_group = SelectField(
        _l("Your age"),
        choices=[SelectChoice("", _l("I would rather not say"))]
        + [SelectChoice(key, label) for key, label in AGE_GROUP_LABELS.items()],
        validate_choice=False,  # the service says "choose one of the options" beside it
    )
    years_here = SelectField(
        _l("How long you have lived in your neighbourhood"),
        choices=[SelectChoice("", _l("I would rather not say"))]
        + [SelectChoice(key, label) for key, label in YEARS_HERE_LABELS.items()],
        validate_choice=False,
    )


class LoginForm(FlaskForm):
    email = _EmailField(_l("E-mail address"))
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Fill in your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class NewPasswordFields:
    """A new password typed twice: for changing it and for choosing one with a reset link."""

    new_password = PasswordField(
        _l("New password"),
        description=_l("At least 10 characters. A few words in a row are easy to remember."),
        validators=[DataRequired(message=_l("Choose a new password."))],
        render_kw={"autocomplete": "new-password"},
    )
    new_password_confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(message=_l("Fill in the new password again.")),
            EqualTo("new_password", message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordChangeForm(NewPasswordFields, FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Fill in your current password."))],
        render_kw={"autocomplete": "current-password"},
    )


class EmailAddressForm(FlaskForm):
    """Only an address: asking for a reset link or a new confirmation link."""

    email = _EmailField(_l("E-mail address"))


class PasswordResetForm(NewPasswordFields, FlaskForm):
    """A new password chosen with a reset link; the rules are those of registration."""

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._email = email

    def validate_new_password(self, field):
        problem = password_problem(field.data or "", email=self._email)
        if problem:
            raise ValidationError(problem)


class LinkForm(FlaskForm):
    """Only the CSRF token: the button that uses a mailed link (a GET only shows it)."""


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), validate_choice=True)
    next = HiddenField()

    def __init__(self, *args, languages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = list((languages or {}).items())


class LogoutForm(FlaskForm):
    """Only the CSRF token: logging out is a POST so other sites cannot trigger it."""


def _current_password_field(label=None):
    return PasswordField(
        label or _l("Current password"),
        validators=[DataRequired(message=_l("Fill in your current password."))],
        render_kw={"autocomplete": "current-password"},
    )


class ConfirmPasswordForm(FlaskForm):
    password = _current_password_field(_l("Password"))
    next = HiddenField()


class EmailChangeForm(FlaskForm):
    email = _EmailField(_l("New e-mail address"))
    current_password = _current_password_field()


class TwoFactorCodeForm(FlaskForm):
    code = StringField(
        _l("Code from your app"),
        description=_l("The 6 digits your authenticator app shows now."),
        filters=[lambda value: "".join(value.split()) if isinstance(value, str) else value],
        validators=[
            DataRequired(message=_l("Fill in the code from your app.")),
            Length(min=6, max=6, message=_l("The code has 6 digits.")),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    next = HiddenField()


class LoginCodeForm(FlaskForm):
    """The second step of the login: the code from the app, or one of the recovery codes."""

    code = StringField(
        _l("Code from your app or a recovery code"),
        description=_l(
            "The 6 digits your authenticator app shows now. No phone at hand? "
            "Use one of your recovery codes, for example ABCDE-23456."
        ),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            DataRequired(message=_l("Fill in the code from your app or a recovery code.")),
            Length(max=20, message=_l("This code is too long.")),
        ],
        render_kw={"autocomplete": "one-time-code", "spellcheck": "false"},
    )


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token is sent."""


class EraseAccountForm(FlaskForm):
    password = _current_password_field(_l("Your password"))
    confirm = BooleanField(
        _l("I understand that my account and personal data are erased for good."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class OrganisationForm(FlaskForm):
    """Register an organisation; the service checks the rules, messages go beside fields."""

    name = StringField(
        _l("Name of the organisation"), filters=[strip_filter], render_kw={"maxlength": 120}
    )
    kind = SelectField(_l("Kind of organisation"), validate_choice=False)
    neighbourhood_id = SelectField(
        _l("Neighbourhood"),
        coerce=int,
        validate_choice=False,
        description=_l("A neighbourhood worker of this neighbourhood checks the organisation."),
    )
    kvk_number = StringField(
        _l("KvK number (optional)"),
        description=_l("The 8 digits of the Chamber of Commerce number, if there is one."),
        filters=[strip_filter],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 12},
    )
    offers = TextAreaField(
        _l("What does the organisation offer?"),
        description=_l("For example: a meeting place, a food bank, help with forms."),
        render_kw={"rows": 5},
    )
    contact = StringField(
        _l("Contact for the social map"),
        description=_l("A phone number, address, website or e-mail address. Everyone can see it."),
        filters=[strip_filter],
        render_kw={"maxlength": 200},
    )

    def __init__(self, *args, kind_choices=(), neighbourhood_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [
            SelectChoice(value, label)
            for value, label in [("", _l("Choose a kind")), *kind_choices]
        ]
        self.neighbourhood_id.choices = [
            SelectChoice(value, label)
            for value, label in [(0, _l("Choose a neighbourhood")), *neighbourhood_choices]
        ]
