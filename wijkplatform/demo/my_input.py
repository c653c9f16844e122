"""Demo "my input": Fatima (resident of Oude Haven) follows what happened to what she wrote.
Her contribution about lonely older neighbours gets support and a reaction, an official
answer, and is used as evidence in the Opgave that the municipality returns and then
accepts (demo/opgaven.py links it); a second one is merged with a similar contribution, with
the reason. Everything goes through the services, so her notifications come from the same
events as in real use. Every step looks up what exists first, so a second run adds nothing.
"""

from __future__ import annotations

from sqlalchemy import select

from wijkplatform.accounts import services as account_services
from wijkplatform.contributions import services as contribution_services
from wijkplatform.contributions.models import Contribution, ContributionStatus
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.neighbourhoods import queries as neighbourhood_queries

RESIDENT = "fatima@lindenhoven.example"
WORKER = "wijkwerker@lindenhoven.example"
# demo/opgaven.py uses it as evidence in the accepted Opgave.
EVIDENCE_KEY = "demo-oude-haven-fatima-1"
MERGED_KEY = "demo-oude-haven-fatima-2"


def _contribution(key: str) -> Contribution | None:
    return db.session.scalar(select(Contribution).where(Contribution.submission_key == key))


def _neighbour(number: int):
    return account_services.find_user_by_email(
        f"oude-haven-{number:02d}@bewoners.lindenhoven.example"
    )


def load(report) -> None:
    neighbourhood = neighbourhood_queries.get_neighbourhood_by_slug("oude-haven")
    fatima = account_services.find_user_by_email(RESIDENT)
    worker = account_services.find_user_by_email(WORKER)
    if neighbourhood is None or fatima is None or worker is None:
        return

    own = _contribution(EVIDENCE_KEY)
    report.count("my-input trail", own is None)
    if own is None:
        own = contribution_services.create_contribution(
            fatima,
            neighbourhood=neighbourhood,
            kind="issue",
            title="Oudere buren komen de deur niet meer uit",
            body="In mijn flat wonen veel ouderen alleen. Sinds de bibliotheek dicht is, zie ik "
            "sommigen weken niet. Ze weten niet waar ze heen kunnen voor een praatje of hulp.",
            categories=["loneliness", "community"],
            submission_key=EVIDENCE_KEY,
        )
        for number in (1, 3, 4, 8, 9):
            neighbour = _neighbour(number)
            if neighbour is not None:
                contribution_services.set_support(neighbour, own, True)
        neighbour = _neighbour(2)
        if neighbour is not None:
            contribution_services.add_comment(
                neighbour,
                own,
                body="Herkenbaar. Mijn buurman van 84 zegt dat hij soms dagen niemand spreekt.",
            )
        moderation_services.answer(
            worker,
            own,
            status="under_consideration",
            body="Dank je, Fatima. We nemen dit mee in de opgave voor het wijkteam.",
        )

    duplicate = _contribution(MERGED_KEY)
    survivor = _contribution("demo-oude-haven-issue-0")
    if duplicate is None and survivor is not None:
        duplicate = contribution_services.create_contribution(
            fatima,
            neighbourhood=neighbourhood,
            kind="issue",
            title="Geen plek om elkaar te ontmoeten",
            body="Er is in de wijk geen plek waar je zonder afspraak binnen kunt lopen.",
            categories=["loneliness"],
            submission_key=MERGED_KEY,
        )
    if (
        duplicate is not None
        and survivor is not None
        and duplicate.status != ContributionStatus.MERGED
        and not survivor.hidden
    ):
        moderation_services.merge(
            worker,
            duplicate,
            survivor,
            reason="Dit gaat over hetzelfde als deze bijdrage; zo telt alle steun op één plek.",
        )
