"""Residents' comments on the team design are moderated like reactions on contributions:
reported, in the neighbourhood's queue and log, hidden automatically after enough reports
from residents who count, hidden and shown again by a worker, and the author is told with
the reason."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import resident
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.moderation import queries as moderation_queries
from wijkplatform.moderation import services as moderation
from wijkplatform.moderation.models import (
    Action,
    Flag,
    FlagNotCounted,
    ModerationEvent,
    TargetType,
)
from wijkplatform.notifications.models import Notification, NotificationKind, SubjectType
from wijkplatform.team_design import queries, services

BASE = "/neighbourhoods/oude-haven/team-design"


@pytest.fixture
def comment(world, design):
    services.publish(world.moderator, design)
    comment = services.add_comment(world.resident, design, 3, "Bel 06-12345678 voor hulp")
    db.session.commit()
    return comment


def _events(comment) -> list[Action]:
    return [
        event.action
        for event in db.session.scalars(
            select(ModerationEvent)
            .where(
                ModerationEvent.target_type == TargetType.DESIGN_COMMENT,
                ModerationEvent.target_id == comment.id,
            )
            .order_by(ModerationEvent.id)
        )
    ]


def _notifications(user, kind=NotificationKind.CONTENT_MODERATED) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.recipient_id == user.id, Notification.kind == kind)
            .order_by(Notification.id)
        )
    )


# --- Service level ---------------------------------------------------------------------


def test_a_report_reaches_the_neighbourhoods_queue_and_log_and_its_workers(world, comment):
    report = moderation.flag(world.author, comment, reason="personal_data")
    assert report.target_type == TargetType.DESIGN_COMMENT
    assert report.neighbourhood_id == world.neighbourhood.id
    assert report.not_counted is None
    db.session.commit()
    [item] = moderation_queries.flagged_items(world.neighbourhood)
    assert item.target is comment and item.flag_count == 1
    assert "bouwsteen 3" in item.heading.lower() or "block 3" in item.heading.lower()
    assert moderation_queries.flagged_items(world.other_neighbourhood) == []
    assert _events(comment) == [Action.FLAGGED]
    logged = moderation_queries.events_for_neighbourhood(world.neighbourhood)
    assert [(e.action, e.target_type) for e in logged] == [
        (Action.FLAGGED, TargetType.DESIGN_COMMENT)
    ]
    # Both workers of the neighbourhood hear about it; the worker next door does not.
    for worker in (world.moderator, world.second_moderator):
        [told] = _notifications(worker, NotificationKind.CONTENT_FLAGGED)
        assert told.subject_type == SubjectType.TEAM_DESIGN
        assert told.subject_id == world.neighbourhood.id
    assert _notifications(world.other_moderator, NotificationKind.CONTENT_FLAGGED) == []


def test_a_resident_of_another_neighbourhood_reports_but_it_does_not_count(world, comment):
    report = moderation.flag(world.other_resident, comment, reason="offensive")
    assert report.not_counted == FlagNotCounted.NOT_RESIDENT
    db.session.commit()
    [item] = moderation_queries.flagged_items(world.neighbourhood)
    assert item.counting == 0 and item.not_counted == {"not_resident": 1}
    # However many of them report it, it stays shown until a worker decides.
    for _ in range(4):
        outsider = resident(world.other_neighbourhood)
        moderation.flag(outsider, comment, reason="offensive")
    assert not comment.hidden
    assert Action.AUTO_HIDDEN not in _events(comment)


def test_a_second_report_by_the_same_person_counts_once(world, comment):
    assert moderation.flag(world.author, comment, reason="spam") is not None
    assert moderation.flag(world.author, comment, reason="offensive") is None
    assert moderation.active_flag_count(TargetType.DESIGN_COMMENT, comment.id) == 1


def test_enough_reports_from_residents_hide_it_and_tell_the_author(world, comment):
    for _ in range(3):
        moderation.flag(resident(world.neighbourhood), comment, reason="personal_data")
    assert comment.hidden
    assert _events(comment)[-1] == Action.AUTO_HIDDEN
    assert queries.comments_by_block(comment.design)[3] == []
    [told] = _notifications(world.resident)
    assert told.subject_type == SubjectType.TEAM_DESIGN
    assert told.detail == "design_comment_hidden"
    assert told.reason == comment.hidden_reason
    # A hidden comment can no longer be reported.
    with pytest.raises(DomainError):
        moderation.flag(world.author, comment, reason="spam")


def test_a_worker_hides_and_shows_it_again_in_the_log_and_the_author_is_told(world, comment):
    moderation.flag(world.author, comment, reason="personal_data")
    services.hide_comment(world.moderator, comment.design, comment, "Telefoonnummer")
    assert comment.hidden and comment.hidden_reason == "Telefoonnummer"
    services.restore_comment(world.moderator, comment.design, comment)
    assert not comment.hidden
    assert _events(comment) == [Action.FLAGGED, Action.HIDDEN, Action.RESTORED]
    hidden_event = db.session.scalar(
        select(ModerationEvent).where(ModerationEvent.action == Action.HIDDEN)
    )
    assert hidden_event.reason == "Telefoonnummer"
    assert hidden_event.actor_id == world.moderator.id
    assert hidden_event.neighbourhood_id == world.neighbourhood.id
    # Showing it again sets the reports aside: it leaves the queue.
    assert moderation_queries.flagged_items(world.neighbourhood) == []
    told = _notifications(world.resident)
    assert [(n.detail, n.reason) for n in told] == [
        ("design_comment_hidden", "Telefoonnummer"),
        ("design_comment_restored", None),
    ]
    assert _notifications(world.moderator) == []  # the worker is not told what they did


def test_the_author_sees_the_hidden_comment_with_the_reason_among_their_notices(world, comment):
    services.hide_comment(world.moderator, comment.design, comment, "Telefoonnummer")
    notices = moderation_queries.notices_for(world.resident)
    assert [item for _heading, item in notices.others] == [comment]
    assert moderation_queries.notices_for(world.author).others == []
    hidden = moderation_queries.hidden_items(world.neighbourhood)
    assert [(i.target_type, i.target) for i in hidden] == [(TargetType.DESIGN_COMMENT, comment)]
    assert moderation_queries.hidden_items(world.other_neighbourhood) == []


def test_only_workers_of_the_neighbourhood_and_admins_hide_it(world, comment):
    for who in (world.other_moderator, world.reviewer, world.resident):
        with pytest.raises(DomainError) as refused:
            services.hide_comment(who, comment.design, comment, "Weg ermee")
        assert refused.value.status == 403
    with pytest.raises(DomainError) as no_reason:
        services.hide_comment(world.moderator, comment.design, comment, "  ")
    assert no_reason.value.field == "reason"
    services.hide_comment(world.admin, comment.design, comment, "Telefoonnummer")
    assert comment.hidden
    assert db.session.scalar(select(Flag.id)) is None


# --- Page level ------------------------------------------------------------------------


def test_resident_reports_a_comment_from_the_public_page(world, comment, client, login):
    assert "/moderation/report/design_comment/" not in client.get(f"{BASE}/").get_data(
        as_text=True
    )  # a visitor logs in first
    login(world.author)
    report_url = f"/moderation/report/design_comment/{comment.id}"
    assert f'href="{report_url}"' in client.get(f"{BASE}/").get_data(as_text=True)
    form = client.get(report_url)
    assert form.status_code == 200
    assert "06-12345678" in form.get_data(as_text=True)
    assert f'href="{BASE}/#team-design-comment-{comment.id}"' in form.get_data(as_text=True)
    no_reason = client.post(report_url, data={"reason": "", "text": "Zie telefoonnummer"})
    assert no_reason.status_code == 422
    html = no_reason.get_data(as_text=True)
    assert 'id="reason-error"' in html and "Zie telefoonnummer" in html
    sent = client.post(report_url, data={"reason": "personal_data"})
    assert sent.status_code == 302
    assert sent.headers["Location"].endswith(f"{BASE}/#team-design-comment-{comment.id}")
    assert moderation.active_flag_count(TargetType.DESIGN_COMMENT, comment.id) == 1


def test_a_comment_of_an_unpublished_design_or_a_hidden_one_cannot_be_reported(
    world, comment, client, login
):
    login(world.author)
    report_url = f"/moderation/report/design_comment/{comment.id}"
    services.unpublish(world.moderator, comment.design)
    db.session.commit()
    assert client.get(report_url).status_code == 404
    services.publish(world.moderator, comment.design)
    services.hide_comment(world.moderator, comment.design, comment, "Telefoonnummer")
    db.session.commit()
    assert client.get(report_url).status_code == 404
    assert client.post(report_url, data={"reason": "spam"}).status_code == 404


def test_worker_decides_in_the_queue_and_the_log_and_the_author_reads_why(
    world, comment, client, login
):
    moderation.flag(world.other_resident, comment, reason="personal_data", text="Nummer")
    db.session.commit()
    item_url = f"/moderation/oude-haven/design_comment/{comment.id}"
    login(world.moderator)
    queue = client.get("/moderation/oude-haven/").get_data(as_text=True)
    assert f'id="moderation-design_comment-{comment.id}"' in queue
    assert f'href="{item_url}"' in queue and "06-12345678" in queue
    page = client.get(item_url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "06-12345678" in html and "Nummer" in html
    assert f'href="{BASE}/#team-design-comment-{comment.id}"' in html
    refused = client.post(f"{item_url}/hide", data={"hide-reason": ""})
    assert refused.status_code == 422 and 'id="hide-reason-error"' in refused.get_data(as_text=True)
    hidden = client.post(f"{item_url}/hide", data={"hide-reason": "Telefoonnummer"})
    assert hidden.status_code == 302
    log = client.get("/moderation/oude-haven/log").get_data(as_text=True)
    assert log.count(f'href="{item_url}"') == 2  # reported, hidden
    assert "Telefoonnummer" in log

    # Nobody else sees it; the author reads why in their notifications and notices.
    client.post("/account/logout")
    assert "06-12345678" not in client.get(f"{BASE}/").get_data(as_text=True)
    login(world.resident)
    assert "06-12345678" not in client.get(f"{BASE}/").get_data(as_text=True)
    told = client.get("/notifications/").get_data(as_text=True)
    assert "Telefoonnummer" in told and f'href="{BASE}/"' in told
    notices = client.get("/moderation/notices").get_data(as_text=True)
    assert 'id="hidden-other-comments"' in notices and "Telefoonnummer" in notices
    # the list is in the page once, and never in the window title a screen reader reads first
    title = notices[notices.index("<title>") : notices.index("</title>")]
    assert "Telefoonnummer" not in title and notices.count('id="hidden-other-comments"') == 1

    # A worker of the neighbourhood next door neither sees nor decides it.
    login(world.other_moderator)
    assert client.get(item_url).status_code in (403, 404)
    assert client.post(f"{item_url}/restore", data={}).status_code in (403, 404)

    login(world.moderator)
    assert client.post(f"{item_url}/restore", data={"restore-reason": ""}).status_code == 302
    client.post("/account/logout")
    assert "06-12345678" in client.get(f"{BASE}/").get_data(as_text=True)
