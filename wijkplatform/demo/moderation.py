"""Demo moderation: a verified and an unverified organisation, a contribution posted on
behalf of the verified one, reported items (one hidden after three reports) and an official
answer. Every step looks up what exists first, so a second run adds nothing."""

from __future__ import annotations

from sqlalchemy import select

from wijkplatform.accounts import services as account_services
from wijkplatform.accounts.models import Organisation, OrganisationStatus
from wijkplatform.contributions import services as contribution_services
from wijkplatform.contributions.models import Comment, Contribution
from wijkplatform.extensions import db
from wijkplatform.moderation import queries, services
from wijkplatform.neighbourhoods import queries as neighbourhood_queries

WORKER = "wijkwerker@lindenhoven.example"
MEMBER = "buurthuis@lindenhoven.example"

ORGANISATIONS = [
    {
        "name": "Buurthuis De Kade",
        "kind": "neighbourhood",
        "kvk_number": "40112233",
        "offers": "Een open huiskamer, koffieochtenden, een computerspreekuur en ruimte voor "
        "bewonersgroepen.",
        "contact": "Kadestraat 12, 0123-456789, info@buurthuisdekade.example",
        "verified": True,
    },
    {
        "name": "Taalcafé De Brug",
        "kind": "association",
        "kvk_number": None,
        "offers": "Elke woensdagavond Nederlands oefenen met vrijwilligers.",
        "contact": "taalcafe@debrug.example",
        "verified": False,
    },
]


def _resident(number: int):
    return account_services.find_user_by_email(
        f"oude-haven-{number:02d}@bewoners.lindenhoven.example"
    )


def _contribution(key: str) -> Contribution | None:
    return db.session.scalar(select(Contribution).where(Contribution.submission_key == key))


def _organisations(report, neighbourhood, worker, member) -> Organisation:
    kade = None
    for data in ORGANISATIONS:
        organisation = db.session.scalar(
            select(Organisation).where(Organisation.name == data["name"])
        )
        report.count("organisation", organisation is None)
        if organisation is None:
            organisation = account_services.register_organisation(
                member if data["verified"] else _resident(3),
                name=data["name"],
                kind=data["kind"],
                neighbourhood_id=neighbourhood.id,
                offers=data["offers"],
                contact=data["contact"],
                kvk_number=data["kvk_number"],
            )
        if data["verified"]:
            account_services.add_organisation_member(organisation, member)
            if organisation.status != OrganisationStatus.VERIFIED:
                services.verify_organisation(worker, organisation, reason="Bekend in de wijk.")
            kade = organisation
    return kade


def load(report) -> None:
    neighbourhood = neighbourhood_queries.get_neighbourhood_by_slug("oude-haven")
    worker = account_services.find_user_by_email(WORKER)
    member = account_services.find_user_by_email(MEMBER)
    if neighbourhood is None or worker is None or member is None:
        return
    kade = _organisations(report, neighbourhood, worker, member)

    key = "demo-oude-haven-buurthuis-1"
    posted = _contribution(key)
    report.count("organisation post", posted is None)
    if posted is None:
        contribution_services.create_contribution(
            member,
            neighbourhood=neighbourhood,
            kind="resource",
            title="Computerspreekuur in Buurthuis De Kade",
            body="Elke donderdagmiddag helpen vrijwilligers met DigiD, mail en formulieren.",
            categories=["language_digital", "community"],
            submission_key=key,
            organisation=kade,
        )

    # Reports: two on one issue, three (hidden until checked) on a potential, one on a
    # reaction. A report that exists already is not made again.
    issue = _contribution("demo-oude-haven-issue-2")
    potential = _contribution("demo-oude-haven-potential-4")
    reports = []
    if issue is not None:
        reports += [(issue, 1, "off_topic", None), (issue, 2, "spam", None)]
    if potential is not None:
        reports += [
            (potential, 4, "offensive", None),
            (potential, 5, "personal_data", None),
            (potential, 6, "other", "Hier staat het adres van mijn buurvrouw in."),
        ]
    comment = db.session.scalar(
        select(Comment)
        .join(Contribution, Contribution.id == Comment.contribution_id)
        .where(Contribution.neighbourhood_id == neighbourhood.id, Comment.hidden.is_(False))
        .order_by(Comment.id)
        .limit(1)
    )
    if comment is not None:
        reports.append((comment, 7, "offensive", None))
    for target, number, reason, text in reports:
        reporter = _resident(number)
        if reporter is None or target.hidden:
            continue
        created = services.flag(reporter, target, reason=reason, text=text)
        report.count("report", created is not None)

    answered = _contribution("demo-oude-haven-issue-0")
    if answered is not None and queries.latest_answer(answered.id) is None:
        services.answer(
            worker,
            answered,
            status="under_consideration",
            body="We nemen dit mee in de gesprekken over de opgave voor Oude Haven. In maart "
            "praten we erover op de bewonersavond.",
        )
