"""The reaction period is a promise to residents (issue 20, item 11): a draft open for
reactions goes to the municipality before its last day only with a stated reason, shown
on the timeline, and the reviewer sees how many residents reacted and that it was cut short."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.opgaven.conftest import TODAY, open_for_reactions
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.opgaven import services
from wijkplatform.opgaven.models import OpgaveEvent, OpgaveStatus


def test_submitting_the_same_minute_without_a_reason_is_refused(world):
    opgave = open_for_reactions(world, days=28)
    with pytest.raises(DomainError) as refused:
        services.submit(world.moderator, opgave, today=TODAY)
    assert refused.value.field == "reason"
    assert opgave.status == OpgaveStatus.OPEN_FOR_REACTIONS


def test_the_last_day_still_belongs_to_residents(world):
    opgave = open_for_reactions(world, days=14)
    with pytest.raises(DomainError):
        services.submit(world.moderator, opgave, today=TODAY + timedelta(days=14))
    services.submit(world.moderator, opgave, today=TODAY + timedelta(days=15))
    assert opgave.status == OpgaveStatus.SUBMITTED
    assert opgave.reactions_cut_short_on is None


def test_a_stated_reason_lets_it_go_early_and_is_kept(world):
    opgave = open_for_reactions(world, days=28)
    services.submit(
        world.moderator, opgave, reason="  De gemeente vergadert morgen.  ", today=TODAY
    )
    assert opgave.status == OpgaveStatus.SUBMITTED
    assert opgave.reactions_cut_short_on == TODAY
    assert opgave.cut_short_reason == "De gemeente vergadert morgen."
    event = (
        db.session.query(OpgaveEvent)
        .filter_by(opgave_id=opgave.id)
        .order_by(OpgaveEvent.id.desc())
        .first()
    )
    assert (event.action.value, event.detail) == ("submitted", "De gemeente vergadert morgen.")


def test_a_new_reaction_period_clears_the_cut_short_mark(world):
    opgave = open_for_reactions(world, days=28)
    services.submit(world.moderator, opgave, reason="Haast.", today=TODAY)
    services.return_opgave(world.reviewer, opgave, reasons="Laat bewoners eerst reageren.")
    services.open_reactions(world.moderator, opgave, until=TODAY + timedelta(days=10), today=TODAY)
    assert opgave.reactions_cut_short_on is None and opgave.cut_short_reason is None


def _worker_page(client, login, world, opgave):
    db.session.commit()
    login(world.moderator)
    return client.get(f"/opgaven/{opgave.id}").get_data(as_text=True)


def test_worker_is_asked_for_a_reason_and_keeps_it_on_an_error(world, client, login):
    opgave = open_for_reactions(world, days=(date.today() - TODAY).days + 20)
    page = _worker_page(client, login, world, opgave)
    assert 'id="submit-early"' in page and 'name="submit-reason"' in page
    response = client.post(f"/opgaven/{opgave.id}/submit", data={"submit-reason": "   "})
    assert response.status_code == 422
    assert 'id="submit-reason-error"' in response.get_data(as_text=True)
    db.session.refresh(opgave)
    assert opgave.status == OpgaveStatus.OPEN_FOR_REACTIONS
    response = client.post(
        f"/opgaven/{opgave.id}/submit", data={"submit-reason": "Vergadering van de raad."}
    )
    assert response.status_code == 302
    timeline = client.get(f"/opgaven/{opgave.id}").get_data(as_text=True)
    assert "Vergadering van de raad." in timeline


def test_reviewer_sees_how_many_reacted_and_that_it_was_cut_short(world, client, login):
    opgave = open_for_reactions(world, days=(date.today() - TODAY).days + 20)
    services.react(world.resident, opgave, {"whole": ("yes", "")}, today=date.today())
    services.submit(world.moderator, opgave, reason="Vergadering van de raad.")
    db.session.commit()
    login(world.reviewer)
    page = client.get(f"/opgaven/{opgave.id}").get_data(as_text=True)
    facts = page[page.index('id="decision-facts"') :]
    facts = facts[: facts.index("</div>")]
    assert "1 bewoner" in facts
    assert 'id="cut-short"' in facts and "Vergadering van de raad." in facts
