"""Issue 14, item 8: linking a contribution to a draft nobody outside the workers can see does
not tell the public (or its author) that it is "included in the Opgave". It is included when
the Opgave is published: opened for reactions or sent to the municipality."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.core.test_migrations import scratch_url  # noqa: F401 (an empty database)
from tests.opgaven.conftest import TODAY, draft, open_for_reactions
from wijkplatform.contributions.models import ContributionStatus
from wijkplatform.extensions import db
from wijkplatform.opgaven import services

INCLUDED = "opgenomen in de opgave"
SECTION = "Gebruikt in de opgave voor het wijkteam"


def _text(response) -> str:
    return response.get_data(as_text=True)


def _publish(world, opgave, how):
    if how == "open_reactions":
        services.open_reactions(
            world.moderator, opgave, until=TODAY + timedelta(days=14), today=TODAY
        )
    else:
        services.submit(world.moderator, opgave)


def test_linking_to_an_unpublished_draft_keeps_the_status(world):
    opgave = draft(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    assert world.issue.status == ContributionStatus.OPEN


@pytest.mark.parametrize("how", ["open_reactions", "submit"])
def test_publishing_the_draft_includes_its_evidence(world, how):
    opgave = draft(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    services.link_evidence(world.moderator, opgave, world.resource)
    _publish(world, opgave, how)
    assert world.issue.status == ContributionStatus.INCLUDED
    assert world.resource.status == ContributionStatus.INCLUDED


def test_linking_to_a_published_opgave_includes_at_once(world):
    opgave = open_for_reactions(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    assert world.issue.status == ContributionStatus.INCLUDED


def test_a_status_set_while_the_draft_was_unpublished_comes_back_on_unlink(world):
    opgave = draft(world)
    evidence = services.link_evidence(world.moderator, opgave, world.issue)
    world.issue.status = ContributionStatus.UNDER_CONSIDERATION  # an official answer meanwhile
    _publish(world, opgave, "open_reactions")
    assert world.issue.status == ContributionStatus.INCLUDED
    services.unlink_evidence(world.moderator, opgave, evidence)
    assert world.issue.status == ContributionStatus.UNDER_CONSIDERATION


def test_an_unpublished_draft_does_not_keep_a_contribution_included(world):
    public, hidden_draft = open_for_reactions(world), draft(world, title="Nog geheim")
    evidence = services.link_evidence(world.moderator, public, world.issue)
    services.link_evidence(world.moderator, hidden_draft, world.issue)
    services.unlink_evidence(world.moderator, public, evidence)
    assert world.issue.status == ContributionStatus.OPEN


@pytest.mark.parametrize("who", ["visitor", "author", "resident"])
def test_nobody_outside_the_workers_reads_included_before_publication(world, client, login, who):
    opgave = draft(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    db.session.commit()
    if who != "visitor":
        login(world.author if who == "author" else world.resident)

    page = _text(client.get(f"/contributions/{world.issue.id}"))
    assert INCLUDED not in page
    assert SECTION not in page
    assert opgave.title not in page
    if who == "resident":  # still open, so it can still be supported
        assert f"/contributions/{world.issue.id}/support" in page

    _publish(world, opgave, "open_reactions")
    db.session.commit()
    page = _text(client.get(f"/contributions/{world.issue.id}"))
    assert INCLUDED in page
    assert SECTION in page


def test_the_worker_sees_the_draft_on_the_contribution_page_before_publication(
    world, client, login
):
    opgave = draft(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    db.session.commit()
    login(world.moderator)
    page = _text(client.get(f"/contributions/{world.issue.id}"))
    assert SECTION in page and opgave.title in page
    assert INCLUDED not in page  # the status changes on publication, for everyone


def test_the_migration_gives_back_statuses_set_by_drafts_only(make_app, scratch_url):  # noqa: F811
    """An existing database where linking to a draft already set "included"."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    app = make_app(SQLALCHEMY_DATABASE_URI=scratch_url)
    with app.app_context():
        upgrade(revision="dea7860466df")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO municipality (id, name, cbs_code, created_at, updated_at)"
                    " VALUES (1, 'Gemeente', 'GM1234', '2026-01-01', '2026-01-01')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO neighbourhood (id, municipality_id, name, slug, description,"
                    " created_at, updated_at) VALUES (1, 1, 'Wijk', 'wijk', '', '2026-01-01',"
                    " '2026-01-01')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO user_account (id, email, display_name, password_hash, locale,"
                    " active, session_token, created_at, updated_at) VALUES (1, 'a@example.nl',"
                    " 'A', 'x', 'nl', :yes, 't', '2026-01-01', '2026-01-01')"
                ),
                {"yes": True},
            )
            for number, status in ((1, "included"), (2, "included"), (3, "included")):
                connection.execute(
                    text(
                        "INSERT INTO contribution (id, kind, neighbourhood_id, author_id, title,"
                        " body, status, support_count, comment_count, hidden, created_at,"
                        " updated_at) VALUES (:id, 'issue', 1, 1, 'Titel', 'Tekst', :status,"
                        " 0, 0, :no, '2026-01-01', '2026-01-01')"
                    ),
                    {"id": number, "status": status, "no": False},
                )
            # Opgave 1 is a draft nobody else saw; opgave 2 is open for reactions.
            for number, published in ((1, None), (2, "2026-02-01")):
                connection.execute(
                    text(
                        "INSERT INTO opgave (id, neighbourhood_id, title, status,"
                        " current_version, published_at, created_at, updated_at) VALUES"
                        " (:id, 1, 'Opgave', :status, 1, :published, '2026-01-01',"
                        " '2026-01-01')"
                    ),
                    {
                        "id": number,
                        "status": "draft" if published is None else "open_for_reactions",
                        "published": published,
                    },
                )
            links = [
                (1, 1, 1, "under_consideration"),  # only on the draft: back to its status
                (2, 1, 2, "open"),  # on the draft and on the public one: stays included
                (3, 2, 2, "open"),
                (4, 1, 3, "included"),  # was included before (an official answer): stays
            ]
            for evidence_id, opgave_id, contribution_id, previous in links:
                connection.execute(
                    text(
                        "INSERT INTO opgave_evidence (id, opgave_id, contribution_id, section,"
                        " previous_status, created_at) VALUES (:id, :opgave, :contribution,"
                        " 'problems', :previous, '2026-01-01')"
                    ),
                    {
                        "id": evidence_id,
                        "opgave": opgave_id,
                        "contribution": contribution_id,
                        "previous": previous,
                    },
                )

        def statuses():
            with db.engine.connect() as connection:
                return dict(connection.execute(text("SELECT id, status FROM contribution")).all())

        upgrade()
        assert statuses() == {1: "under_consideration", 2: "included", 3: "included"}
        downgrade(revision="dea7860466df")
        assert statuses() == {1: "included", 2: "included", 3: "included"}
        db.engine.dispose()
