"""Demo contributions: issues, resources and potentials in every neighbourhood, with
support, comment threads, links between them and a few contributions collected on paper.

Every contribution has a fixed submission key, so a second run finds it and adds nothing.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta

from sqlalchemy import select

from wijkplatform.accounts import services as account_services
from wijkplatform.accounts.models import Role
from wijkplatform.contributions import services
from wijkplatform.contributions.models import Contribution, ContributionKind
from wijkplatform.demo import established
from wijkplatform.demo.photos import photos_for
from wijkplatform.demo.places import NEIGHBOURHOODS, point_inside
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods import queries

PER_KIND = 8  # per neighbourhood: 4 neighbourhoods x 8 = 32 of each kind
RESIDENTS_PER_NEIGHBOURHOOD = 12

FIRST_NAMES = [
    "Anouk", "Bram", "Chantal", "Dewi", "Emre", "Fenna", "Gerrit", "Hanneke", "Ilse", "Jamal",
    "Kees", "Lotte", "Mohamed", "Nadia", "Olga", "Pieter", "Quinten", "Rachida", "Sven",
    "Tineke", "Umut", "Vera", "Wim", "Yasmina", "Zeynep", "Ruud", "Samira", "Joost", "Aylin",
    "Marco", "Ingrid", "Tarik", "Els", "Dirk", "Naima", "Henk", "Joyce", "Said", "Margriet",
    "Bas", "Fatma", "Ton", "Esra", "Gijs", "Linda", "Youssef", "Mieke", "Ricardo",
]  # fmt: skip

ISSUES = [
    (
        "Ouderen in de wijk zijn eenzaam",
        "Veel oudere buren komen bijna de deur niet meer uit. Sinds de bibliotheek dicht is, "
        "is er geen plek meer om elkaar zomaar te ontmoeten.",
        ["loneliness", "community"],
    ),
    (
        "Jongeren hangen 's avonds rond bij het winkelcentrum",
        "Er is niets te doen voor jongeren tussen 14 en 18. Ze vervelen zich en buren voelen "
        "zich soms onveilig.",
        ["youth_family", "safety"],
    ),
    (
        "Schulden worden pas laat zichtbaar",
        "Mensen schamen zich voor geldproblemen. Als ze hulp vragen, is de schuld vaak al heel "
        "groot. Kan dat eerder?",
        ["debt_money"],
    ),
    (
        "Mantelzorgers raken overbelast",
        "Ik zorg al zes jaar voor mijn moeder. Er is bijna nooit iemand die het even kan "
        "overnemen. Veel mantelzorgers in de straat herkennen dit.",
        ["informal_care"],
    ),
    (
        "Formulieren van de gemeente zijn te moeilijk",
        "Voor toeslagen en de Wmo moet je alles online invullen. Niet iedereen kan dat, zeker "
        "niet als Nederlands niet je eerste taal is.",
        ["language_digital"],
    ),
    (
        "Portiekflats zijn vochtig en schimmelen",
        "In veel flats is schimmel in de badkamer en slaapkamer. Kinderen hoesten de hele winter.",
        ["housing", "health_care"],
    ),
    (
        "Lange wachtlijst voor psychische hulp",
        "Wie somber is of veel zorgen heeft, moet maanden wachten. In die tijd is er niemand om "
        "mee te praten.",
        ["psychosocial"],
    ),
    (
        "Weinig werk voor mensen met een afstand tot de arbeidsmarkt",
        "Veel buren willen graag werken, maar komen niet aan de slag. Stages en leerbanen in de "
        "wijk zijn er bijna niet.",
        ["work"],
    ),
    (
        "Nieuwe bewoners kennen niemand",
        "Er komen veel nieuwe mensen wonen, maar we kennen elkaars namen niet. Bij problemen weet "
        "je niet bij wie je kunt aanbellen.",
        ["community", "loneliness"],
    ),
    (
        "Donkere paden in het park",
        "Het park heeft weinig verlichting. Vooral vrouwen en ouderen lopen er 's avonds liever "
        "niet.",
        ["safety", "housing"],
    ),
    (
        "Ouders weten niet waar ze met opvoedvragen heen kunnen",
        "Het consultatiebureau is ver weg. Ouders van pubers weten helemaal niet waar ze "
        "terechtkunnen.",
        ["youth_family"],
    ),
    (
        "Vrijwilligers stoppen omdat ze niet gezien worden",
        "Bij het buurthuis en de sportclub stoppen vrijwilligers. Ze voelen zich niet gewaardeerd "
        "en er komt niemand bij.",
        ["volunteering", "community"],
    ),
]
RESOURCES = [
    (
        "Koffieochtend in het buurthuis",
        "Elke dinsdag en donderdag van 10 tot 12 uur is er koffie in het buurthuis. Iedereen is "
        "welkom, ook als je alleen wilt luisteren.",
        ["loneliness", "community"],
    ),
    (
        "Voedselbank bij de moskee",
        "De moskee deelt op vrijdag voedselpakketten uit, voor iedereen die het nodig heeft. "
        "Vrijwilligers helpen ook met doorverwijzen.",
        ["debt_money", "community"],
    ),
    (
        "Taalcafé in de bibliotheekbus",
        "Een keer per week oefenen mensen samen Nederlands. Vrijwilligers helpen ook met brieven "
        "en formulieren.",
        ["language_digital"],
    ),
    (
        "Sportvereniging met gratis jeugdtraining",
        "De voetbalclub traint op woensdagmiddag gratis met kinderen uit de wijk. Ouders helpen "
        "als trainer.",
        ["youth_family", "community"],
    ),
    (
        "Buurtapp van de Kerkstraat",
        "Bijna alle buren zitten in de app. We helpen elkaar met boodschappen, gereedschap en "
        "een oogje in het zeil.",
        ["community", "safety"],
    ),
    (
        "Kringloopwinkel die mensen opleidt",
        "De kringloop leidt mensen op die lang geen werk hadden. Je leert er winkelen, "
        "repareren en samenwerken.",
        ["work", "volunteering"],
    ),
    (
        "Mantelzorgsteunpunt aan huis",
        "Een vrijwilliger van het steunpunt komt een middag per week, zodat de mantelzorger "
        "even weg kan.",
        ["informal_care"],
    ),
    (
        "Schuldhulpmaatjes",
        "Getrainde vrijwilligers helpen met de post, de administratie en het bellen met "
        "schuldeisers.",
        ["debt_money", "volunteering"],
    ),
    (
        "Wandelgroep voor mensen die somber zijn",
        "Elke maandag lopen we samen een uur. Praten mag, hoeft niet. Een ervaringsdeskundige "
        "loopt mee.",
        ["psychosocial", "health_care"],
    ),
    (
        "Huiswerkklas in de kerk",
        "Studenten helpen kinderen van groep 7 tot de derde klas met huiswerk, drie middagen per "
        "week.",
        ["youth_family", "volunteering"],
    ),
    (
        "Digitaal spreekuur in het wijkcentrum",
        "Hulp bij DigiD, mail en online formulieren. Zonder afspraak, op woensdagochtend.",
        ["language_digital"],
    ),
    (
        "Bakker die werkt met mensen met een beperking",
        "De bakker op de hoek heeft vier medewerkers met een beperking. Ze kennen iedereen in de "
        "straat.",
        ["work", "community"],
    ),
]
POTENTIALS = [
    ("Veel gepensioneerden willen iets doen",
     "Op de bewonersavond zeiden tien mensen dat ze wel een paar uur per week willen helpen. "
     "Er is alleen niemand die dat organiseert.", ["volunteering", "community"]),
    ("Het lege schoolgebouw als ontmoetingsplek",
     "De oude basisschool staat al twee jaar leeg. Er zijn lokalen, een keuken en een "
     "speelplein.", ["community", "housing"]),
    ("Moestuin op het braakliggende veld",
     "Het veld achter de flats wordt niet gebruikt. Bewoners willen er samen groente "
     "kweken.", ["community", "health_care"]),
    ("Jongeren willen zelf activiteiten organiseren",
     "Een groep jongeren heeft plannen voor een toernooi en een filmavond. Ze zoeken een plek "
     "en een beetje geld.", ["youth_family", "volunteering"]),
    ("Ervaringsdeskundigen uit de wijk",
     "Er wonen mensen die zelf schulden of psychische problemen hebben gehad. Ze willen "
     "anderen helpen.", ["psychosocial", "debt_money"]),
    ("Ondernemers willen leerbanen bieden",
     "Drie winkeliers willen een leerplek bieden aan jongeren of mensen die lang thuis "
     "zaten.", ["work"]),
    ("Meertalige buren als tolk",
     "Veel buren spreken Turks, Arabisch, Pools of Tigrinya. Ze willen helpen bij gesprekken "
     "met instanties.", ["language_digital", "community"]),
    ("De gymzaal is 's avonds leeg",
     "De gymzaal kan na 18 uur gebruikt worden voor sport voor volwassenen of ouderen.",
     ["health_care", "community"]),
    ("Een buurtkok die wil koken voor ouderen",
     "Een buurvrouw heeft in een restaurant gewerkt en wil een keer per week koken voor "
     "ouderen die alleen eten.", ["loneliness", "volunteering"]),
    ("Mantelzorgers willen elkaar ontmoeten",
     "Mantelzorgers willen een vaste avond om ervaringen te delen en elkaar tips te geven.",
     ["informal_care", "psychosocial"]),
    ("Bewoners willen samen het park veiliger maken",
     "Een groep buren wil samen met de gemeente kijken waar lampen en bankjes nodig zijn.",
     ["safety", "housing"]),
    ("Ouders willen een ouderkamer op school",
     "Ouders zoeken een vaste plek op school om elkaar te spreken en vragen te stellen over "
     "opvoeden.", ["youth_family", "community"]),
]  # fmt: skip
PLACES = {
    "oude-haven": ["Havenstraat", "Buurthuis De Kade", "Kerkstraat", "Visserskade"],
    "de-akkers": ["Akkerlaan", "Speeltuin De Klaver", "Winkelcentrum De Akkers", "Korenveld"],
    "stationskwartier": ["Stationsplein", "Spoorlaan", "Park Oost", "Flat De Wissel"],
    "molenwijk": ["Molenweg", "Oude basisschool De Wiek", "Sportpark Molenwijk", "Maalderij"],
}
COMMENTS = [
    ("for", "Helemaal mee eens. Dit zie ik in mijn straat ook."),
    ("for", "Goed dat dit eindelijk op de agenda komt!"),
    ("question", "Weet iemand of de gemeente hier al iets aan doet?"),
    ("question", "Wie kan ik hierover bellen?"),
    ("against", "Ik zie het anders: volgens mij valt het wel mee in onze buurt."),
    ("neutral", "Misschien kunnen we dit samen met het buurthuis oppakken."),
    ("for", "Mijn buurvrouw heeft hier veel last van. Fijn dat je het noemt."),
    ("neutral", "Er was vorig jaar ook zoiets, maar dat is gestopt door gebrek aan geld."),
]
REPLIES = [
    "Ik heb het nagevraagd: het wijkteam weet ervan.",
    "Goed punt, dat wist ik niet.",
    "Laten we het op de volgende bewonersavond bespreken.",
]


def _residents(neighbourhood, report) -> list:
    """Demo residents of one neighbourhood (accounts nobody logs in with)."""
    users = []
    for index in range(RESIDENTS_PER_NEIGHBOURHOOD):
        name = FIRST_NAMES[(index * 7 + neighbourhood.id * 3) % len(FIRST_NAMES)]
        email = f"{neighbourhood.slug}-{index + 1:02d}@bewoners.lindenhoven.example"
        user = account_services.find_user_by_email(email)
        report.count("demo resident", user is None)
        if user is None:
            user = account_services.create_user(
                email=email,
                display_name=f"{name} ({neighbourhood.name})",
                password=secrets.token_urlsafe(24),
            )
            established(user)
        account_services.grant_role(user, Role.RESIDENT, neighbourhood_id=neighbourhood.id)
        users.append(user)
    return users


def _existing(key: str) -> Contribution | None:
    return db.session.scalar(select(Contribution).where(Contribution.submission_key == key))


def _populate(contribution, residents, rng) -> None:
    for voter in rng.sample(residents, rng.randint(0, len(residents))):
        if voter.id != contribution.author_id:
            services.set_support(voter, contribution, True)
    for _ in range(rng.choice([0, 0, 1, 2, 3, 4])):
        stance, text = rng.choice(COMMENTS)
        comment = services.add_comment(rng.choice(residents), contribution, body=text,
                                       stance=stance)  # fmt: skip
        if rng.random() < 0.4:
            services.add_comment(rng.choice(residents), contribution,
                                 body=rng.choice(REPLIES), parent_id=comment.id)  # fmt: skip


def load(report) -> None:
    rng = random.Random(2026)
    for data in NEIGHBOURHOODS:
        neighbourhood = queries.get_neighbourhood_by_slug(data["slug"])
        residents = _residents(neighbourhood, report)
        shift = NEIGHBOURHOODS.index(data) * 3
        made: dict[ContributionKind, list[Contribution]] = {}
        for kind, pool in ((ContributionKind.ISSUE, ISSUES),
                           (ContributionKind.RESOURCE, RESOURCES),
                           (ContributionKind.POTENTIAL, POTENTIALS)):  # fmt: skip
            for index in range(PER_KIND):
                title, body, categories = pool[(index + shift) % len(pool)]
                key = f"demo-{neighbourhood.slug}-{kind.value}-{index}"
                contribution = _existing(key)
                report.count("contribution", contribution is None)
                if contribution is None:
                    # Two in three have a place name, and a spot on the neighbourhood's map.
                    placed = index % 3 != 0
                    latitude, longitude = (
                        point_inside(
                            neighbourhood.slug, index * 3 + list(ContributionKind).index(kind)
                        )
                        if placed
                        else (None, None)
                    )
                    contribution = services.create_contribution(
                        residents[(index * 5 + shift) % len(residents)],
                        neighbourhood=neighbourhood,
                        kind=kind,
                        title=title,
                        body=body,
                        categories=categories,
                        place=PLACES[neighbourhood.slug][index % 4] if placed else None,
                        latitude=latitude,
                        longitude=longitude,
                        submission_key=key,
                        photos=photos_for(title),
                    )
                    _populate(contribution, residents, rng)
                made.setdefault(kind, []).append(contribution)
        # Resources and potentials that could help with the first issues.
        issues = made[ContributionKind.ISSUE]
        for offset, source in enumerate(
            made[ContributionKind.RESOURCE][:3] + made[ContributionKind.POTENTIAL][:3]
        ):
            services.link_contributions(source.author, source, issues[offset % 3])
    _offline(report)


OFFLINE = [
    ("paper", 21, "Bankjes bij de bushalte", "Op een kaartje in de ideeënbus van het buurthuis: "
     "ouderen moeten bij de bushalte lang staan. Graag een bankje.", ["housing", "loneliness"]),
    ("meeting", 14, "Buurtvaders willen meelopen in het park",
     "Op de bewonersavond boden vijf vaders aan om 's avonds een rondje door het park te "
     "lopen.", ["safety", "volunteering"]),
    ("door_to_door", 9, "Niemand weet waar het wijkteam zit",
     "Bij de huis-aan-huisronde in de Visserskade kende bijna niemand het wijkteam.",
     ["community", "psychosocial"]),
]  # fmt: skip


def _offline(report) -> None:
    """What Karim, the neighbourhood worker of Oude Haven, collected off line."""
    worker = account_services.find_user_by_email("wijkwerker@lindenhoven.example")
    neighbourhood = queries.get_neighbourhood_by_slug("oude-haven")
    if worker is None or neighbourhood is None:
        return
    for index, (source, days_ago, title, body, categories) in enumerate(OFFLINE):
        key = f"demo-offline-{index}"
        existing = _existing(key)
        report.count("offline input", existing is None)
        if existing is None:
            kind = ContributionKind.POTENTIAL if source == "meeting" else ContributionKind.ISSUE
            services.create_contribution(
                worker,
                neighbourhood=neighbourhood,
                kind=kind,
                title=title,
                body=body,
                categories=categories,
                offline_source=source,
                offline_date=date.today() - timedelta(days=days_ago),
                submission_key=key,
            )
