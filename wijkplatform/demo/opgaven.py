"""Demo Opgaven in Oude Haven: one accepted by the municipality after a round of reactions
and a return with reasons, and a new draft started from it that is open for reactions now.
Both are built on the demo contributions. A second run finds them by title and adds nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from wijkplatform.accounts import services as account_services
from wijkplatform.contributions.models import Contribution
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods import queries as neighbourhood_queries
from wijkplatform.opgaven import services
from wijkplatform.opgaven.models import Opgave

WORKER = "wijkwerker@lindenhoven.example"
REVIEWER = "gemeente@lindenhoven.example"
ACCEPTED_TITLE = "Opgave Oude Haven 2026: samen tegen eenzaamheid en stille geldzorgen"
OPEN_TITLE = "Opgave Oude Haven 2027: ook de jongeren erbij"

TEXTS = {
    "task": (
        "In Oude Haven wonen veel ouderen alleen en hebben veel huishoudens een laag inkomen. "
        "Bewoners zien eenzaamheid, schulden die laat zichtbaar worden en overbelaste "
        "mantelzorgers. Het wijkteam helpt mensen vroeg, dichtbij en samen met wat de wijk al "
        "heeft: het buurthuis, vrijwilligers en buren die naar elkaar omkijken."
    ),
    "characteristics": (
        "Een oude havenwijk met veel portiekflats en weinig groen. Er wonen meer ouderen en "
        "meer eenpersoonshuishoudens dan gemiddeld in Lindenhoven. Ontmoetingsplekken zijn "
        "verdwenen sinds de bibliotheek dicht is."
    ),
    "problems": (
        "- Ouderen komen de deur bijna niet meer uit.\n"
        "- Schulden worden pas gezien als ze groot zijn.\n"
        "- Mantelzorgers staan er alleen voor.\n"
        "- Brieven en formulieren van instanties zijn te moeilijk."
    ),
    "infrastructure": (
        "Buurthuis De Kade (huiskamer, koffieochtenden, computerspreekuur), het "
        "mantelzorgsteunpunt, schuldhulpmaatjes en een actieve buurtapp."
    ),
    "potentials": (
        "Gepensioneerden die willen helpen, lege ruimtes in de plint van de flats en buren die "
        "al voor elkaar boodschappen doen."
    ),
    "context": (
        "Het team houdt spreekuur in Buurthuis De Kade en loopt mee met de koffieochtenden. "
        "Het werkt met de schuldhulpmaatjes en het steunpunt, niet ernaast."
    ),
    "involvement": (
        "Twee keer per jaar een bewonersavond over de opgave, en reageren op het wijkplatform. "
        "Bewoners zitten in de klankbordgroep van het team."
    ),
}
RETURN_REASONS = (
    "Goed onderbouwd. Maak bij 'hoe bewoners betrokken blijven' concreet wie de klankbordgroep "
    "vormt en hoe vaak die bij elkaar komt."
)
EVIDENCE = [
    ("demo-oude-haven-issue-0", "problems"),
    ("demo-oude-haven-issue-2", "problems"),
    ("demo-oude-haven-issue-3", "problems"),
    ("demo-oude-haven-issue-4", "problems"),
    ("demo-oude-haven-resource-0", "infrastructure"),
    ("demo-oude-haven-resource-6", "infrastructure"),
    ("demo-oude-haven-resource-7", "infrastructure"),
    ("demo-oude-haven-potential-0", "potentials"),
    ("demo-oude-haven-fatima-1", "problems"),  # demo/my_input.py: Fatima's trail
]


def _contribution(key: str) -> Contribution | None:
    return db.session.scalar(select(Contribution).where(Contribution.submission_key == key))


def _resident(number: int):
    return account_services.find_user_by_email(
        f"oude-haven-{number:02d}@bewoners.lindenhoven.example"
    )


def _existing(neighbourhood, title: str) -> Opgave | None:
    return db.session.scalar(
        select(Opgave).where(Opgave.neighbourhood_id == neighbourhood.id, Opgave.title == title)
    )


def _reactions(opgave, today: date, answers) -> None:
    for number, whole, section_answers in answers:
        resident = _resident(number)
        if resident is None:
            continue
        given = {"whole": (whole, "")}
        given.update(section_answers)
        services.react(resident, opgave, given, today=today)


def _accepted(worker, reviewer, neighbourhood, today: date) -> Opgave:
    opgave = services.create_opgave(worker, neighbourhood, title=ACCEPTED_TITLE)
    services.save_version(
        worker,
        opgave,
        base_version=1,
        title=ACCEPTED_TITLE,
        texts={key: value for key, value in TEXTS.items() if key != "involvement"},
        goals=["resilience", "own_direction"],
        focus=["access", "linking"],
        note="Eerste opzet na de bewonersavond.",
    )
    for key, section in EVIDENCE:
        contribution = _contribution(key)
        if contribution is not None and services.link_refusal(opgave, contribution) is None:
            services.link_evidence(worker, opgave, contribution, section=section)
    services.save_version(
        worker,
        opgave,
        base_version=2,
        title=ACCEPTED_TITLE,
        texts=TEXTS,
        goals=["resilience", "own_direction"],
        focus=["access", "linking"],
        note="Betrokkenheid van bewoners toegevoegd.",
    )
    services.open_reactions(worker, opgave, until=today + timedelta(days=21), today=today)
    _reactions(
        opgave,
        today,
        [
            (1, "yes", {"problems": ("yes", "Precies wat ik in mijn straat zie.")}),
            (2, "yes", {}),
            (4, "partly", {"potentials": ("partly", "Vergeet de jongeren niet.")}),
            (5, "yes", {"infrastructure": ("yes", "")}),
            (6, "no", {"problems": ("partly", "Veiligheid in het park mist.")}),
            (7, "yes", {}),
        ],
    )
    # Sent before the period ended, with the reason on the timeline (a promise to residents).
    services.submit(
        worker,
        opgave,
        reason="Op de bewonersavond van maart hebben we alle reacties samen besproken.",
        today=today,
    )
    services.return_opgave(reviewer, opgave, reasons=RETURN_REASONS)
    texts = dict(TEXTS)
    texts["involvement"] += (
        " De klankbordgroep bestaat uit zes bewoners en twee vrijwilligers van het buurthuis "
        "en komt elke twee maanden samen."
    )
    services.save_version(
        worker,
        opgave,
        base_version=opgave.current_version,
        title=ACCEPTED_TITLE,
        texts=texts,
        goals=["resilience", "own_direction"],
        focus=["access", "linking"],
        note="Klankbordgroep concreet gemaakt, zoals de gemeente vroeg.",
    )
    services.submit(worker, opgave)
    services.accept(reviewer, opgave, remarks="Akkoord. Basis voor het startdocument van het team.")
    return opgave


def _open(worker, accepted: Opgave, today: date) -> Opgave:
    opgave = services.start_from(worker, accepted)
    version = services.latest_version(opgave)
    texts = {key: version.text_of(key) for key in TEXTS}
    texts["problems"] += "\n- Jongeren hebben 's avonds geen plek en buren voelen zich onveilig."
    services.save_version(
        worker,
        opgave,
        base_version=opgave.current_version,
        title=OPEN_TITLE,
        texts=texts,
        goals=["resilience", "own_direction", "cooperation"],
        focus=["access", "linking"],
        note="Jongeren toegevoegd na reacties van bewoners.",
    )
    youth = _contribution("demo-oude-haven-issue-1")
    if youth is not None and services.link_refusal(opgave, youth) is None:
        services.link_evidence(worker, opgave, youth, section="problems")
    services.open_reactions(worker, opgave, until=today + timedelta(days=28), today=today)
    _reactions(
        opgave,
        today,
        [
            (3, "yes", {"problems": ("yes", "Goed dat de jongeren erbij komen.")}),
            (8, "partly", {}),
        ],
    )
    return opgave


def load(report) -> None:
    neighbourhood = neighbourhood_queries.get_neighbourhood_by_slug("oude-haven")
    worker = account_services.find_user_by_email(WORKER)
    reviewer = account_services.find_user_by_email(REVIEWER)
    if neighbourhood is None or worker is None or reviewer is None:
        return
    today = date.today()
    accepted = _existing(neighbourhood, ACCEPTED_TITLE)
    report.count("opgave", accepted is None)
    if accepted is None:
        accepted = _accepted(worker, reviewer, neighbourhood, today)
    draft = _existing(neighbourhood, OPEN_TITLE)
    report.count("opgave", draft is None)
    if draft is None:
        _open(worker, accepted, today)
    db.session.flush()
