"""Erasure that erases (issue 14, item 4).

Henk takes part in every way the platform knows — as a resident, as a member of two
organisations, as a neighbourhood worker elsewhere and as a reviewer — so that every table
that points at a person holds a row of his. After the export holds all of it, he erases his
account; then no text column of any table may hold his name, his e-mail address, his IP
address or a text that only he gave (his phone number, KvK number, report, Opgave comment,
the reason of the block on him). What stays by design (his words in contributions and
comments, his work as a neighbourhood worker) is asserted too, so the policy is visible.

A new table that points at a person fails `test_every_table_that_points_at_a_person_has_an_
erasure_policy` until it is added to `POLICY` here, and to the export and the erasure.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import String, Text, func, select

from tests.contributions import photo_files
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    ContributionFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    moderator,
    resident,
)
from wijkplatform.accounts import mailed_links, recovery_codes
from wijkplatform.accounts import services as account_services
from wijkplatform.accounts.models import LinkPurpose, Organisation, OrganisationStatus, Role, User
from wijkplatform.contributions import services as contribution_services
from wijkplatform.contributions.photos import services as photo_services
from wijkplatform.contributions.photos.images import prepare
from wijkplatform.core import mail
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.moderation.models import Block
from wijkplatform.neighbourhoods.indicators import Source
from wijkplatform.neighbourhoods.models import AreaProfile, RegionLevel
from wijkplatform.notifications import services as notification_services
from wijkplatform.notifications.models import Frequency, NotificationKind
from wijkplatform.opgaven import services as opgave_services
from wijkplatform.opgaven.models import OpgaveStatus
from wijkplatform.team_design import services as team_design_services

EMAIL = "henk.de.vries@example.nl"
NAME = "Henk de Vries"
CLIENT_IP = "203.0.113.77"
PHONE = "06-13572468"
KVK = "87654321"
REPORT_TEXT = "Rommel bij portiek 7b, al drie weken"
REACTION_TEXT = "Herkenbaar voor ons blok aan de Vaartsche Rijn"
BLOCK_REASON = f"{NAME} scheldt buren uit in de reacties"
TEAM_COMMENT = "Graag een spreekuur op zaterdag bij de Vaartsche Rijn"
# Gone after erasure: nothing else in the database holds these.
SECRETS = (
    EMAIL, NAME, "henk", CLIENT_IP, PHONE, KVK, REPORT_TEXT, REACTION_TEXT, "scheldt",
    TEAM_COMMENT,
)  # fmt: skip

# What stays by design, shown as by a former resident or a former neighbourhood worker.
OWN_TITLE = "Samen koken op vrijdag in de Lombokse buurtkeuken"
OWN_COMMENT = "Goed plan, ik doe mee met de boodschappen."
OWN_ANSWER = "We nemen dit mee in het wijkoverleg van maart."
OWN_OPGAVE = "Opgave Kanaleneiland 2027"

# Every table with a column that points at a person: the key of its rows in the export, and
# what erasure does with them.
POLICY = {
    "user_account": ("account", "kept as a tombstone: erased-<id>@invalid, no name"),
    "membership": ("memberships", "deleted"),
    "organisation": ("organisations", "stays; contact cleared without another member"),
    "organisation_member": ("organisations", "deleted"),
    "area_profile": ("area_profile_imports", "stays (public statistics)"),
    "contribution": ("contributions", "stays, by a former resident"),
    "contribution_photo": ("photos", "deleted, with its files"),
    "comment": ("comments", "stays, by a former resident"),
    "vote": ("supports", "stays as a count"),
    "follow": ("follows", "deleted"),
    "mailed_token": ("mailed_links", "deleted"),
    "recovery_code": ("recovery_codes", "deleted (the export gives only how many are unused)"),
    "contribution_link": ("contribution_links", "stays"),
    "flag": ("reports", "stays as a count, explanation cleared"),
    "moderation_block": ("blocks", "blocks on the person deleted; blocks they placed stay"),
    "moderation_event": ("moderation_steps", "stays; reasons about the person removed"),
    "official_answer": ("official_answers", "stays, by a former neighbourhood worker"),
    "contribution_merge": ("moderation_steps", "stays (work in a role)"),
    "opgave": ("opgave_work", "stays (work in a role)"),
    "opgave_version": ("opgave_work", "stays (work in a role)"),
    "opgave_evidence": ("opgave_work", "stays (work in a role)"),
    "opgave_event": ("opgave_work", "stays (work in a role)"),
    "opgave_reaction": ("opgave_reactions", "answer stays as a count, comment deleted"),
    # Who is behind an Opgave's evidence, kept from the supports and contributions (which
    # stay): the erased account no longer counts as a resident, so it counts for nothing.
    "opgave_backer": ("supports", "stays with the supports it is counted from"),
    "team_design": ("team_design_work", "stays (work in a role)"),
    "team_design_block": ("team_design_work", "stays (work in a role)"),
    "team_design_block_version": ("team_design_work", "stays (work in a role)"),
    "team_design_opgave": ("team_design_work", "stays (work in a role)"),
    "team_design_action": ("team_design_work", "stays, by a former staff member"),
    "team_design_comment": ("team_design_comments", "deleted"),
    "review_participant": ("review_participation", "deleted (the weeks one took part)"),
    "notification": ("notifications", "deleted; as the one who caused it: no name"),
    "notification_preference": ("notifications", "deleted"),
}
# Tables that name the person by address, not by a reference to the account.
BY_ADDRESS = {
    "outgoing_mail": ("mails", "deleted, sent or not; the export lists subject and state"),
}
MAIL_SUBJECT = "Er is een antwoord op je bijdrage"


def _person_columns():
    """(table, column) for every column with a foreign key to the person table."""
    return [
        (table, column)
        for table in db.metadata.sorted_tables
        for column in table.columns
        if any(fk.column.table.name == "user_account" for fk in column.foreign_keys)
    ]


def _all_text_values():
    """Every value of every text column of every table, straight from the database."""
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            if not columns:
                continue
            for row in connection.execute(select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    if value is not None:
                        yield table.name, column.name, str(value)


@dataclass
class Henk:
    user: User
    lombok: object
    kanaleneiland: object
    sole_organisation: Organisation  # registered by Henk, nobody else in it
    shared_organisation: Organisation  # registered by Fatima, Henk joined


@pytest.fixture
def henk(app) -> Henk:
    today = date.today()
    municipality = MunicipalityFactory(name="Utrecht")
    lombok = NeighbourhoodFactory(municipality=municipality, name="Lombok", slug="lombok")
    kanaleneiland = NeighbourhoodFactory(
        municipality=municipality, name="Kanaleneiland", slug="kanaleneiland"
    )
    henk = resident(lombok, email=EMAIL, display_name=NAME)
    account_services.grant_role(henk, Role.MODERATOR, neighbourhood_id=kanaleneiland.id)
    account_services.grant_role(henk, Role.REVIEWER, municipality_id=municipality.id)
    worker = moderator(lombok, display_name="Karim")
    fatima = resident(lombok, display_name="Fatima")
    other = ContributionFactory(neighbourhood=lombok, title="Een bijdrage van Fatima")

    # As a resident of Lombok.
    own = contribution_services.create_contribution(
        henk, neighbourhood=lombok, kind="potential", title=OWN_TITLE,
        body="Ik kook graag voor buren.", categories=["community"],
    )  # fmt: skip
    photo_services.add_photos(henk, own, [photo_services.NewPhoto(
        prepare(photo_files.photo(), max_bytes=10**7, max_pixels=10**7), "Een pan soep",
    )])  # fmt: skip
    contribution_services.add_comment(henk, other, body=OWN_COMMENT)
    contribution_services.set_support(henk, other, True)
    contribution_services.set_follow(henk, other, True)
    # An e-mail change he asked for and did not finish: the link holds the new address.
    mailed_links.issue(henk, LinkPurpose.CHANGE_EMAIL, email="henk.nieuw@example.nl")
    contribution_services.link_contributions(henk, own, other)
    moderation_services.flag(henk, other, reason="other", text=REPORT_TEXT)
    sole = account_services.register_organisation(
        henk, name="Kookclub Lombok", kind="association", neighbourhood_id=lombok.id,
        offers="Samen eten op vrijdag.", contact=f"{PHONE} of {EMAIL}", kvk_number=KVK,
    )  # fmt: skip
    moderation_services.verify_organisation(worker, sole)
    shared = account_services.register_organisation(
        fatima, name="Buurthuis De Kade", kind="neighbourhood", neighbourhood_id=lombok.id,
        offers="Koffie en hulp bij formulieren.", contact="030-1234567",
    )  # fmt: skip
    moderation_services.verify_organisation(worker, shared)
    account_services.add_organisation_member(shared, henk)
    lombok_opgave = opgave_services.create_opgave(worker, lombok, title="Opgave Lombok")
    opgave_services.open_reactions(
        worker, lombok_opgave, until=today + timedelta(days=3), today=today
    )
    opgave_services.react(henk, lombok_opgave, {"whole": ("yes", REACTION_TEXT)}, today=today)
    # What he supports is evidence there, so he stands behind that Opgave (opgave_backer).
    opgave_services.link_evidence(worker, lombok_opgave, other)
    lombok_design = team_design_services.start_design(worker, lombok)
    team_design_services.publish(worker, lombok_design)
    team_design_services.add_comment(henk, lombok_design, 2, TEAM_COMMENT)

    # As a neighbourhood worker of Kanaleneiland.
    worker_there = moderator(kanaleneiland, display_name="Lotte")
    issue = ContributionFactory(neighbourhood=kanaleneiland, title="Te weinig speelplekken")
    duplicate = ContributionFactory(neighbourhood=kanaleneiland, title="Geen speeltuin")
    moderation_services.answer(henk, issue, status="under_consideration", body=OWN_ANSWER)
    moderation_services.merge(henk, duplicate, issue, reason="Zelfde onderwerp.")
    contribution_services.create_contribution(
        henk, neighbourhood=kanaleneiland, kind="issue", title="Van de bewonersavond: bankjes",
        body="Op de avond gevraagd.", categories=["community"], offline_source="meeting",
        offline_date=today,
    )  # fmt: skip
    club = account_services.register_organisation(
        resident(kanaleneiland), name="Moskee Kanaleneiland", kind="faith",
        neighbourhood_id=kanaleneiland.id, offers="Voedselbank.", contact="info@example.org",
    )  # fmt: skip
    moderation_services.verify_organisation(henk, club)
    moderation_services.block(
        henk, resident(kanaleneiland), kanaleneiland, until=today, reason="Reclame."
    )
    opgave = opgave_services.create_opgave(henk, kanaleneiland, title=OWN_OPGAVE)
    opgave_services.link_evidence(henk, opgave, issue)
    # The team design of Kanaleneiland, on an Opgave the municipality accepted earlier.
    earlier = opgave_services.create_opgave(worker_there, kanaleneiland, title="Opgave 2025")
    earlier.status = OpgaveStatus.ACCEPTED
    design = team_design_services.start_design(henk, kanaleneiland)
    team_design_services.link_opgave(henk, design, earlier)
    team_design_services.save_block(
        henk, design, 2, base_version=0, answers={"why": "Samen sterk."},
        choices={"team_form": ["integrated"]},
    )  # fmt: skip
    team_design_services.add_action(
        henk, design, block=2, title="Startbijeenkomst", owner_id=henk.id,
        due_date=today + timedelta(days=30),
    )  # fmt: skip
    # As the administrator who imported the figures.
    db.session.add(
        AreaProfile(
            year=2025, region_code="WK034401", region_level=RegionLevel.WIJK,
            region_name="Kanaleneiland", municipality_code="GM0344", source=Source.KWB,
            imported_by_id=henk.id,
        )
    )  # fmt: skip
    # His choice of how often to get mail about answers.
    notification_services.set_frequencies(
        henk, {NotificationKind.CONTRIBUTION_ANSWERED: Frequency.WEEKLY}
    )
    # A mail to him, still in the queue (the link in it would work).
    mail.send(EMAIL, MAIL_SUBJECT, f"Hallo {NAME}, lees het antwoord: https://wijk.example/x")

    # As a neighbourhood worker he uses two-factor login, with recovery codes.
    henk.totp_secret = TOTP_SECRET
    recovery_codes.generate(henk)

    # Last: Lombok's worker blocks him, with a reason that names him.
    moderation_services.block(
        worker, henk, lombok, until=today + timedelta(days=7), reason=BLOCK_REASON
    )
    db.session.commit()
    return Henk(henk, lombok, kanaleneiland, sole, shared)


def test_every_table_that_points_at_a_person_has_an_erasure_policy(app):
    assert {table.name for table, _ in _person_columns()} | {"user_account"} == set(POLICY)


def test_the_person_has_a_row_in_every_table_that_points_at_a_person(henk):
    """The scan below proves something only if every kind of row exists first."""
    missing = []
    for table, column in _person_columns():
        count = db.session.scalar(
            select(func.count()).select_from(table).where(column == henk.user.id)
        )
        if table.name != "user_account" and not count:
            missing.append(f"{table.name}.{column.name}")
    assert missing == []


def test_export_holds_a_part_for_every_table_that_points_at_a_person(client, henk, login):
    login(henk.user)
    response = client.get("/account/data/export.json")
    data = json.loads(response.get_data(as_text=True))
    empty = [key for key, _ in (*POLICY.values(), *BY_ADDRESS.values()) if not data.get(key)]
    assert empty == []
    [queued] = data["mails"]
    assert (queued["subject"], queued["state"], queued["sent_at"]) == (MAIL_SUBJECT, "queued", None)
    text = json.dumps(data, ensure_ascii=False)
    assert "wijk.example/x" not in text  # not the text: its link still works
    for secret in (EMAIL, NAME, PHONE, KVK, REPORT_TEXT, REACTION_TEXT, BLOCK_REASON):
        assert secret in text
    for kept in (OWN_TITLE, OWN_COMMENT, OWN_ANSWER, OWN_OPGAVE):
        assert kept in text
    organisations = {o["name"]: o for o in data["organisations"]}
    assert organisations["Kookclub Lombok"]["kvk_number"] == KVK
    assert organisations["Kookclub Lombok"]["contact"] == f"{PHONE} of {EMAIL}"
    assert organisations["Kookclub Lombok"]["offers"] == "Samen eten op vrijdag."
    assert organisations["Kookclub Lombok"]["registered_by_you"] is True
    assert organisations["Buurthuis De Kade"]["registered_by_you"] is False


def _erase(client, henk, login):
    login(henk.user)
    client.get("/account/", environ_base={"REMOTE_ADDR": CLIENT_IP})
    response = client.post(
        "/account/data/erase",
        data={"password": PASSWORD, "confirm": "y"},
        environ_base={"REMOTE_ADDR": CLIENT_IP},
    )
    assert response.headers["Location"] == "/"
    db.session.expire_all()


def test_erasure_leaves_nothing_of_the_person_in_any_text_column(client, henk, login):
    _erase(client, henk, login)
    leaks = [
        (table, column, secret)
        for table, column, value in _all_text_values()
        for secret in SECRETS
        if secret.lower() in value.lower()
    ]
    assert leaks == []
    values = {value for _, _, value in _all_text_values()}
    # What stays by design, without his name.
    for kept in (OWN_TITLE, OWN_COMMENT, OWN_ANSWER, OWN_OPGAVE, "Kookclub Lombok"):
        assert kept in values


def test_erasure_removes_memberships_blocks_and_report_texts_but_keeps_the_counts(
    client, henk, login
):
    from wijkplatform.accounts.models import Membership, OrganisationMember
    from wijkplatform.contributions.models import Vote
    from wijkplatform.moderation.models import Flag

    user_id = henk.user.id
    _erase(client, henk, login)

    def rows(model, column):
        return db.session.scalars(select(model).where(column == user_id)).all()

    assert rows(Membership, Membership.user_id) == []
    assert rows(OrganisationMember, OrganisationMember.user_id) == []
    assert rows(Block, Block.user_id) == []
    [report] = rows(Flag, Flag.reporter_id)  # still counts, by the tombstone
    assert report.text is None
    assert len(rows(Vote, Vote.user_id)) == 1


def test_an_organisation_left_without_members_keeps_its_name_but_not_the_contact(
    client, henk, login
):
    _erase(client, henk, login)
    sole = db.session.get(Organisation, henk.sole_organisation.id)
    shared = db.session.get(Organisation, henk.shared_organisation.id)
    assert (sole.name, sole.offers, sole.contact, sole.kvk_number) == (
        "Kookclub Lombok", "Samen eten op vrijdag.", "", None,
    )  # fmt: skip
    assert sole.status == OrganisationStatus.VERIFIED
    # Fatima still answers for the community centre: its contact stays.
    assert shared.contact == "030-1234567"
    assert [m.user.display_name for m in shared.members] == ["Fatima"]


def test_neighbourhood_page_and_social_map_api_no_longer_show_the_contact(client, henk, login):
    page = client.get("/neighbourhoods/lombok/").get_data(as_text=True)
    assert PHONE in page  # before: the contact he gave is public
    _erase(client, henk, login)

    page = client.get("/neighbourhoods/lombok/").get_data(as_text=True)
    assert "Kookclub Lombok" in page and PHONE not in page and EMAIL not in page
    assert "Geen contact op dit moment." in page
    api = client.get("/api/v1/neighbourhoods/lombok/social-map").get_json()
    organisations = {o["name"]: o for o in api["organisations"]}
    assert organisations["Kookclub Lombok"]["contact"] is None
    assert organisations["Buurthuis De Kade"]["contact"] == "030-1234567"


def test_the_moderation_log_keeps_the_block_but_not_the_reason_about_the_person(
    client, henk, login
):
    worker = db.session.scalar(select(User).where(User.display_name == "Karim"))
    _erase(client, henk, login)
    login(worker)
    log = client.get("/moderation/lombok/log").get_data(as_text=True)
    assert "geblokkeerd" in log
    assert "scheldt" not in log and NAME not in log


def test_an_erased_account_cannot_be_blocked_again(client, henk, login):
    worker = db.session.scalar(select(User).where(User.display_name == "Karim"))
    user_id = henk.user.id
    _erase(client, henk, login)
    login(worker)
    assert client.get(f"/moderation/lombok/users/{user_id}/block").status_code == 404
    with pytest.raises(DomainError):
        moderation_services.block(
            worker,
            db.session.get(User, user_id),
            db.session.get(type(henk.lombok), henk.lombok.id),
            until=date.today(),
            reason=BLOCK_REASON,
        )
    db.session.rollback()
    assert db.session.scalars(select(Block).where(Block.user_id == user_id)).all() == []


def test_the_privacy_page_says_what_erasure_does(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "Je gaat uit je organisaties" in page and "KvK-nummer" in page
    assert "Je meldingen tellen nog mee" in page
    assert "Blokkades van je account verwijderen we" in page


def test_a_contact_that_names_the_person_goes_even_when_others_stay(app):
    from wijkplatform.accounts import personal_data

    lombok = NeighbourhoodFactory()
    henk = resident(lombok, email=EMAIL, display_name=NAME)
    fatima = resident(lombok, display_name="Fatima")
    organisation = account_services.register_organisation(
        fatima, name="Buurthuis De Kade", kind="neighbourhood", neighbourhood_id=lombok.id,
        offers="Koffie.", contact=f"Bel {NAME}: {PHONE}",
    )  # fmt: skip
    account_services.add_organisation_member(organisation, henk)
    personal_data.erase_account(henk, password=PASSWORD)
    db.session.commit()
    db.session.expire_all()
    organisation = db.session.get(Organisation, organisation.id)
    assert organisation.contact == ""
    assert [m.user.display_name for m in organisation.members] == ["Fatima"]
