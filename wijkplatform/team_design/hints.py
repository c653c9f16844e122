"""Consistency hints: simple rules that flag contradictions and gaps between the blocks.

Pure calculation: `hints_for(facts)` reads a `Facts` snapshot (built by
`team_design.queries.facts_of`) and returns the hints of every rule that fires. Each rule is
a row in `RULES` with the blocks it names, and is tested alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from wijkplatform.team_design.questions import COMPLEX_CASE_COMPETENCES

# Areas of the social domain where a team supports individual residents.
INDIVIDUAL_SUPPORT_AREAS = frozenset(
    {"psychosocial", "health_care", "debt_money", "informal_care", "youth_family"}
)
# Words that show a text is about vulnerable residents (Dutch and English).
VULNERABLE_WORDS = ("kwetsba", "vulnerab")


@dataclass(frozen=True)
class Facts:
    goals: frozenset[str] = frozenset()
    texts: str = ""  # the task and goals in words: Opgave task and block 1 answers
    team_form: str | None = None
    breadth: frozenset[str] = frozenset()
    setup: str | None = None
    cases: str | None = None
    principles: frozenset[str] = frozenset()
    leadership: str | None = None
    mandate: str | None = None
    governance: dict = field(default_factory=dict)  # question key -> text of block 5
    competences: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Hint:
    key: str
    message: object
    blocks: tuple[int, ...]


@dataclass(frozen=True)
class Rule:
    key: str
    blocks: tuple[int, ...]
    message: object
    fires: Callable[[Facts], bool]


def _about_vulnerable(facts: Facts) -> bool:
    text = facts.texts.lower()
    return "own_direction" in facts.goals or any(word in text for word in VULNERABLE_WORDS)


RULES: tuple[Rule, ...] = (
    Rule(
        "vulnerable_without_support",
        (1, 3),
        _l(
            "The goals mention vulnerable residents, but no area of individual support "
            "(such as psychosocial support or debt help) is in the breadth."
        ),
        lambda f: _about_vulnerable(f) and not (f.breadth & INDIVIDUAL_SUPPORT_AREAS),
    ),
    Rule(
        "resilience_without_community",
        (1, 3),
        _l(
            "A goal is to strengthen social resilience, but community building is not in "
            "the breadth."
        ),
        lambda f: "resilience" in f.goals and "community" not in f.breadth,
    ),
    Rule(
        "integral_without_mandate",
        (2, 5),
        _l(
            "An integral team is chosen, but governance gives it no full mandate or no "
            "leader of its own."
        ),
        lambda f: (
            f.team_form == "integral" and (f.mandate != "full" or f.leadership != "working_leader")
        ),
    ),
    Rule(
        "network_with_team_leader",
        (2, 5),
        _l(
            "A collaboration network is not a team yet, but governance gives it a working "
            "team leader. Is an integrated team meant?"
        ),
        lambda f: f.team_form == "network" and f.leadership == "working_leader",
    ),
    Rule(
        "complex_cases_without_competences",
        (3, 6),
        _l(
            "Complex cases with several problems are in scope, but the competences for them "
            "(solid knowledge of one's own field and of the fields around it) are missing."
        ),
        lambda f: f.cases == "complex" and not set(COMPLEX_CASE_COMPETENCES) <= f.competences,
    ),
    Rule(
        "broad_team_few_areas",
        (3,),
        _l("One broad team is chosen, but fewer than three areas are in the breadth."),
        lambda f: f.setup == "broad" and len(f.breadth) < 3,
    ),
    Rule(
        "one_plan_without_case_director",
        (4, 5),
        _l("The team works by 'one family, one plan', but nobody directs a single case."),
        lambda f: "one_plan" in f.principles and not f.governance.get("case_director", "").strip(),
    ),
)


def hints_for(facts: Facts) -> list[Hint]:
    return [Hint(rule.key, rule.message, rule.blocks) for rule in RULES if rule.fires(facts)]
