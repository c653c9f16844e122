"""The queue never says "nothing is hidden" while a hidden item is listed under Reported;
the moderation log carries a label per value for the phone layout (issue 20, item 13)."""

from __future__ import annotations

from tests.factories import resident
from wijkplatform.extensions import db
from wijkplatform.moderation import services


def test_hidden_item_with_open_reports_is_not_called_nothing_hidden(world, client, login):
    services.flag(resident(world.neighbourhood), world.duplicate, reason="spam", text=None)
    world.duplicate.hidden = True
    db.session.commit()
    login(world.moderator)
    html = client.get(f"/moderation/{world.neighbourhood.slug}/").get_data(as_text=True)
    assert "Er is niets verborgen" not in html
    assert 'id="hidden-under-reported"' in html


def test_queue_without_hidden_items_says_so(world, client, login):
    login(world.moderator)
    html = client.get(f"/moderation/{world.neighbourhood.slug}/").get_data(as_text=True)
    assert 'id="hidden-under-reported"' not in html


def test_moderation_log_cells_name_their_column(world, client, login):
    services.answer(world.moderator, world.contribution, status="answered", body="Gedaan.")
    db.session.commit()
    login(world.moderator)
    html = client.get(f"/moderation/{world.neighbourhood.slug}/log").get_data(as_text=True)
    assert 'data-label="Wanneer"' in html or 'data-label="When"' in html
    assert "moderation-log--stacks" in html
