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
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from wijkplatform.accounts.services import (
    DISPLAY_NAME_MAX,
    display_name_problem,
    normalise_display_name,
    password_problem,
)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class _EmailField(EmailField):
    def __init__(self, label, **kwargs):
        super().__init__(
            label,
            filters=[_strip],
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


class RegistrationForm(FlaskForm):
    email = _EmailField(_l("E-mail address"))
    display_name = StringField(
        _l("Name shown to others"),
        description=_l("Everyone can see this name. You may use a nickname."),
        filters=[normalise_display_name],
        validators=[
            DataRequired(message=_l("Fill in a name.")),
        ],
        render_kw={"autocomplete": "nickname", "maxlength": DISPLAY_NAME_MAX},
    )
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

    def __init__(self, *args, neighbourhood_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.neighbourhood_id.choices = [
            (0, _l("Choose your neighbourhood")),
            *neighbourhood_choices,
        ]

    def validate_neighbourhood_id(self, field):
        if not field.data:
            raise ValidationError(_l("Choose your neighbourhood."))

    def validate_display_name(self, field):
        problem = display_name_problem(field.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_password(self, field):
        problem = password_problem(field.data or "", email=self.email.data or "")
        if problem:
            raise ValidationError(problem)


class LoginForm(FlaskForm):
    email = _EmailField(_l("E-mail address"))
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Fill in your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Fill in your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        description=_l("At least 10 characters."),
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


class EraseAccountForm(FlaskForm):
    password = _current_password_field(_l("Your password"))
    confirm = BooleanField(
        _l("I understand that my account and personal data are erased for good."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )
