"""Demo team designs: Oude Haven complete and published (built on its accepted Opgave, with a
development plan and a resident's comment), De Akkers in progress (two blocks, one hint).
A second run finds them and adds nothing."""

from __future__ import annotations

from datetime import date, timedelta

from wijkplatform.accounts import services as account_services
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods import queries as neighbourhood_queries
from wijkplatform.opgaven.models import Opgave, OpgaveStatus
from wijkplatform.team_design import queries, services

WORKER = "wijkwerker@lindenhoven.example"
REVIEWER = "gemeente@lindenhoven.example"
RESIDENT = "fatima@lindenhoven.example"

COMPLETE = {
    1: (
        {
            "task": (
                "Het team werkt aan eenzaamheid onder ouderen en aan geldzorgen die te laat "
                "zichtbaar worden, en steunt mantelzorgers."
            ),
            "context": (
                "Spreekuur in Buurthuis De Kade, meelopen met de koffieochtenden, samenwerken "
                "met de schuldhulpmaatjes en het mantelzorgsteunpunt."
            ),
            "involvement": (
                "Een klankbordgroep van zes bewoners praat elk kwartaal mee over de werkwijze "
                "van het team. Twee keer per jaar een bewonersavond."
            ),
        },
        {},
        "codecide",
    ),
    2: (
        {
            "why": (
                "De partners werken al samen in het buurthuis. Een vast team met één gebied "
                "maakt de lijnen korter, zonder nieuwe organisatie."
            ),
            "next": "Na twee jaar kijken we of een integraal team met eigen mandaat past.",
        },
        {"team_form": ["integrated"]},
        "advise",
    ),
    3: (
        {
            "depth": "Kortdurend en licht, hoogstens drie maanden per huishouden.",
            "disciplines": (
                "Maatschappelijk werk, wijkverpleging, schuldhulp, opbouwwerk en een "
                "ervaringsdeskundige."
            ),
            "referral": "Bij zware psychische problemen of crisis: via de huisarts naar de GGZ.",
            "other_teams": "Het jeugd- en gezinsteam werkt ernaast; één keer per maand overleg.",
        },
        {
            "breadth": ["psychosocial", "debt_money", "community", "informal_care", "loneliness"],
            "setup": ["broad"],
            "cases": ["single"],
        },
        "consult",
    ),
    4: (
        {
            "base_method": "Oplossingsgericht werken met het eigen netwerk van de bewoner.",
            "specialist_methods": "Schuldhulp volgens de landelijke aanpak vroegsignalering.",
            "notes": "Elke maand moreel beraad over lastige situaties.",
        },
        {"principles": ["make_sure", "collective", "one_plan", "own_direction", "own_network"]},
        "consult",
    ),
    5: (
        {
            "director": "De welzijnsorganisatie van Lindenhoven.",
            "case_director": "De teamleider wijst per huishouden één vaste regievoerder aan.",
            "responsibility": "De gemeente, via de opdracht aan de welzijnsorganisatie.",
            "organisation": (
                "Geen nieuwe rechtspersoon. Medewerkers blijven in dienst van hun eigen "
                "organisatie en zijn vier dagen per week in het team."
            ),
            "accountability": "Elk halfjaar een verslag aan de gemeente en aan de klankbordgroep.",
            "funding": "Wmo-budget van de gemeente en de bijdrage van de zorgverzekeraar.",
            "cooperation": "Maandelijks overleg met het jeugd- en gezinsteam.",
        },
        {"leadership": ["working_leader"], "mandate": ["partial"]},
        "inform",
    ),
    6: (
        {
            "personal": "Ondernemend, oplossingsgericht, geduldig en goed in contact met ouderen.",
            "composition": (
                "Zes professionals met verschillende achtergronden en één "
                "ervaringsdeskundige met schulden."
            ),
        },
        {
            "competences": [
                "life_world",
                "all_areas",
                "chances_and_vulnerability",
                "light_interventions",
                "participation_link",
                "lived_experience",
            ]
        },
        "coproduce",
    ),
}
IN_PROGRESS = {
    2: ({"why": "We willen meteen een sterk team met één leider."}, {"team_form": ["integral"]}),
    3: ({"depth": "Nog bespreken met de partners."}, {"breadth": ["youth_family", "work"]}),
}


def _save(actor, design, number, answers, choices, participation=None) -> None:
    services.save_block(
        actor,
        design,
        number,
        base_version=design.block(number).version,
        answers=answers,
        choices=choices,
        participation=participation,
    )


def _complete(worker, reviewer, resident, neighbourhood, today: date) -> None:
    design = services.start_design(worker, neighbourhood)
    accepted = db.session.scalars(
        db.select(Opgave).where(
            Opgave.neighbourhood_id == neighbourhood.id, Opgave.status == OpgaveStatus.ACCEPTED
        )
    ).first()
    if accepted is not None:
        services.link_opgave(worker, design, accepted)
    for number, (answers, choices, level) in COMPLETE.items():
        _save(reviewer if number == 5 else worker, design, number, answers, choices, level)
    plan = [
        (2, "Startbijeenkomst met alle partners", worker, -20, "done"),
        (5, "Samenwerkingsafspraken ondertekenen", reviewer, -5, "in_progress"),
        (6, "Ervaringsdeskundige werven", worker, 30, "planned"),
        (1, "Eerste bijeenkomst klankbordgroep", worker, 45, "planned"),
    ]
    for block, title, owner, days, status in plan:
        action = services.add_action(
            worker, design, block=block, title=title, owner_id=owner.id,
            due_date=today + timedelta(days=days),
        )  # fmt: skip
        services.set_action_status(worker, design, action, status)
    services.publish(worker, design)
    if resident is not None:
        services.add_comment(
            resident, design, 1, "Fijn dat de klankbordgroep echt meebeslist. Hoe meld ik me aan?"
        )


def _in_progress(reviewer, neighbourhood) -> None:
    design = services.start_design(reviewer, neighbourhood)
    for number, (answers, choices) in IN_PROGRESS.items():
        _save(reviewer, design, number, answers, choices)


def load(report) -> None:
    worker = account_services.find_user_by_email(WORKER)
    reviewer = account_services.find_user_by_email(REVIEWER)
    resident = account_services.find_user_by_email(RESIDENT)
    oude_haven = neighbourhood_queries.get_neighbourhood_by_slug("oude-haven")
    de_akkers = neighbourhood_queries.get_neighbourhood_by_slug("de-akkers")
    if worker is None or reviewer is None or oude_haven is None or de_akkers is None:
        return
    existing = queries.design_for(oude_haven)
    report.count("team design", existing is None)
    if existing is None:
        _complete(worker, reviewer, resident, oude_haven, date.today())
    existing = queries.design_for(de_akkers)
    report.count("team design", existing is None)
    if existing is None:
        _in_progress(reviewer, de_akkers)
    db.session.flush()
