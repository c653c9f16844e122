"""Team design forms. The services check the rules; their messages go beside the fields."""

from __future__ import annotations

from functools import cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from wijkplatform.contributions.forms import MultiCheckboxField, as_choices
from wijkplatform.team_design.models import (
    ACTION_STATUS_LABELS,
    ACTION_TITLE_MAX,
    COMMENT_MAX,
    NOTE_MAX,
)
from wijkplatform.team_design.questions import (
    ANSWER_MAX,
    BLOCKS,
    BLOCKS_BY_NUMBER,
    PARTICIPATION_LABELS,
)


@cache
def block_form_class(number: int):
    """A form with the block's questions, its choice lists and the participation level."""
    block = BLOCKS_BY_NUMBER[number]

    class BlockForm(FlaskForm):
        # The version the editor started from; a newer one means someone else saved.
        base_version = HiddenField()
        participation = RadioField(
            _l("How do residents take part in this step?"),
            choices=[
                SelectChoice("", _l("Not decided yet")),
                *as_choices(PARTICIPATION_LABELS.items()),
            ],
            validate_choice=False,
            default="",
        )
        note = StringField(
            _l("What did you change? (optional)"),
            description=_l("Shown in the history, so others see why."),
            render_kw={"maxlength": NOTE_MAX},
        )

    for question in block.questions:
        setattr(
            BlockForm,
            question.key,
            TextAreaField(
                question.label,
                description=question.hint or None,
                render_kw={"rows": 4, "maxlength": ANSWER_MAX},
            ),
        )
    for choice_list in block.choices:
        if choice_list.from_opgave:
            continue
        if choice_list.multiple:
            field = MultiCheckboxField(
                choice_list.label,
                description=_l("Choose one or more."),
                choices=as_choices(choice_list.options.items()),
                validate_choice=False,
            )
        else:
            field = RadioField(
                choice_list.label,
                description=_l("Choose one."),
                choices=[
                    SelectChoice("", _l("Not decided yet")),
                    *as_choices(choice_list.options.items()),
                ],
                validate_choice=False,
                default="",
            )
        setattr(BlockForm, choice_list.key, field)
    return BlockForm


def block_form(number: int, **kwargs):
    return block_form_class(number)(**kwargs)


class LinkOpgaveForm(FlaskForm):
    opgave_id = SelectField(_l("Accepted Opgave"), choices=[], validate_choice=False)


def block_choices():
    return [SelectChoice(str(b.number), f"{b.number}. {b.title}") for b in BLOCKS]


class ActionForm(FlaskForm):
    title = StringField(
        _l("What must be done?"), render_kw={"maxlength": ACTION_TITLE_MAX, "autocomplete": "off"}
    )
    block = SelectField(_l("Building block it serves"), choices=[], validate_choice=False)
    owner_id = SelectField(_l("Who takes care of it?"), choices=[], validate_choice=False)
    due_date = DateField(
        _l("Ready on"),
        validators=[Optional()],
        format=["%Y-%m-%d", "%d-%m-%Y"],
        description=_l("For example 31-03-2027."),
    )


class ActionStatusForm(FlaskForm):
    status = SelectField(
        _l("Status"), choices=as_choices(ACTION_STATUS_LABELS.items()), validate_choice=False
    )


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Your comment"),
        description=_l("Everyone can read it, with your display name."),
        render_kw={"rows": 3, "maxlength": COMMENT_MAX},
    )


class HideCommentForm(FlaskForm):
    reason = StringField(_l("Why do you hide it?"), render_kw={"maxlength": 300})
