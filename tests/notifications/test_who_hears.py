"""Each domain event reaches the right people and no one else, and never the person who
caused it (issue 17)."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import CommentFactory, moderator, resident
from tests.opgaven.conftest import TODAY, draft, make_world
from wijkplatform.accounts import services as account_services
from wijkplatform.accounts.models import User
from wijkplatform.contributions import services as contribution_services
from wijkplatform.contributions.models import ContributionKind
from wijkplatform.core.mail import OutgoingMail
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation
from wijkplatform.notifications import mailing
from wijkplatform.notifications import services as notification_services
from wijkplatform.notifications.models import Frequency, Notification
from wijkplatform.notifications.models import NotificationKind as Kind
from wijkplatform.opgaven import services as opgaven
from wijkplatform.opgaven.models import OpgaveStatus


def _new_since(mark: int) -> set[tuple[str, Kind]]:
    """(recipient's name, kind) of every notification made after `mark`."""
    return set(
        db.session.execute(
            select(User.display_name, Notification.kind)
            .join(User, User.id == Notification.recipient_id)
            .where(Notification.id > mark)
        ).all()
    )


def _mark() -> int:
    return db.session.scalar(select(db.func.max(Notification.id))) or 0


def test_a_reaction_reaches_the_author_and_a_reply_also_the_comment_author(app):
    world = make_world()
    mark = _mark()
    first = contribution_services.add_comment(
        world.resident, world.issue, body="Klopt, ik zie het ook."
    )
    assert _new_since(mark) == {("Auteur", Kind.COMMENT_REPLY)}

    mark = _mark()
    contribution_services.add_comment(
        world.second_moderator, world.issue, body="Wij gaan kijken.", parent_id=first.id
    )
    assert _new_since(mark) == {("Auteur", Kind.COMMENT_REPLY), ("Bewoner", Kind.COMMENT_REPLY)}

    mark = _mark()
    contribution_services.add_comment(
        world.author, world.issue, body="Dank je.", parent_id=first.id
    )
    assert _new_since(mark) == {("Bewoner", Kind.COMMENT_REPLY)}  # never the writer


def test_an_answer_reaches_author_supporters_and_followers_only(app):
    world = make_world()
    supporter = resident(world.neighbourhood, display_name="Steuner")
    follower = resident(world.neighbourhood, display_name="Volger")
    resident(world.neighbourhood, display_name="Buitenstaander")
    contribution_services.set_support(supporter, world.issue, True)
    contribution_services.set_follow(follower, world.issue, True)
    mark = _mark()

    moderation.answer(world.moderator, world.issue, status="under_consideration", body="We kijken.")

    assert _new_since(mark) == {
        ("Auteur", Kind.CONTRIBUTION_ANSWERED),
        ("Steuner", Kind.CONTRIBUTION_ANSWERED),
        ("Volger", Kind.CONTRIBUTION_ANSWERED),
    }


def test_a_merge_tells_the_author_where_it_went_and_why(app):
    world = make_world()
    other = resident(world.neighbourhood, display_name="Tweede")
    duplicate = contribution_services.create_contribution(
        other,
        neighbourhood=world.neighbourhood,
        kind=ContributionKind.ISSUE,
        title="Eenzame ouderen in de flats",
        body="Veel ouderen zijn alleen.",
        categories=["loneliness"],
    )
    mark = _mark()
    moderation.merge(world.moderator, duplicate, world.issue, reason="Zelfde vraag als hier.")

    [row] = db.session.scalars(select(Notification).where(Notification.id > mark))
    assert (row.recipient_id, row.kind) == (other.id, Kind.CONTRIBUTION_MERGED)
    assert row.reason == "Zelfde vraag als hier."
    assert row.detail == str(world.issue.id)


def test_a_merge_tells_supporters_and_followers_where_it_lives_now(app):
    world = make_world()
    author = resident(world.neighbourhood, display_name="Tweede")
    duplicate = contribution_services.create_contribution(
        author,
        neighbourhood=world.neighbourhood,
        kind=ContributionKind.ISSUE,
        title="Eenzame ouderen in de flats",
        body="Veel ouderen zijn alleen.",
        categories=["loneliness"],
    )
    supporter = resident(world.neighbourhood, display_name="Steuner", locale="en")
    follower = resident(world.neighbourhood, display_name="Volger", locale="en")
    both = resident(world.neighbourhood, display_name="Beide")
    quiet = resident(world.neighbourhood, display_name="Stil")
    resident(world.neighbourhood, display_name="Buitenstaander")
    for person in (supporter, both, quiet, world.moderator):
        contribution_services.set_support(person, duplicate, True)
    for person in (follower, both):
        contribution_services.set_follow(person, duplicate, True)
    contribution_services.set_support(both, world.issue, True)  # supported both already
    notification_services.set_frequencies(quiet, {Kind.CONTRIBUTION_MERGED: Frequency.NEVER})
    mark = _mark()

    moderation.merge(world.moderator, duplicate, world.issue, reason="Zelfde vraag als hier.")

    survivor = world.issue.id
    rows = db.session.execute(
        select(User.display_name, Notification.kind, Notification.detail, Notification.reason)
        .join(User, User.id == Notification.recipient_id)
        .where(Notification.id > mark)
    ).all()
    reason = "Zelfde vraag als hier."
    # Everyone once, never the moderator who merged (a supporter too), nobody else.
    assert sorted(rows) == [
        ("Beide", Kind.CONTRIBUTION_MERGED, f"{survivor}:supporter", reason),
        ("Steuner", Kind.CONTRIBUTION_MERGED, f"{survivor}:supporter", reason),
        ("Stil", Kind.CONTRIBUTION_MERGED, f"{survivor}:supporter", reason),
        ("Tweede", Kind.CONTRIBUTION_MERGED, str(survivor), reason),
        ("Volger", Kind.CONTRIBUTION_MERGED, f"{survivor}:follower", reason),
    ]

    # Mailed right away (the default for merges), except to who chose never for them.
    name_of = {p.email: p.display_name for p in (author, supporter, follower, both, quiet)}
    mailing.queue_mails(Frequency.IMMEDIATELY)  # lets go of the session's objects
    mails = dict(db.session.execute(select(OutgoingMail.to_address, OutgoingMail.body_text)).all())
    assert {name_of[to] for to in mails} == {"Tweede", "Steuner", "Volger", "Beide"}
    to_supporter, to_follower = (
        next(to for to in mails if name_of[to] == name) for name in ("Steuner", "Volger")
    )
    assert (
        "“Eenzame ouderen in de flats”, which you support, was merged with “Ouderen in de wijk "
        "zijn eenzaam”. Your support counts there now. Reason: Zelfde vraag als hier."
    ) in " ".join(mails[to_supporter].split())
    assert (
        "“Eenzame ouderen in de flats”, which you follow, was merged with “Ouderen in de wijk "
        "zijn eenzaam”. You follow that one now."
    ) in " ".join(mails[to_follower].split())
    assert f"http://localhost/contributions/{survivor}" in mails[to_follower]


def test_hiding_and_restoring_tell_the_author_with_the_reason(app):
    world = make_world()
    comment = CommentFactory(contribution=world.issue, author=world.resident)
    mark = _mark()
    moderation.hide(world.moderator, comment, reason="Scheldwoorden.")
    moderation.restore(world.moderator, comment, reason="Aangepast.")
    rows = list(db.session.scalars(select(Notification).where(Notification.id > mark)))
    assert [(r.recipient_id, r.kind, r.detail, r.reason) for r in rows] == [
        (world.resident.id, Kind.CONTENT_MODERATED, "comment_hidden", "Scheldwoorden."),
        (world.resident.id, Kind.CONTENT_MODERATED, "comment_restored", "Aangepast."),
    ]


def test_new_contributions_and_reports_reach_the_moderators_of_that_neighbourhood(app):
    world = make_world()
    mark = _mark()
    contribution = contribution_services.create_contribution(
        world.resident,
        neighbourhood=world.neighbourhood,
        kind=ContributionKind.POTENTIAL,
        title="Een moestuin op het plein",
        body="Er is ruimte voor een moestuin.",
        categories=["community"],
    )
    assert _new_since(mark) == {
        ("Karim", Kind.CONTRIBUTION_CREATED),
        ("Lotte", Kind.CONTRIBUTION_CREATED),
    }  # not the moderator of the other neighbourhood

    mark = _mark()
    moderation.flag(world.author, contribution, reason="spam")
    assert _new_since(mark) == {("Karim", Kind.CONTENT_FLAGGED), ("Lotte", Kind.CONTENT_FLAGGED)}


def test_a_moderator_who_writes_a_contribution_is_not_told_about_it(app):
    world = make_world()
    mark = _mark()
    contribution_services.create_contribution(
        world.moderator,
        neighbourhood=world.neighbourhood,
        kind=ContributionKind.RESOURCE,
        title="Spreekuur in de bibliotheek",
        body="Elke dinsdag.",
        categories=["community"],
        offline_source="meeting",
        offline_date=TODAY,
    )
    assert _new_since(mark) == {("Lotte", Kind.CONTRIBUTION_CREATED)}


def test_an_opgave_on_its_way_reaches_evidence_authors_reactors_and_reviewers(app):
    world = make_world()
    supporter = resident(world.neighbourhood, display_name="Steuner")
    contribution_services.set_support(supporter, world.issue, True)
    opgave = draft(world)
    mark = _mark()
    opgaven.link_evidence(world.moderator, opgave, world.issue, section="problems")
    assert _new_since(mark) == set()  # a draft is not public: nobody hears yet

    opgaven.open_reactions(world.moderator, opgave, until=TODAY.replace(day=30), today=TODAY)
    assert _new_since(mark) == {("Auteur", Kind.OPGAVE_STATUS), ("Steuner", Kind.OPGAVE_STATUS)}

    opgaven.react(world.resident, opgave, {"whole": ("yes", "Goed zo.")}, today=TODAY)
    opgaven.close_reactions(world.moderator, opgave)
    mark = _mark()
    opgaven.submit(world.moderator, opgave)
    assert _new_since(mark) == {
        ("Auteur", Kind.OPGAVE_STATUS),
        ("Steuner", Kind.OPGAVE_STATUS),
        ("Bewoner", Kind.OPGAVE_STATUS),
        ("Sanne", Kind.OPGAVE_WAITING),  # the reviewer of this municipality only
    }

    mark = _mark()
    opgaven.return_opgave(world.reviewer, opgave, reasons="Meer over de jongeren graag.")
    assert _new_since(mark) == {
        ("Auteur", Kind.OPGAVE_STATUS),
        ("Steuner", Kind.OPGAVE_STATUS),
        ("Bewoner", Kind.OPGAVE_STATUS),
        ("Karim", Kind.OPGAVE_STATUS),
        ("Lotte", Kind.OPGAVE_STATUS),
    }
    returned = db.session.scalars(select(Notification).where(Notification.id > mark)).first()
    assert returned.detail == OpgaveStatus.RETURNED
    assert returned.reason == "Meer over de jongeren graag."


def test_evidence_linked_to_a_published_opgave_reaches_its_author(app):
    world = make_world()
    opgave = draft(world)
    opgaven.open_reactions(world.moderator, opgave, until=TODAY.replace(day=30), today=TODAY)
    mark = _mark()
    opgaven.link_evidence(world.moderator, opgave, world.resource, section="infrastructure")
    assert _new_since(mark) == {("Auteur", Kind.EVIDENCE_LINKED)}


def test_a_verified_organisation_reaches_its_members(app):
    world = make_world()
    organisation = account_services.register_organisation(
        world.resident,
        name="Buurthuis De Haven",
        kind="neighbourhood",
        neighbourhood_id=world.neighbourhood.id,
        offers="Koffie en een luisterend oor.",
        contact="buurthuis@example.nl",
    )
    mark = _mark()
    moderation.verify_organisation(world.moderator, organisation)
    assert _new_since(mark) == {("Bewoner", Kind.ORGANISATION_DECIDED)}


def test_an_erased_or_inactive_account_gets_nothing(app):
    world = make_world()
    world.author.active = False
    moderator(world.neighbourhood, display_name="Nieuwe werker")
    mark = _mark()
    moderation.answer(world.moderator, world.issue, status="under_consideration", body="We kijken.")
    assert _new_since(mark) == set()


def test_telling_thirty_supporters_adds_one_insert_to_the_change(app, count_queries):
    world = make_world()
    for _ in range(30):
        contribution_services.set_support(resident(world.neighbourhood), world.issue, True)
    db.session.commit()
    with count_queries() as statements:
        moderation.answer(world.moderator, world.issue, status="answered", body="Geregeld.")
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO NOTIFICATION")]
    assert len(inserts) == 1
    assert db.session.scalar(select(db.func.count()).select_from(Notification)) == 31


def test_an_author_who_changes_a_hidden_contribution_asks_the_workers_to_look_again(app):
    world = make_world()
    moderation.hide(world.moderator, world.issue, reason="Er staat een adres in.")
    mark = _mark()
    contribution_services.edit_contribution(
        world.author,
        world.issue,
        title="Ouderen in de wijk zijn eenzaam",
        body="Veel ouderen zijn alleen. (Adres weggehaald.)",
        categories=["loneliness"],
    )
    assert _new_since(mark) == {("Karim", Kind.REVIEW_ASKED), ("Lotte", Kind.REVIEW_ASKED)}

    mark = _mark()
    moderation.restore(world.moderator, world.issue, reason="Nu in orde.")
    contribution_services.edit_contribution(
        world.author,
        world.issue,
        title="Ouderen in de wijk zijn eenzaam",
        body="Veel ouderen zijn alleen.",
        categories=["loneliness"],
    )
    assert _new_since(mark) == {("Auteur", Kind.CONTENT_MODERATED)}  # a shown one: no ask
