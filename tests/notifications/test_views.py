"""The notifications page: the header link with the unread count (htmx refreshes it; a
plain link without JavaScript), grouped by what the notifications are about, newest first,
mark read; the mail choices; the one-click unsubscribe link without logging in."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.factories import resident
from tests.opgaven.conftest import make_world
from wijkplatform.contributions import services as contribution_services
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation
from wijkplatform.notifications import unsubscribe
from wijkplatform.notifications.models import (
    Frequency,
    NotificationKind,
    NotificationPreference,
)


def _busy_world():
    world = make_world()
    contribution_services.add_comment(world.resident, world.issue, body="Herkenbaar.")
    moderation.answer(world.moderator, world.issue, status="under_consideration", body="Ja.")
    contribution_services.add_comment(world.resident, world.resource, body="Fijn!")
    db.session.commit()
    return world


def test_the_header_shows_the_unread_count_as_a_plain_link(app, client, login):
    world = _busy_world()
    login(world.author)
    page = client.get(f"/contributions/{world.issue.id}").get_data(as_text=True)
    link = re.search(r'<a id="notifications-link"[^>]*>.*?</a>', page, re.S).group(0)
    assert 'href="/notifications/"' in link
    assert 'data-hx-get="/notifications/count"' in link
    assert ">3<" in link


def test_the_count_partial_answers_htmx_and_nothing_for_a_visitor(app, client, login):
    world = _busy_world()
    assert client.get("/notifications/count").status_code == 204
    login(world.author)
    response = client.get("/notifications/count", headers={"HX-Request": "true"})
    assert response.get_data(as_text=True).strip().startswith('<a id="notifications-link"')


def test_the_page_groups_by_contribution_newest_first_and_marks_read(app, client, login):
    world = _busy_world()
    login(world.author)
    page = client.get("/notifications/").get_data(as_text=True)
    titles = re.findall(
        r'<h2 class="utrecht-heading-3" id="notifications-[^"]+"><a [^>]*>([^<]+)</a>', page
    )
    assert titles == ["Koffieochtend in het buurthuis", "Ouderen in de wijk zijn eenzaam"]
    assert "Bewoner reageerde op “Ouderen in de wijk zijn eenzaam”." in page
    assert "Een wijkwerker gaf antwoord op “Ouderen in de wijk zijn eenzaam”" in page
    assert f'href="/contributions/{world.issue.id}?comment=' in page

    response = client.post("/notifications/read", data={"about": f"contribution-{world.issue.id}"})
    assert response.headers["Location"] == "/notifications/"
    count = client.get("/notifications/count").get_data(as_text=True)
    assert ">1<" in count

    client.post("/notifications/read", data={})
    assert "count-badge" not in client.get("/notifications/count").get_data(as_text=True)


def test_a_person_never_sees_or_marks_someone_elses_notifications(app, client, login):
    world = _busy_world()
    login(world.resident)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Ouderen in de wijk zijn eenzaam" not in page
    client.post("/notifications/read", data={})
    login(world.author)
    assert ">3<" in client.get("/notifications/count").get_data(as_text=True)


def test_a_visitor_is_asked_to_log_in(app, client):
    assert client.get("/notifications/").headers["Location"].startswith("/account/login")


def test_bad_about_value_is_refused(app, client, login):
    world = _busy_world()
    login(world.author)
    assert client.post("/notifications/read", data={"about": "user-1"}).status_code == 400


def test_mail_choices_are_saved_and_a_wrong_value_is_refused(app, client, login):
    world = _busy_world()
    login(world.author)
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert "Nieuwe meldingen in mijn wijken" not in page  # a resident has no moderator kinds
    data = {kind.value: "weekly" for kind in NotificationKind}
    data["comment_reply"] = "never"
    assert client.post("/notifications/settings", data=data).status_code == 302
    chosen = dict(
        db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.frequency).where(
                NotificationPreference.user_id == world.author.id
            )
        ).all()
    )
    assert chosen[NotificationKind.COMMENT_REPLY] == Frequency.NEVER
    assert chosen[NotificationKind.CONTRIBUTION_ANSWERED] == Frequency.WEEKLY

    data["comment_reply"] = "hourly"
    response = client.post("/notifications/settings", data=data)
    assert response.status_code == 422
    assert "Kies een van de mogelijkheden." in response.get_data(as_text=True)


def test_unsubscribe_works_without_logging_in_and_only_with_a_signed_link(app, client):
    world = make_world()
    token = unsubscribe.token_for(world.author.id, NotificationKind.COMMENT_REPLY)
    page = client.get(f"/notifications/unsubscribe/{token}")
    assert page.status_code == 200
    assert db.session.scalars(select(NotificationPreference)).all() == []  # GET changes nothing

    done = client.post(f"/notifications/unsubscribe/{token}")
    assert done.status_code == 200
    [choice] = db.session.scalars(select(NotificationPreference)).all()
    assert (choice.user_id, choice.kind, choice.frequency) == (
        world.author.id,
        NotificationKind.COMMENT_REPLY,
        Frequency.NEVER,
    )
    assert client.post(f"/notifications/unsubscribe/{token[:-2]}xx").status_code == 404


def test_unsubscribe_post_needs_no_csrf_token(csrf_app):
    world = make_world()
    token = unsubscribe.token_for(world.author.id, None)
    response = csrf_app.test_client().post(f"/notifications/unsubscribe/{token}")
    assert response.status_code == 200
    assert len(db.session.scalars(select(NotificationPreference)).all()) == len(NotificationKind)


def test_the_page_runs_a_fixed_number_of_queries(app, client, login, count_queries):
    world = _busy_world()
    login(world.author)
    client.get("/notifications/")
    with count_queries() as few:
        client.get("/notifications/")
    for _ in range(20):
        contribution_services.add_comment(
            resident(world.neighbourhood), world.potential, body="Ja!"
        )
    db.session.commit()
    with count_queries() as many:
        client.get("/notifications/")
    assert len(many) == len(few)


def test_older_notifications_are_on_a_next_page(app, client, login, monkeypatch):
    from wijkplatform.notifications import queries

    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    world = _busy_world()
    login(world.author)
    first = client.get("/notifications/").get_data(as_text=True)
    assert first.count('class="notification ') + first.count('class="notification"') == 2
    older = re.search(r'href="(/notifications/\?before=\d+)"', first).group(1)
    second = client.get(older).get_data(as_text=True)
    assert second.count('class="notification ') + second.count('class="notification"') == 1
    assert 'href="/notifications/?before=' not in second
