"""Each consistency rule alone: it fires on the contradiction it names, and stays quiet once
the gap is filled."""

from __future__ import annotations

from dataclasses import replace

import pytest

from wijkplatform.team_design.hints import RULES, Facts, hints_for


def keys(facts: Facts) -> set[str]:
    return {hint.key for hint in hints_for(facts)}


def test_an_empty_design_raises_no_hints():
    assert keys(Facts()) == set()


@pytest.mark.parametrize(
    ("facts", "fixed"),
    [
        (Facts(goals=frozenset({"own_direction"})), {"breadth": frozenset({"psychosocial"})}),
        (Facts(texts="Wij steunen kwetsbare bewoners"), {"breadth": frozenset({"debt_money"})}),
    ],
)
def test_vulnerable_residents_without_an_individual_support_area(facts, fixed):
    assert "vulnerable_without_support" in keys(facts)
    assert "vulnerable_without_support" not in keys(replace(facts, **fixed))


def test_resilience_goal_without_community_building():
    facts = Facts(goals=frozenset({"resilience"}), breadth=frozenset({"psychosocial"}))
    assert keys(facts) == {"resilience_without_community"}
    assert keys(replace(facts, breadth=facts.breadth | {"community"})) == set()


@pytest.mark.parametrize(
    ("leadership", "mandate", "fires"),
    [
        (None, None, True),
        ("working_leader", "partial", True),
        ("parent_organisations", "full", True),
        ("working_leader", "full", False),
    ],
)
def test_integral_team_needs_a_full_mandate_and_its_own_leader(leadership, mandate, fires):
    facts = Facts(team_form="integral", leadership=leadership, mandate=mandate)
    assert ("integral_without_mandate" in keys(facts)) is fires


def test_integrated_team_without_mandate_is_fine():
    assert keys(Facts(team_form="integrated")) == set()


def test_collaboration_network_with_a_working_team_leader():
    facts = Facts(team_form="network", leadership="working_leader")
    assert keys(facts) == {"network_with_team_leader"}
    assert keys(replace(facts, leadership="parent_organisations")) == set()


def test_complex_cases_need_the_matching_competences():
    facts = Facts(cases="complex", competences=frozenset({"deep_knowledge"}))
    assert keys(facts) == {"complex_cases_without_competences"}
    complete = replace(facts, competences=frozenset({"deep_knowledge", "connecting_knowledge"}))
    assert keys(complete) == set()
    assert keys(Facts(cases="single")) == set()


def test_one_broad_team_with_fewer_than_three_areas():
    facts = Facts(setup="broad", breadth=frozenset({"community", "work"}))
    assert keys(facts) == {"broad_team_few_areas"}
    assert keys(replace(facts, breadth=facts.breadth | {"housing"})) == set()
    assert keys(replace(facts, setup="focused")) == set()


def test_one_family_one_plan_without_a_case_director():
    facts = Facts(principles=frozenset({"one_plan"}), governance={"case_director": "  "})
    assert keys(facts) == {"one_plan_without_case_director"}
    named = replace(facts, governance={"case_director": "De buurtwerker die het eerst kwam"})
    assert keys(named) == set()


def test_every_hint_names_the_blocks_involved():
    for rule in RULES:
        assert rule.blocks and all(1 <= number <= 6 for number in rule.blocks)
    fired = hints_for(Facts(team_form="integral"))
    assert [hint.blocks for hint in fired] == [(2, 5)]
