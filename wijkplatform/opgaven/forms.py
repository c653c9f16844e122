"""Opgave forms. The services check the rules; their messages go beside the fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from wijkplatform.contributions.forms import MultiCheckboxField, as_choices
from wijkplatform.contributions.models import KIND_PLURALS
from wijkplatform.opgaven.models import (
    ANSWER_LABELS,
    EVIDENCE_SECTIONS,
    FOCUS,
    GOALS,
    NOTE_MAX,
    REACTION_COMMENT_MAX,
    REACTION_SECTIONS,
    REASON_MAX,
    SECTION_LABELS,
    SECTIONS,
    TITLE_MAX,
)


class NewOpgaveForm(FlaskForm):
    title = StringField(
        _l("Title"),
        description=_l("For example: “Opgave Oude Haven 2027”."),
        render_kw={"maxlength": TITLE_MAX, "autocomplete": "off"},
    )


class OpgaveForm(FlaskForm):
    """The whole draft: every save of it becomes a new version."""

    # The version the editor started from; a newer one means someone else saved meanwhile.
    base_version = HiddenField()
    title = StringField(_l("Title"), render_kw={"maxlength": TITLE_MAX, "autocomplete": "off"})
    goals = MultiCheckboxField(
        _l("Goals"),
        description=_l("Choose one or more."),
        choices=as_choices(GOALS.items()),
        validate_choice=False,
    )
    focus = MultiCheckboxField(
        _l("Focus of the team"),
        description=_l("Choose one or more."),
        choices=as_choices(FOCUS.items()),
        validate_choice=False,
    )
    note = StringField(
        _l("What did you change? (optional)"),
        description=_l("Shown on the timeline, so others see why there is a new version."),
        render_kw={"maxlength": NOTE_MAX},
    )


for _section in SECTIONS:
    setattr(
        OpgaveForm,
        _section.key,
        TextAreaField(_section.label, description=_section.hint, render_kw={"rows": 6}),
    )


class EvidenceSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search, nothing changes

    q = StringField(_l("Search words"), render_kw={"type": "search", "maxlength": 200})
    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice("", _l("All kinds")), *as_choices(KIND_PLURALS.items())],
        validate_choice=False,
    )


class EvidenceForm(FlaskForm):
    contribution_id = IntegerField(validators=[Optional()])
    section = SelectField(
        _l("Part of the Opgave"),
        choices=as_choices((key, SECTION_LABELS[key]) for key in EVIDENCE_SECTIONS),
        validate_choice=False,
    )


class OpenReactionsForm(FlaskForm):
    until = DateField(
        _l("Residents can react up to and including"),
        validators=[Optional()],
        format=["%Y-%m-%d", "%d-%m-%Y"],
        description=_l("At most 90 days from today. Four weeks is usual."),
    )


class SubmitForm(FlaskForm):
    reason = TextAreaField(
        _l("Why do you send it before the reaction period ends?"),
        description=_l(
            "Residents were told they could react until the last day. Everyone can read your "
            "reason on the timeline, and the municipality sees it with the draft."
        ),
        render_kw={"rows": 3, "maxlength": REASON_MAX},
    )


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Your decision"),
        choices=as_choices(
            [
                ("accept", _l("Accept this Opgave")),
                ("return", _l("Return it to the neighbourhood workers with reasons")),
            ]
        ),
        validate_choice=False,
    )
    reasons = TextAreaField(
        _l("Reasons or remarks"),
        description=_l("Needed when you return it: say what must change. Everyone can read it."),
        render_kw={"rows": 5, "maxlength": REASON_MAX},
    )


def reaction_form_class():
    """A form with an answer and a comment for the whole draft and for each section."""

    class ReactionForm(FlaskForm):
        pass

    answers = [SelectChoice("", _l("no answer")), *as_choices(ANSWER_LABELS.items())]
    for section in REACTION_SECTIONS:
        setattr(
            ReactionForm,
            f"{section}-answer",
            RadioField(
                _l("Does this describe our neighbourhood?"),
                choices=answers,
                validate_choice=False,
                default="",
            ),
        )
        setattr(
            ReactionForm,
            f"{section}-comment",
            TextAreaField(
                _l("Comment (optional)"),
                description=_l(
                    "Without your name. Neighbourhood workers and the municipality read it."
                ),
                render_kw={"rows": 2, "maxlength": REACTION_COMMENT_MAX},
            ),
        )
    return ReactionForm


ReactionForm = reaction_form_class()
