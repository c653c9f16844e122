"""The six building blocks of the instrument as data: per block its key questions (free
text) and the lists of options where the instrument offers a choice.

Source: "Bouwstenen voor de ontwikkeling van sociale (wijk)teams", Wmo-werkplaats Utrecht /
Kenniscentrum Sociale Innovatie, 2014 (../shared/reference/). The questions are paraphrased
in plain words; message ids are English, Dutch comes from the translations.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from wijkplatform.contributions.models import CATEGORIES
from wijkplatform.opgaven.models import FOCUS, GOALS

ANSWER_MAX = 5_000
SOURCE = _l(
    "Building blocks for social neighbourhood teams, Wmo-werkplaats Utrecht / "
    "Kenniscentrum Sociale Innovatie, 2014"
)


@dataclass(frozen=True)
class Question:
    key: str
    label: object
    hint: object = ""


@dataclass(frozen=True)
class ChoiceList:
    key: str
    label: object
    options: dict  # option key -> label
    multiple: bool = True
    # Block 1's goals and focus come from the linked Opgaven, not from the worksheet.
    from_opgave: bool = False
    explanations: dict | None = None


@dataclass(frozen=True)
class Block:
    number: int
    key: str
    title: object
    intro: object
    questions: tuple[Question, ...]
    choices: tuple[ChoiceList, ...] = ()

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def choice_list(self, key: str) -> ChoiceList | None:
        return next((c for c in self.choices if c.key == key), None)


class ParticipationLevel(StrEnum):
    """How far residents take part in a step, as Dutch participation ordinances name it."""

    INFORM = "inform"
    CONSULT = "consult"
    ADVISE = "advise"
    COPRODUCE = "coproduce"
    CODECIDE = "codecide"


PARTICIPATION_LABELS = {
    ParticipationLevel.INFORM.value: _l("Inform: residents hear what is decided"),
    ParticipationLevel.CONSULT.value: _l("Consult: residents are asked what they think"),
    ParticipationLevel.ADVISE.value: _l("Advise: residents give advice that is answered"),
    ParticipationLevel.COPRODUCE.value: _l("Co-produce: residents work it out with us"),
    ParticipationLevel.CODECIDE.value: _l("Co-decide: residents decide together with us"),
}

TEAM_FORMS = {
    "network": _l("Collaboration network"),
    "integrated": _l("Integrated team"),
    "integral": _l("Integral team"),
}
TEAM_FORM_EXPLANATIONS = {
    "network": _l(
        "Professionals of several organisations meet about cases or as a network. "
        "It is not a team yet."
    ),
    "integrated": _l(
        "One team for one area. Members keep their ties with their own organisations."
    ),
    "integral": _l(
        "A team with its own mandate, its own leader and one shared vision and method. "
        "It steers itself."
    ),
}
TEAM_SETUPS = {
    "broad": _l("One broad team"),
    "focused": _l("Several focused teams (for example youth, psychosocial care, welfare)"),
}
CASE_SCOPE = {
    "single": _l("Single questions that one generalist can handle"),
    "complex": _l("Also complex cases with several problems at once"),
}
PRINCIPLES = {
    "make_sure": _l("Make sure that (instead of taking care of everything ourselves)"),
    "collective": _l("Collective solutions as well as individual support"),
    "self_reliance": _l("Self-reliance serves taking part in society"),
    "one_plan": _l("One family, one plan"),
    "moral_deliberation": _l("Moral deliberation in the team on dilemmas"),
    "own_direction": _l("The plan belongs to the resident (own direction)"),
    "resilience": _l("Start from resilience, motives and talents"),
    "own_network": _l("Use the strengths of the resident's own network"),
    "dialogue": _l("Work in dialogue"),
    "growth": _l("Aim at possibilities and growth"),
    "reciprocity": _l("Reciprocity"),
    "everyday": _l("Support everyday functioning, not only fix a condition"),
}
LEADERSHIP = {
    "working_leader": _l("A team leader who also works in the team"),
    "parent_organisations": _l("Steered by the parent organisations"),
    "none": _l("No leader yet"),
}
MANDATE = {
    "none": _l("The team decides nothing itself"),
    "partial": _l("The team decides on some things"),
    "full": _l("The team makes its own decisions within agreed limits"),
}
COMPETENCES = {
    "life_world": _l("Works from the resident's own view of their life"),
    "all_areas": _l("Looks at how a person manages in all areas of life"),
    "chances_and_vulnerability": _l("Sees chances and wishes, and also vulnerability"),
    "other_disciplines": _l("Knows how other disciplines work"),
    "light_interventions": _l("Can offer a range of light support"),
    "participation_link": _l("Links help with taking part in society"),
    "groups": _l("Works with individuals, families and groups"),
    "deep_knowledge": _l("Solid knowledge of their own field (complex cases)"),
    "connecting_knowledge": _l(
        "Knows enough of youth care, psychiatry, debt help, dementia and more to work "
        "together well (complex cases)"
    ),
    "team_specialist": _l("Generalist for residents, specialist inside the team"),
    "lived_experience": _l("Lived experience in the team"),
}
# The competences the instrument asks for when a team also takes on complex cases.
COMPLEX_CASE_COMPETENCES = ("deep_knowledge", "connecting_knowledge")

BLOCKS: tuple[Block, ...] = (
    Block(
        1,
        "opgave",
        _l("The task and the neighbourhood's strengths"),
        _l(
            "What must the team work on, and what does the neighbourhood already have? "
            "The goals and focus come from the accepted Opgave."
        ),
        (
            Question(
                "task",
                _l("What does the team take on from the Opgave?"),
                _l("In your own words: the part of the Opgave this team works on."),
            ),
            Question(
                "context",
                _l("How does the team connect to what is already in the neighbourhood?"),
                _l("Organisations, shops, churches and mosques, clubs, informal networks."),
            ),
            Question(
                "involvement",
                _l("How do residents take part in developing the team?"),
            ),
        ),
        (
            ChoiceList("goals", _l("Goals"), GOALS, from_opgave=True),
            ChoiceList("focus", _l("Focus"), FOCUS, from_opgave=True),
        ),
    ),
    Block(
        2,
        "form",
        _l("The team form"),
        _l("How closely do the professionals work together?"),
        (
            Question("why", _l("Why does this form fit the neighbourhood now?")),
            Question("next", _l("Should the form change later? How and when?")),
        ),
        (
            ChoiceList(
                "team_form",
                _l("Team form"),
                TEAM_FORMS,
                multiple=False,
                explanations=TEAM_FORM_EXPLANATIONS,
            ),
        ),
    ),
    Block(
        3,
        "scope",
        _l("What the team works on and how far it goes"),
        _l("Breadth: which areas. Depth: how far the support goes. Focus: one team or more."),
        (
            Question(
                "depth",
                _l("How far does the support go?"),
                _l("Think of how long, how intensive and how much time."),
            ),
            Question(
                "disciplines",
                _l("Which professions and lived experience are available in the neighbourhood?"),
            ),
            Question("referral", _l("When and how does the team refer to specialist help?")),
            Question("other_teams", _l("Which other teams work in the neighbourhood?")),
        ),
        (
            ChoiceList("breadth", _l("Areas of the social domain"), CATEGORIES),
            ChoiceList("setup", _l("One team or several"), TEAM_SETUPS, multiple=False),
            ChoiceList("cases", _l("Which cases"), CASE_SCOPE, multiple=False),
        ),
    ),
    Block(
        4,
        "principles",
        _l("Working principles"),
        _l("Which starting points does the team choose, and which methods fit them?"),
        (
            Question("base_method", _l("Which basic method does the whole team use?")),
            Question("specialist_methods", _l("Which specific methods do specialists use?")),
            Question("notes", _l("What else do these principles mean in practice?")),
        ),
        (ChoiceList("principles", _l("Principles"), PRINCIPLES),),
    ),
    Block(
        5,
        "governance",
        _l("Governance"),
        _l("Who steers the team, and what is agreed about the organisation?"),
        (
            Question("director", _l("Which organisation directs the team's work?")),
            Question("case_director", _l("Who directs a single case?")),
            Question("responsibility", _l("Who has final responsibility?")),
            Question(
                "organisation",
                _l(
                    "Is the team a new legal body? How does it stay linked to the parent "
                    "organisations?"
                ),
            ),
            Question("accountability", _l("To whom, about what and how do professionals report?")),
            Question("funding", _l("Which funding pays for the professionals?")),
            Question("cooperation", _l("How do several teams work together, and what is agreed?")),
        ),
        (
            ChoiceList("leadership", _l("Leadership"), LEADERSHIP, multiple=False),
            ChoiceList("mandate", _l("Mandate"), MANDATE, multiple=False),
        ),
    ),
    Block(
        6,
        "competences",
        _l("Competences"),
        _l("What must the professionals know and be able to do, alone and as a team?"),
        (
            Question(
                "personal",
                _l("Which personal qualities matter most?"),
                _l("For example enterprising, solution-focused, empathic, activating."),
            ),
            Question("composition", _l("How is the team put together?")),
        ),
        (ChoiceList("competences", _l("Competences"), COMPETENCES),),
    ),
)
BLOCKS_BY_NUMBER = {block.number: block for block in BLOCKS}
BLOCK_NUMBERS = tuple(BLOCKS_BY_NUMBER)
